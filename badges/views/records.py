"""A learner record (CLR): its achievements, how they relate, and their badges."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from badges.models import LearnerRecord
from badges.services.records import achievements_of, delete_record


def _get_record_for_user(request: HttpRequest, pk: int) -> LearnerRecord:
    """The signed-in learner's record, or 404 for everyone else."""
    return get_object_or_404(LearnerRecord, pk=pk, owner=request.user)


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _get_record_for_user(request, pk)
    badges = list(record.badges.all())  # one query, however many achievements
    context = {"record": record, "achievements": achievements_of(record, badges)}
    return render(request, "badges/record.html", context)


@login_required
@require_POST
def record_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = _get_record_for_user(request, pk)
    delete_record(record)
    messages.success(request, _("“%(name)s” was deleted.") % {"name": record.name})
    return redirect("badges:gallery")
