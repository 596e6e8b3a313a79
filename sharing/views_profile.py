"""A learner's public profile: only what they chose to show."""

from __future__ import annotations

from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from badges.card_rows import BadgeCard, CardsInOrder
from badges.models import Badge, Collection
from pages import public
from passport.accounts.models import User
from passport.web import pagecache
from passport.web.french import elide
from passport.web.lookups import NUMBER_MARKER, OneValueLookup, RowsLookup
from passport.web.public import is_owner, render_public
from sharing import cards, share, tasks
from sharing.models import ContactLink, ViewCounter
from sharing.views_badge import preview_response

BADGES_PER_PAGE = 48


def _public_profiles():
    return User.objects.filter(is_active=True, profile_is_public=True)


def _get_public_profile(public_slug: str) -> User:
    return get_object_or_404(_public_profiles(), public_slug=public_slug)


_shown = OneValueLookup(lambda slug: _public_profiles().filter(public_slug=slug).values_list("pk"))


# What a profile shows of ``user``, one of _public_profiles(): their account is active,
# so these ask only what is public (no join to the owner, which the planner took longer
# to plan than to run). The short lists and the count are run as lookups: a first view
# after an edit builds no query with the ORM, the page of cards included.


_public_count = OneValueLookup(
    lambda owner_id: (
        Badge.objects.filter(owner_id=owner_id)
        .public()
        .values("owner_id")
        .annotate(count=Count("pk"))
        .values_list("count")
    ),
    marker=NUMBER_MARKER,
)


def _public_badge_count(user: User) -> int:
    found = _public_count(user.pk)
    return found[0] if found else 0


class ShownCollection(NamedTuple):
    name: str
    public_id: str
    public_count: int  # of its public badges only: the number must not reveal the others


_collections = RowsLookup(
    lambda owner_id: (
        Collection.objects.filter(owner_id=owner_id)
        .public()
        .annotate(
            public_count=Count("items", filter=Q(items__badge__visibility=Badge.Visibility.PUBLIC))
        )
        .values_list("name", "public_id", "public_count")
    ),
    marker=NUMBER_MARKER,
)


def _public_collections_of(user: User) -> list[ShownCollection]:
    return [ShownCollection(*row) for row in _collections(user.pk)]


class Link(NamedTuple):
    label: str
    url: str


_links = RowsLookup(
    lambda user_id: ContactLink.objects.filter(user_id=user_id).values_list("label", "url"),
    marker=NUMBER_MARKER,
)


def _addresses(user: User, badges: list[BadgeCard]) -> list[str]:
    return [user.email, *(badge.recipient_email for badge in badges)]


@require_GET
def profile(request: HttpRequest, public_slug: str) -> HttpResponse:
    # Queries: the learner, the count of their public badges, one page of them, their public
    # collections with counts, their public pages, their contact links, and the view counter.
    found = _shown(public_slug)  # compiled once: a kept page asks only this
    if found is None:
        raise Http404
    (user_id,) = found
    return pagecache.cached_page(
        request,
        owner_id=user_id,
        name="profile",
        build=lambda: _profile_page(request, get_object_or_404(_public_profiles(), pk=user_id)),
        count_view=ViewCounter(profile=user_id),
    )


def _profile_page(request: HttpRequest, user: User) -> HttpResponse:
    # One page of cards at a time: a learner with hundreds of badges costs no more.
    count = _public_badge_count(user)
    page = Paginator(CardsInOrder(user.pk, count, public=True), BADGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    badges = page.object_list  # the newest first, read by a compiled query
    url = share.profile_url(request, user)
    card = cards.profile_card(user, page.paginator.count)
    tasks.prepare(card)
    is_self = is_owner(request, user.pk)
    description = Truncator(" ".join(user.bio.split())).chars(200) or elide(
        _("Open Badges of %(name)s, each one verifiable.") % {"name": user.public_name}
    )
    context = {
        "learner": user,
        "is_self": is_self,
        "badges": badges,
        "page": page,
        "collections": _public_collections_of(user),
        "pages": public.pages_shown_on_profile(user),
        "contact_links": [Link(*row) for row in _links(user.pk)],
        "public_url": url,
        "share_links": share.for_profile(user, url, owner=False),
        "og": {
            "type": "profile",
            "title": _("%(name)s · Open Badges") % {"name": user.public_name},
            "description": description,
            "url": url,
            "image": share.absolute(
                request, cards.preview_path(card, "sharing:profile_preview", user.public_slug)
            ),
            "image_alt": elide(_("Open Badges portfolio of %(name)s") % {"name": user.public_name}),
        },
    }
    return render_public(
        request,
        "sharing/profile.html",
        context,
        owner_id=user.pk,
        addresses=_addresses(user, badges),
    )


@require_GET
def profile_preview(request: HttpRequest, public_slug: str) -> HttpResponse:
    user = _get_public_profile(public_slug)
    return preview_response(request, cards.profile_card(user, _public_badge_count(user)))
