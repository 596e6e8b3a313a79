"""The gallery: the learner's badges with search, filters, sort and pages."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import ngettext

from badges.card_rows import CardsInOrder, cards_of
from badges.forms.organising import BulkForm, GalleryFilterForm
from badges.models import Badge, LearnerRecord
from badges.services import gallery as gallery_service
from badges.views._lookup import paginate
from passport.web import fragmentcache, pagecache
from passport.web.fragmentcache import parts_drawn_from

FILTERS = GalleryFilterForm.FILTERS


@login_required
def gallery(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Its kept parts and what a first view after an edit reads, in one round trip.
    ahead = [
        pagecache.version_key(user.pk),
        fragmentcache.parts_key(request, user.pk, "gallery"),
        *gallery_service.kept_keys(user.pk),
    ]
    with fragmentcache.reading_ahead(request, ahead):
        parts = fragmentcache.cached_parts(request, user.pk, "gallery", lambda: _drawn(request))
        return render(request, "badges/gallery.html", parts)


def _drawn(request: HttpRequest) -> dict[str, str]:
    """The head and the body of the gallery: all but news of deliveries and messages."""
    user = request.user
    lists = gallery_service.short_lists(user)
    tags, collections = lists.tags, lists.collections
    issuers = gallery_service.issuers_of(user)
    # Built when needed: the gallery a learner lands on (no query) is drawn without it,
    # and its fields' copies were a tenth of the drawing.
    form = functools.cache(
        lambda: GalleryFilterForm(request.GET, tags=tags, collections=collections, issuers=issuers)
    )
    query = _query(request, form)
    records: list[LearnerRecord] = []
    count = None
    filtering = any(query[name] for name in FILTERS)
    if not filtering:
        # Unfiltered, a learner record is one card and its badges sit inside it; a
        # search or filter finds them on their own.
        records = gallery_service.records_of(user) if lists.has_records else []
        if not records:  # every badge, and the issuers counted them already
            count = sum(issuer.badge_count for issuer in issuers)
    if count is not None:
        # The page a learner lands on, and comes back to after each edit: every badge,
        # read by a compiled query.
        page = paginate(request, CardsInOrder(user.pk, count, sort=query["sort"]))
    else:
        badges = Badge.objects.owned_by(user)
        if records:
            badges = badges.filter(record__isnull=True)
        badges = gallery_service.filter_badges(badges, **query)
        page = paginate(request, badges)
        page.object_list = cards_of(page.object_list)
    has_badges = bool(issuers or records)  # every badge has an issuer
    frame = _frame(request, form, has_badges, tags, collections, issuers)
    context = {
        "notices": gallery_service.news_of(user) if lists.has_news else [],
        "records": records,
        "filters": frame["filters"],
        "bulk_bar": frame["bulk_bar"],
        "page": page,
        "has_badges": has_badges,
        "active_filters": _active_filters(request, form, query, tags, collections, issuers)
        if filtering
        else [],
    }
    return {
        "head": frame["head"],
        "body": render_to_string("badges/_gallery_body.html", context, request),
    }


def _query(request: HttpRequest, form: Callable[[], GalleryFilterForm]) -> dict[str, str]:
    """The filters' and the sort's values, empty when missing or invalid; without any in
    the address, read without the form."""
    names = (*FILTERS, "sort")
    if not any(request.GET.get(name) for name in names):
        return dict.fromkeys(names, "")
    return {name: form().value(name) for name in names}


def _frame(
    request: HttpRequest,
    form: Callable[[], GalleryFilterForm],
    has_badges: bool,
    tags,
    collections,
    issuers,
) -> dict[str, str]:
    """The page's head, the search and filter form and the bulk bar (these two only with
    badges), drawn once for each state of the learner's tags, collections and issuers
    (their options) and of the address (the form's values, the bulk bar's way back), in
    one cache round trip: their widgets took a third of the gallery's drawing, and most
    edits change none of these."""
    inputs = (
        has_badges,
        tuple(tags),
        tuple(collections),
        tuple((issuer.pk, issuer.name) for issuer in issuers),
        request.get_full_path(),
    )

    def draw() -> dict[str, str]:
        head = render_to_string("badges/_gallery_head.html", {"has_badges": has_badges}, request)
        if not has_badges:
            return {"head": head, "filters": "", "bulk_bar": ""}
        context = {
            "form": form(),
            "tags": tags,
            "collections": collections,
            "bulk_actions": BulkForm.base_fields["action"].choices,
            # The bulk bar's count, drawn by its script: "%s" stands for the number.
            "count_one": ngettext("%(count)s badge selected", "%(count)s badges selected", 1)
            % {"count": "%s"},
            "count_many": ngettext("%(count)s badge selected", "%(count)s badges selected", 2)
            % {"count": "%s"},
        }
        return {
            "head": head,
            "filters": render_to_string("badges/_gallery_filters.html", context, request),
            "bulk_bar": render_to_string("badges/_gallery_bulk.html", context, request),
        }

    return parts_drawn_from("gallery-frame", request.user.pk, inputs, draw, request)


def _active_filters(
    request: HttpRequest,
    form: Callable[[], GalleryFilterForm],
    query: dict,
    tags,
    collections,
    issuers,
) -> list[dict]:
    """Each applied filter, named, with the gallery's address without it."""
    fields = form().fields
    names = {
        "tag": {str(t.pk): t.name for t in tags},
        "collection": {str(c.pk): c.name for c in collections},
        "issuer": {str(i.pk): i.name for i in issuers},
        "status": dict(fields["status"].choices),
        "visibility": dict(Badge.Visibility.choices),
    }
    active = []
    for name in FILTERS:
        value = query[name]
        if value:
            shown = value if name == "q" else names[name].get(value, value)
            params = request.GET.copy()
            params.pop(name, None)
            params.pop("page", None)
            active.append(
                {
                    "label": fields[name].label,
                    "value": shown,
                    "remove_url": "?" + params.urlencode() if params else request.path,
                }
            )
    return active
