"""Bulk actions on the badges selected in the gallery."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from badges.forms.organising import (
    BULK_DONE_MESSAGES,
    BulkForm,
)
from badges.models import Badge, Collection
from badges.services import bulk as bulk_service
from badges.views._lookup import (
    form_errors,
    next_url,
)
from passport.accounts import audit


@login_required
def bulk(request: HttpRequest) -> HttpResponse:
    """GET: the one confirmation page listing the selected badges. POST: apply."""
    back = next_url(request, reverse("badges:gallery"))
    data = request.POST if request.method == "POST" else request.GET
    form = BulkForm(data, collections=Collection.objects.owned_by(request.user))
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back)
    action, ids = form.cleaned_data["action"], form.cleaned_data["badge"]
    if request.method != "POST":
        badges = list(bulk_service.owned_badges(request.user, ids).for_cards())
        if not badges:
            messages.error(request, _("None of the selected badges is in your backpack."))
            return redirect(back)
        context = {"form": form, "badges": badges, "next": back, "action": action}
        return render(request, "badges/bulk_confirm.html", context)
    count = bulk_service.apply_bulk(
        request.user,
        action,
        ids,
        tag_name=form.cleaned_data["tag"],
        collection=form.chosen_collection,
    )
    if count and action in (bulk_service.BULK_PUBLIC, bulk_service.BULK_PRIVATE):
        what = ngettext("%(count)s badge", "%(count)s badges", count) % {"count": count}
        audit.visibility_changed(request, what, Badge.Visibility(action).label)
    messages.success(request, _bulk_message(form, count))
    return redirect(back)


def _bulk_message(form: BulkForm, count: int) -> str:
    collection = form.chosen_collection
    return BULK_DONE_MESSAGES[form.cleaned_data["action"]] % {
        "count": count,
        "tag": form.cleaned_data["tag"],
        "collection": collection.name if collection else "",
    }
