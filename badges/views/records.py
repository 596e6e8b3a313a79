"""A learner record (CLR): its achievements, how they relate, and their badges."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from badges.models import LearnerRecord
from badges.services.records import achievements_of


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(LearnerRecord, pk=pk, owner=request.user)
    badges = list(record.badges.all())  # one query, however many achievements
    context = {"record": record, "achievements": achievements_of(record, badges)}
    return render(request, "badges/record.html", context)
