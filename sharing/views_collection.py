"""A public collection: the learner's public badges in it, in their order."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from badges.models import Badge, Collection
from passport.accounts.models import User
from passport.web import pagecache
from passport.web.french import elide
from passport.web.lookups import OneValueLookup
from passport.web.public import is_owner, render_public
from sharing import cards, share, tasks
from sharing.models import ViewCounter
from sharing.views_badge import preview_response


def _addresses(user: User, badges: list[Badge]) -> list[str]:
    return [user.email, *(badge.recipient_email for badge in badges)]


def _get_public_collection(public_id: str) -> Collection:
    queryset = Collection.objects.shown_publicly().select_related("owner")
    return get_object_or_404(queryset, public_id=public_id)


_shown = OneValueLookup(
    lambda public_id: (
        Collection.objects.shown_publicly()
        .filter(public_id=public_id)
        .values_list("pk", "owner_id")
    )
)


def _shown_badges(collection: Collection) -> list[Badge]:
    """The collection's public badges in the learner's order; private ones are left out."""
    return list(
        Badge.objects.shown_publicly()
        .filter(collection_items__collection=collection)
        .for_cards()
        .order_by("collection_items__position", "collection_items__pk")
    )


@require_GET
def collection(request: HttpRequest, public_id: str) -> HttpResponse:
    # Queries: the collection with its owner, its public badges, the view counter.
    found = _shown(public_id)  # compiled once: a kept page asks only this
    if found is None:
        raise Http404
    pk, owner_id = found

    def build() -> HttpResponse:
        queryset = Collection.objects.shown_publicly().select_related("owner")
        return _collection_page(request, get_object_or_404(queryset, pk=pk))

    return pagecache.cached_page(
        request,
        owner_id=owner_id,
        name="collection",
        build=build,
        count_view=ViewCounter(collection=pk),
    )


def _collection_page(request: HttpRequest, shown: Collection) -> HttpResponse:
    badges = _shown_badges(shown)
    owner = shown.owner
    url = share.collection_url(request, shown)
    card = cards.collection_card(shown, badges)
    tasks.prepare(card)
    is_self = is_owner(request, owner.pk)
    description = Truncator(" ".join(shown.description.split())).chars(200) or elide(
        _("A collection of Open Badges of %(name)s, each one verifiable.")
        % {"name": owner.public_name}
    )
    context = {
        "collection": shown,
        "learner": owner,
        "by_line": elide(_("Open Badges of %(name)s") % {"name": owner.public_name}),
        "is_self": is_self,
        "badges": badges,
        "public_url": url,
        "share_links": share.for_collection(shown, url, owner=False),
        "og": {
            "type": "website",
            "title": shown.name,
            "description": description,
            "url": url,
            "image": share.absolute(
                request, cards.preview_path(card, "sharing:collection_preview", shown.public_id)
            ),
            "image_alt": elide(
                _("%(collection)s: Open Badges of %(name)s")
                % {"collection": shown.name, "name": owner.public_name}
            ),
        },
    }
    return render_public(
        request,
        "sharing/collection.html",
        context,
        owner_id=owner.pk,
        addresses=_addresses(owner, badges),
    )


@require_GET
def collection_preview(request: HttpRequest, public_id: str) -> HttpResponse:
    shown = _get_public_collection(public_id)
    return preview_response(request, cards.collection_card(shown, _shown_badges(shown)))
