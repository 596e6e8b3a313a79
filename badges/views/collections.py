"""The learner's collections: list, create, edit, fill, order, publish, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from badges.forms.organising import (
    CollectionForm,
    DirectionForm,
    PickBadgesForm,
    VisibilityForm,
)
from badges.models import Badge, Collection, CollectionItem
from badges.services import bulk as bulk_service
from badges.services import collections as collections_service
from badges.views._lookup import (
    form_errors,
    get_badge_for_user,
    get_collection_for_user,
    next_url,
    paginate,
)
from passport.accounts import audit

COLLECTION_PREVIEW = 4


@login_required
def collections(request: HttpRequest) -> HttpResponse:
    preview = CollectionItem.objects.select_related("badge")[:COLLECTION_PREVIEW]
    collection_list = (
        Collection.objects.owned_by(request.user)
        .with_badge_counts()
        .prefetch_related(Prefetch("items", queryset=preview, to_attr="preview_items"))
    )
    return render(request, "badges/collections/list.html", {"collections": collection_list})


@login_required
def collection_create(request: HttpRequest) -> HttpResponse:
    # Coming from a badge's page, the new collection starts with that badge.
    first = Badge.objects.owned_by(request.user).filter(pk=_int(request.GET.get("badge"))).first()
    form = CollectionForm(request.POST or None)
    if form.is_valid():
        form.instance.owner = request.user
        collection = form.save()
        if first is not None:
            collections_service.add_to_collection(collection, [first])
        messages.success(request, _("Collection “%(name)s” created.") % {"name": collection.name})
        return redirect("badges:collection", pk=collection.pk)
    return render(request, "badges/collections/form.html", {"form": form, "first": first})


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@login_required
def collection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collection = get_collection_for_user(request, pk)
    items = collection.items.select_related("badge")
    return render(
        request, "badges/collections/detail.html", {"collection": collection, "items": items}
    )


@login_required
def collection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collection = get_collection_for_user(request, pk)
    form = CollectionForm(request.POST or None, instance=collection)
    if form.is_valid():
        form.save()
        messages.success(request, _("Collection saved."))
        return redirect("badges:collection", pk=collection.pk)
    context = {"form": form, "collection": collection}
    return render(request, "badges/collections/form.html", context)


@login_required
def collection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    collection = get_collection_for_user(request, pk)
    if request.method == "POST":
        collection.delete()
        text = _("Collection “%(name)s” deleted. Its badges stay in your backpack.")
        messages.success(request, text % {"name": collection.name})
        return redirect("badges:collections")
    context = {"collection": collection, "badge_count": collection.items.count()}
    return render(request, "badges/collections/delete.html", context)


@login_required
def collection_add_badges(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick badges to add: the learner's badges not yet in the collection, searchable."""
    collection = get_collection_for_user(request, pk)
    if request.method == "POST":
        form = PickBadgesForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return redirect(request.get_full_path())
        badges = bulk_service.owned_badges(request.user, form.cleaned_data["badge"])
        added = collections_service.add_to_collection(
            collection, badges.order_by("-issued_on", "-pk")
        )
        text = ngettext("%(count)d badge added.", "%(count)d badges added.", added)
        messages.success(request, text % {"count": added})
        return redirect("badges:collection", pk=collection.pk)
    query = request.GET.get("q", "").strip()[:200]
    candidates = Badge.objects.owned_by(request.user).for_cards().exclude(collections=collection)
    context = {
        "collection": collection,
        "q": query,
        "page": paginate(request, candidates.search(query)),
    }
    return render(request, "badges/collections/add_badges.html", context)


@login_required
@require_POST
def collection_move(request: HttpRequest, pk: int, badge_pk: int) -> HttpResponse:
    collection = get_collection_for_user(request, pk)
    badge = get_badge_for_user(request, badge_pk)
    form = DirectionForm(request.POST)
    if form.is_valid():
        collections_service.move_in_collection(collection, badge, form.cleaned_data["direction"])
    return redirect(reverse("badges:collection", args=[collection.pk]) + f"#item-{badge.pk}")


@login_required
@require_POST
def collection_remove(request: HttpRequest, pk: int, badge_pk: int) -> HttpResponse:
    collection = get_collection_for_user(request, pk)
    badge = get_badge_for_user(request, badge_pk)
    if collections_service.remove_from_collection(collection, badge):
        text = _("“%(badge)s” removed from “%(collection)s”. It stays in your backpack.")
        messages.success(request, text % {"badge": badge.name, "collection": collection.name})
    default = reverse("badges:collection", args=[collection.pk])
    return redirect(next_url(request, default))


@login_required
@require_POST
def collection_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    collection = get_collection_for_user(request, pk)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        collections_service.set_collection_visibility(collection, form.cleaned_data["visibility"])
        audit.visibility_changed(request, collection.name, collection.get_visibility_display())
        if collection.is_public:
            messages.success(request, _("This collection is now public."))
        else:
            messages.success(request, _("This collection is now private: only you can see it."))
    return redirect("badges:collection", pk=collection.pk)
