"""Organising the backpack: gallery, tags, collections, bulk actions and skills.

Every view is for the signed-in learner and reaches their own rows only, through the
``_get_<thing>_for_user`` helpers: someone else's id answers 404. Changes are POSTed,
then redirected (Post/Redirect/Get) with a message saying what happened.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from badges import organise
from badges.forms_backpack import (
    BULK_DONE_MESSAGES,
    AddToCollectionForm,
    BulkForm,
    CollectionForm,
    DirectionForm,
    GalleryFilterForm,
    PickBadgesForm,
    TagAddForm,
    TagRenameForm,
    VisibilityForm,
)
from badges.models import Badge, Collection, CollectionItem, Tag

PER_PAGE = 48
COLLECTION_PREVIEW = 4


def _get_badge_for_user(request: HttpRequest, pk: int) -> Badge:
    return get_object_or_404(Badge.objects.for_cards(), pk=pk, owner=request.user)


def _get_tag_for_user(request: HttpRequest, pk: int) -> Tag:
    return get_object_or_404(Tag, pk=pk, owner=request.user)


def _get_collection_for_user(request: HttpRequest, pk: int) -> Collection:
    return get_object_or_404(Collection, pk=pk, owner=request.user)


def _page(request: HttpRequest, queryset) -> Page:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _detail(badge: Badge, anchor: str = "") -> str:
    return reverse("badges:detail", args=[badge.pk]) + (f"#{anchor}" if anchor else "")


def _next_url(request: HttpRequest, default: str) -> str:
    """The ``next`` the form carried, if it is a page of ours; ``default`` otherwise."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else default


def _form_errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# --- Gallery -------------------------------------------------------------------------------


@login_required
def gallery(request: HttpRequest) -> HttpResponse:
    user = request.user
    tags = list(Tag.objects.owned_by(user).with_badge_counts())
    collections = list(Collection.objects.owned_by(user))
    issuers = list(organise.issuers_of(user))
    form = GalleryFilterForm(request.GET, tags=tags, collections=collections, issuers=issuers)
    badges = organise.filter_badges(
        Badge.objects.owned_by(user).for_gallery(),
        **{name: form.value(name) for name in (*form.FILTERS, "sort")},
    )
    context = {
        "form": form,
        "page": _page(request, badges),
        "tags": tags,
        "collections": collections,
        # Every badge has an issuer, so no issuers means an empty backpack.
        "has_badges": bool(issuers),
        "active_filters": _active_filters(request, form, tags, collections, issuers),
        "bulk_actions": BulkForm.base_fields["action"].choices,
    }
    return render(request, "badges/gallery.html", context)


