"""The share links of a public badge, collection or profile, in the visitor's language.

The owner's own links speak in the first person ("I earned…"); the ones offered to
visitors of a public page name the learner instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from badges.models import Badge, Collection
from passport.web.french import elide
from sharing import links

EMBED_WIDTH = 420
EMBED_HEIGHT = 180


@dataclass(frozen=True)
class ShareLink:
    key: str  # also the CSS modifier: linkedin-add, linkedin, x, facebook, email
    label: str
    href: str

    @property
    def off_site(self) -> bool:
        return not self.href.startswith("mailto:")


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def badge_url(request: HttpRequest, badge: Badge) -> str:
    return absolute(request, reverse("sharing:badge", args=[badge.public_id]))


def profile_url(request: HttpRequest, user) -> str:
    return absolute(request, reverse("sharing:profile", args=[user.public_slug]))


def collection_url(request: HttpRequest, collection: Collection) -> str:
    return absolute(request, reverse("sharing:collection", args=[collection.public_id]))


def social_links(url: str, *, text: str, subject: str, body: str) -> list[ShareLink]:
    """Posting ``url`` on LinkedIn, X and Facebook, or sending it by e-mail."""
    return [
        ShareLink("linkedin", _("Post on LinkedIn"), links.linkedin_post(url)),
        ShareLink("x", _("Post on X"), links.twitter(text=text, url=url)),
        ShareLink("facebook", _("Share on Facebook"), links.facebook(url)),
        ShareLink("email", _("Send by e-mail"), links.email(subject=subject, body=body)),
    ]


def for_badge(badge: Badge, url: str, *, owner: bool) -> list[ShareLink]:
    """Share links of a public badge; the owner also gets LinkedIn's "Add to profile"."""
    names = {"badge": badge.name, "issuer": badge.issuer.name, "url": url}
    if owner:
        text = _("I earned “%(badge)s” from %(issuer)s.") % names
        subject = _("My badge “%(badge)s”") % names
        body = _("I earned “%(badge)s” from %(issuer)s. See it and check it here: %(url)s") % names
    else:
        names["name"] = badge.owner.public_name
        text = _("“%(badge)s” from %(issuer)s, earned by %(name)s.") % names
        subject = _("“%(badge)s”, earned by %(name)s") % names
        body = (
            _("%(name)s earned “%(badge)s” from %(issuer)s. See it and check it here: %(url)s")
            % names
        )
    shared = social_links(url, text=text, subject=subject, body=body)
    if not owner:
        return shared
    add = ShareLink("linkedin-add", _("Add to LinkedIn profile"), linkedin_add_url(badge, url))
    return [add, *shared]


def linkedin_add_url(badge: Badge, url: str) -> str:
    # In UTC, as the issuer wrote the dates: the same month as the badge's page shows.
    expires, issued = badge.expires, badge.issued_on
    return links.linkedin_add_to_profile(
        name=badge.name,
        organization=badge.issuer.name,
        issued_on=issued.astimezone(UTC).date() if issued else None,
        expires=expires.astimezone(UTC).date() if expires else None,
        cert_url=url,
        cert_id=badge.public_id,
    )


def for_profile(user, url: str, *, owner: bool) -> list[ShareLink]:
    names = {"name": user.public_name, "url": url}
    if owner:
        text = _("My Open Badges, verified, on Passport.")
        subject = _("My Open Badges")
        body = _("Here are the Open Badges I earned, each one verifiable: %(url)s") % names
    else:
        text = elide(_("The Open Badges of %(name)s, on Passport.") % names)
        subject = elide(_("The Open Badges of %(name)s") % names)
        body = _("Here are the Open Badges %(name)s earned, each one verifiable: %(url)s") % names
    return social_links(url, text=text, subject=subject, body=body)


def for_collection(collection: Collection, url: str, *, owner: bool) -> list[ShareLink]:
    names = {"collection": collection.name, "name": collection.owner.public_name, "url": url}
    if owner:
        text = _("“%(collection)s”: a collection of my Open Badges.") % names
        subject = _("My badges: “%(collection)s”") % names
        body = _("Here is “%(collection)s”, a collection of my Open Badges: %(url)s") % names
    else:
        text = elide(_("“%(collection)s”: Open Badges of %(name)s.") % names)
        subject = elide(_("“%(collection)s”, Open Badges of %(name)s") % names)
        body = elide(
            _("Here is “%(collection)s”, a collection of Open Badges of %(name)s: %(url)s") % names
        )
    return social_links(url, text=text, subject=subject, body=body)


def embed_snippet(request: HttpRequest, badge: Badge) -> str:
    """The HTML to paste into another site: plain text, escaped wherever it is shown."""
    src = absolute(request, reverse("sharing:embed_badge", args=[badge.public_id]))
    title = _("Open Badge: %(badge)s") % {"badge": badge.name}
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="{EMBED_WIDTH}" '
        f'height="{EMBED_HEIGHT}" style="border:0;max-width:100%" loading="lazy"></iframe>'
    )
