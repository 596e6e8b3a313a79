"""One badge's own settings: visibility, deletion, its tags and collections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from badges.forms.organising import (
    AddToCollectionForm,
    TagAddForm,
    VisibilityForm,
)
from badges.models import Badge, Collection
from badges.services import collections as collections_service
from badges.services import tags as tags_service
from badges.services import visibility as visibility_service
from badges.views._lookup import (
    detail_url,
    form_errors,
    get_badge_for_user,
    get_tag_for_user,
)
from passport.accounts import audit


@login_required
@require_POST
def badge_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    badge = get_badge_for_user(request, pk)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        visibility = form.cleaned_data["visibility"]
        if visibility_service.set_visibility(Badge.objects.filter(pk=badge.pk), visibility):
            audit.visibility_changed(request, badge.name, Badge.Visibility(visibility).label)
        if visibility == Badge.Visibility.PUBLIC:
            messages.success(request, _("This badge is now public."))
        else:
            messages.success(request, _("This badge is now private: only you can see it."))
    return redirect(detail_url(badge, "visibility"))


@login_required
def badge_delete(request: HttpRequest, pk: int) -> HttpResponse:
    badge = get_badge_for_user(request, pk)
    if request.method == "POST":
        visibility_service.delete_badges(Badge.objects.filter(pk=badge.pk))
        messages.success(request, _("“%(name)s” was deleted.") % {"name": badge.name})
        return redirect("badges:gallery")
    context = {"badge": badge, "collections": badge.collections.all()}
    return render(request, "badges/confirm_delete.html", context)


@login_required
@require_POST
def badge_tags_add(request: HttpRequest, pk: int) -> HttpResponse:
    badge = get_badge_for_user(request, pk)
    form = TagAddForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(detail_url(badge, "tags"))
    tags = tags_service.add_tags([badge], request.user, form.cleaned_data["names"])
    names = ", ".join(_("“%(name)s”") % {"name": tag.name} for tag in tags)
    messages.success(
        request,
        ngettext("Tag %(names)s added.", "Tags %(names)s added.", len(tags)) % {"names": names},
    )
    return redirect(detail_url(badge, "tags"))


@login_required
@require_POST
def badge_tag_remove(request: HttpRequest, pk: int, tag_pk: int) -> HttpResponse:
    badge = get_badge_for_user(request, pk)
    tag = get_tag_for_user(request, tag_pk)
    tags_service.remove_tag(badge, tag)
    messages.success(request, _("Tag “%(name)s” removed from this badge.") % {"name": tag.name})
    return redirect(detail_url(badge, "tags"))


@login_required
@require_POST
def badge_collection_add(request: HttpRequest, pk: int) -> HttpResponse:
    badge = get_badge_for_user(request, pk)
    form = AddToCollectionForm(request.POST, collections=Collection.objects.owned_by(request.user))
    if not form.is_valid():
        form_errors(request, form)
        return redirect(detail_url(badge, "collections"))
    collections_service.add_to_collection(form.chosen_collection, [badge])
    messages.success(request, _("Added to “%(name)s”.") % {"name": form.chosen_collection.name})
    return redirect(detail_url(badge, "collections"))
