"""Dismissing a notice shown in the backpack."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from badges.models import Notice


@login_required
@require_POST
def notice_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice.objects.owned_by(request.user), pk=pk)
    notice.read = True
    notice.save(update_fields=["read"])
    return redirect("badges:gallery")
