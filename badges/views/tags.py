"""The learner's tags: list, rename, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from badges.forms.organising import (
    TagRenameForm,
)
from badges.models import Tag
from badges.services import tags as tags_service
from badges.views._lookup import (
    form_errors,
    get_tag_for_user,
)


@login_required
def tags(request: HttpRequest) -> HttpResponse:
    tag_list = Tag.objects.owned_by(request.user).with_badge_counts()
    return render(request, "badges/tags.html", {"tags": tag_list})


@login_required
@require_POST
def tag_rename(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_tag_for_user(request, pk)
    form = TagRenameForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("badges:tags")
    old_name = tag.name
    kept = tags_service.rename_tag(tag, form.cleaned_data["name"])
    if kept.pk == tag.pk:
        text = _("Tag “%(old)s” renamed to “%(new)s”.")
    else:
        text = _("Tag “%(old)s” merged into “%(new)s”, which already existed.")
    messages.success(request, text % {"old": old_name, "new": kept.name})
    return redirect("badges:tags")


@login_required
def tag_delete(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_tag_for_user(request, pk)
    if request.method == "POST":
        tags_service.delete_tag(tag)
        messages.success(
            request, _("Tag “%(name)s” deleted. Its badges stay.") % {"name": tag.name}
        )
        return redirect("badges:tags")
    return render(
        request, "badges/tag_delete.html", {"tag": tag, "badge_count": tag.badges.count()}
    )