def _active_filters(
    request: HttpRequest, form: GalleryFilterForm, tags, collections, issuers
) -> list[dict]:
    """Each applied filter, named, with the gallery's address without it."""
    names = {
        "tag": {str(t.pk): t.name for t in tags},
        "collection": {str(c.pk): c.name for c in collections},
        "issuer": {str(i.pk): i.name for i in issuers},
        "status": dict(Badge.Status.choices),
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


# --- Bulk actions --------------------------------------------------------------------------


@login_required
def bulk(request: HttpRequest) -> HttpResponse:
    """GET: the one confirmation page listing the selected badges. POST: apply."""
    back = _next_url(request, reverse("badges:gallery"))
    data = request.POST if request.method == "POST" else request.GET
    form = BulkForm(data, collections=Collection.objects.owned_by(request.user))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    action, ids = form.cleaned_data["action"], form.cleaned_data["badge"]
    if request.method != "POST":
        badges = list(organise.owned_badges(request.user, ids).for_cards())
        if not badges:
            messages.error(request, _("None of the selected badges is in your backpack."))
            return redirect(back)
        context = {"form": form, "badges": badges, "next": back, "action": action}
        return render(request, "badges/bulk_confirm.html", context)
    count = organise.apply_bulk(
        request.user,
        action,
        ids,
        tag_name=form.cleaned_data["tag"],
        collection=form.chosen_collection,
    )
    messages.success(request, _bulk_message(form, count))
    return redirect(back)


def _bulk_message(form: BulkForm, count: int) -> str:
    collection = form.chosen_collection
    return BULK_DONE_MESSAGES[form.cleaned_data["action"]] % {
        "count": count,
        "tag": form.cleaned_data["tag"],
        "collection": collection.name if collection else "",
    }


# --- One badge: visibility, deletion, tags, collections ----------------------------------


@login_required
@require_POST
def badge_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    badge = _get_badge_for_user(request, pk)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        visibility = form.cleaned_data["visibility"]
        organise.set_visibility(Badge.objects.filter(pk=badge.pk), visibility)
        if visibility == Badge.Visibility.PUBLIC:
            messages.success(request, _("This badge is now public."))
        else:
            messages.success(request, _("This badge is now private: only you can see it."))
    return redirect(_detail(badge, "visibility"))


@login_required
def badge_delete(request: HttpRequest, pk: int) -> HttpResponse:
    badge = _get_badge_for_user(request, pk)
    if request.method == "POST":
        organise.delete_badges(Badge.objects.filter(pk=badge.pk))
        messages.success(request, _("“%(name)s” was deleted.") % {"name": badge.name})
        return redirect("badges:gallery")
    context = {"badge": badge, "collections": badge.collections.all()}
    return render(request, "badges/confirm_delete.html", context)


@login_required
@require_POST
def badge_tags_add(request: HttpRequest, pk: int) -> HttpResponse:
    badge = _get_badge_for_user(request, pk)
    form = TagAddForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_detail(badge, "tags"))
    tags = organise.add_tags([badge], request.user, form.cleaned_data["names"])
    names = ", ".join(f"“{tag.name}”" for tag in tags)
    messages.success(
        request,
        ngettext("Tag %(names)s added.", "Tags %(names)s added.", len(tags)) % {"names": names},
    )
    return redirect(_detail(badge, "tags"))


@login_required
@require_POST
def badge_tag_remove(request: HttpRequest, pk: int, tag_pk: int) -> HttpResponse:
    badge = _get_badge_for_user(request, pk)
    tag = _get_tag_for_user(request, tag_pk)
    organise.remove_tag(badge, tag)
    messages.success(request, _("Tag “%(name)s” removed from this badge.") % {"name": tag.name})
    return redirect(_detail(badge, "tags"))


@login_required
@require_POST
def badge_collection_add(request: HttpRequest, pk: int) -> HttpResponse:
    badge = _get_badge_for_user(request, pk)
    form = AddToCollectionForm(request.POST, collections=Collection.objects.owned_by(request.user))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_detail(badge, "collections"))
    organise.add_to_collection(form.chosen_collection, [badge])
    messages.success(request, _("Added to “%(name)s”.") % {"name": form.chosen_collection.name})
    return redirect(_detail(badge, "collections"))


# --- Tags ----------------------------------------------------------------------------------


@login_required
def tags(request: HttpRequest) -> HttpResponse:
    tag_list = Tag.objects.owned_by(request.user).with_badge_counts()
    return render(request, "badges/tags.html", {"tags": tag_list})


@login_required
@require_POST
def tag_rename(request: HttpRequest, pk: int) -> HttpResponse:
    tag = _get_tag_for_user(request, pk)
    form = TagRenameForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("badges:tags")
    old_name = tag.name
    kept = organise.rename_tag(tag, form.cleaned_data["name"])
    if kept.pk == tag.pk:
        text = _("Tag “%(old)s” renamed to “%(new)s”.")
    else:
        text = _("Tag “%(old)s” merged into “%(new)s”, which already existed.")
    messages.success(request, text % {"old": old_name, "new": kept.name})
    return redirect("badges:tags")


