"""The gallery: the learner's badges with search, filters, sort and pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import ngettext

from badges.card_rows import CardsInOrder, cards_of
from badges.forms.organising import (
    BulkForm,
    GalleryFilterForm,
)
from badges.models import Badge, LearnerRecord
from badges.services import gallery as gallery_service
from badges.views._lookup import (
    paginate,
)
from passport.web.fragmentcache import cached_parts, drawn_from


@login_required
def gallery(request: HttpRequest) -> HttpResponse:
    user = request.user
    parts = cached_parts(request, user.pk, "gallery", lambda: _drawn(request))
    return render(request, "badges/gallery.html", parts)


def _drawn(request: HttpRequest) -> dict[str, str]:
    """The head and the body of the gallery: all but news of deliveries and messages."""
    user = request.user
    tags = gallery_service.tags_of(user)
    collections = gallery_service.collections_of(user)
    issuers = gallery_service.issuers_of(user)
    form = GalleryFilterForm(request.GET, tags=tags, collections=collections, issuers=issuers)
    records: list[LearnerRecord] = []
    count = None
    if not any(form.value(name) for name in form.FILTERS):
        # Unfiltered, a learner record is one card and its badges sit inside it; a
        # search or filter finds them on their own.
        records = gallery_service.records_of(user)
        if not records:  # every badge, and the issuers counted them already
            count = sum(issuer.badge_count for issuer in issuers)
    if count is not None:
        # The page a learner lands on, and comes back to after each edit: every badge,
        # read by a compiled query.
        page = paginate(request, CardsInOrder(user.pk, count, sort=form.value("sort")))
    else:
        badges = Badge.objects.owned_by(user)
        if records:
            badges = badges.filter(record__isnull=True)
        badges = gallery_service.filter_badges(
            badges, **{name: form.value(name) for name in (*form.FILTERS, "sort")}
        )
        page = paginate(request, badges)
        page.object_list = cards_of(page.object_list)
    has_badges = bool(issuers or records)  # every badge has an issuer
    context = {
        "notices": gallery_service.news_of(user),
        "records": records,
        "filters": _filters(request, form, tags, collections, issuers) if has_badges else "",
        "page": page,
        "tags": tags,
        "collections": collections,
        "has_badges": has_badges,
        "active_filters": _active_filters(request, form, tags, collections, issuers),
        "bulk_actions": BulkForm.base_fields["action"].choices,
        # The bulk bar's count, drawn by its script: "%s" stands for the number.
        "count_one": ngettext("%(count)s badge selected", "%(count)s badges selected", 1)
        % {"count": "%s"},
        "count_many": ngettext("%(count)s badge selected", "%(count)s badges selected", 2)
        % {"count": "%s"},
    }
    return {
        "head": render_to_string("badges/_gallery_head.html", context, request),
        "body": render_to_string("badges/_gallery_body.html", context, request),
    }


def _filters(request: HttpRequest, form: GalleryFilterForm, tags, collections, issuers) -> str:
    """The search and filter form, drawn once for each state of the learner's tags,
    collections and issuers (its options) and of the query (its values): its widgets
    took a fifth of the gallery's drawing, and most edits change none of these."""
    inputs = (
        tuple(tags),
        tuple(collections),
        tuple((issuer.pk, issuer.name) for issuer in issuers),
        tuple((name, tuple(request.GET.getlist(name))) for name in form.fields),
    )
    context = {"form": form, "tags": tags, "collections": collections}
    return drawn_from(
        "gallery-filters",
        request.user.pk,
        inputs,
        lambda: render_to_string("badges/_gallery_filters.html", context, request),
    )


def _active_filters(
    request: HttpRequest, form: GalleryFilterForm, tags, collections, issuers
) -> list[dict]:
    """Each applied filter, named, with the gallery's address without it."""
    names = {
        "tag": {str(t.pk): t.name for t in tags},
        "collection": {str(c.pk): c.name for c in collections},
        "issuer": {str(i.pk): i.name for i in issuers},
        "status": dict(form.fields["status"].choices),
        "visibility": dict(Badge.Visibility.choices),
    }
    active = []
    for name in form.FILTERS:
        value = form.value(name)
        if value:
            shown = value if name == "q" else names[name].get(value, value)
            params = request.GET.copy()
            params.pop(name, None)
            params.pop("page", None)
            active.append(
                {
                    "label": form.fields[name].label,
                    "value": shown,
                    "remove_url": "?" + params.urlencode() if params else request.path,
                }
            )
    return active
