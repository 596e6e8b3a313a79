"""The preview card of each kind of public page, and where its picture is served."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from badges.models import Badge, Collection
from passport.web.french import elide
from sharing.previews import Card, image_name

CARD_WIDTH, CARD_HEIGHT = 1200, 630


def badge_image_name(badge: Badge) -> str:
    return image_name(badge.image)


def badge_card(badge: Badge) -> Card:
    picture = badge_image_name(badge)
    return Card(
        folder=f"b/{badge.public_id}",
        kicker=_("Open Badge"),
        title=badge.name,
        lines=(
            _("Issued by %(issuer)s") % {"issuer": badge.issuer.name},
            _("Earned by %(name)s") % {"name": badge.owner.public_name},
        ),
        images=(picture,) if picture else (),
        **_mark(badge),
    )


def _mark(badge: Badge) -> dict[str, str]:
    """The status pill: the green "Verified" only when the issuer is confirmed."""
    if badge.status == Badge.Status.VERIFIED and not badge.issuer_confirmed:
        if badge.verification.get("method") == "hosted":
            label = _("Valid · issuer not confirmed")
        else:
            label = _("Signature valid · issuer not confirmed")
        return {"mark": "unconfirmed", "mark_label": label}
    return {"mark": badge.status, "mark_label": str(Badge.Status(badge.status).label)}


def profile_card(user, public_badge_count: int) -> Card:
    return Card(
        folder=f"u/{user.public_slug}",
        kicker=_("Open Badges portfolio"),
        title=str(user.public_name),
        lines=(
            ngettext("%(count)d public badge", "%(count)d public badges", public_badge_count)
            % {"count": public_badge_count},
        ),
        images=(user.avatar.name,) if user.avatar else (),
        round_image=True,
    )


def collection_card(collection: Collection, badges: list[Badge]) -> Card:
    pictures = tuple(name for name in map(badge_image_name, badges) if name)[:4]
    return Card(
        folder=f"c/{collection.public_id}",
        kicker=_("Badge collection"),
        title=collection.name,
        lines=(
            elide(_("Open Badges of %(name)s") % {"name": collection.owner.public_name}),
            ngettext("%(count)d badge", "%(count)d badges", len(badges)) % {"count": len(badges)},
        ),
        images=pictures,
    )


def preview_path(card: Card, url_name: str, key: str) -> str:
    """The picture's address; the version makes social sites fetch it again after a change."""
    return f"{reverse(url_name, args=[key])}?v={card.digest[:12]}"