@login_required
def tag_delete(request: HttpRequest, pk: int) -> HttpResponse:
    tag = _get_tag_for_user(request, pk)
    if request.method == "POST":
        organise.delete_tag(tag)
        messages.success(
            request, _("Tag “%(name)s” deleted. Its badges stay.") % {"name": tag.name}
        )
        return redirect("badges:tags")
    return render(
        request, "badges/tag_delete.html", {"tag": tag, "badge_count": tag.badges.count()}
    )


# --- Collections ---------------------------------------------------------------------------


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
            organise.add_to_collection(collection, [first])
        messages.success(request, _("Collection “%(name)s” created.") % {"name": collection.name})
        return redirect("badges:collection", pk=collection.pk)
    return render(request, "badges/collections/form.html", {"form": form, "first": first})


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@login_required
def collection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _get_collection_for_user(request, pk)
    items = collection.items.select_related("badge")
    return render(
        request, "badges/collections/detail.html", {"collection": collection, "items": items}
    )


@login_required
def collection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _get_collection_for_user(request, pk)
    form = CollectionForm(request.POST or None, instance=collection)
    if form.is_valid():
        form.save()
        messages.success(request, _("Collection saved."))
        return redirect("badges:collection", pk=collection.pk)
    context = {"form": form, "collection": collection}
    return render(request, "badges/collections/form.html", context)


@login_required
def collection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _get_collection_for_user(request, pk)
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
    collection = _get_collection_for_user(request, pk)
    if request.method == "POST":
        form = PickBadgesForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(request.get_full_path())
        badges = organise.owned_badges(request.user, form.cleaned_data["badge"])
        added = organise.add_to_collection(collection, badges.order_by("-issued_on", "-pk"))
        text = ngettext("%(count)d badge added.", "%(count)d badges added.", added)
        messages.success(request, text % {"count": added})
        return redirect("badges:collection", pk=collection.pk)
    query = request.GET.get("q", "").strip()[:200]
    candidates = Badge.objects.owned_by(request.user).for_cards().exclude(collections=collection)
    context = {
        "collection": collection,
        "q": query,
        "page": _page(request, candidates.search(query)),
    }
    return render(request, "badges/collections/add_badges.html", context)


@login_required
@require_POST
def collection_move(request: HttpRequest, pk: int, badge_pk: int) -> HttpResponse:
    collection = _get_collection_for_user(request, pk)
    badge = _get_badge_for_user(request, badge_pk)
    form = DirectionForm(request.POST)
    if form.is_valid():
        organise.move_in_collection(collection, badge, form.cleaned_data["direction"])
    return redirect(reverse("badges:collection", args=[collection.pk]) + f"#item-{badge.pk}")


@login_required
@require_POST
def collection_remove(request: HttpRequest, pk: int, badge_pk: int) -> HttpResponse:
    collection = _get_collection_for_user(request, pk)
    badge = _get_badge_for_user(request, badge_pk)
    if organise.remove_from_collection(collection, badge):
        text = _("“%(badge)s” removed from “%(collection)s”. It stays in your backpack.")
        messages.success(request, text % {"badge": badge.name, "collection": collection.name})
    default = reverse("badges:collection", args=[collection.pk])
    return redirect(_next_url(request, default))


@login_required
@require_POST
def collection_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _get_collection_for_user(request, pk)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        organise.set_collection_visibility(collection, form.cleaned_data["visibility"])
        if collection.is_public:
            messages.success(request, _("This collection is now public."))
        else:
            messages.success(request, _("This collection is now private: only you can see it."))
    return redirect("badges:collection", pk=collection.pk)


# --- Skills --------------------------------------------------------------------------------


@login_required
def skills(request: HttpRequest) -> HttpResponse:
    """Every skill the learner's badges show; revoked badges show none."""
    badges = Badge.objects.owned_by(request.user).exclude(status=Badge.Status.REVOKED)
    skill_list = organise.gather_skills(badges.for_gallery())
    return render(request, "badges/skills.html", {"skills": skill_list})
