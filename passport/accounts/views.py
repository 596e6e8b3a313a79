"""Profile and privacy pages of a learner's account."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile_edit.html")


@login_required
def privacy_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy.html")
