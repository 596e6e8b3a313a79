"""Site-wide pages: home, legal texts, language choice, health check."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


def home(request: HttpRequest) -> HttpResponse:
    # One query, for a learner: whether to show the first steps or their backpack's way in.
    has_badges = request.user.is_authenticated and request.user.badges.exists()
    return render(request, "home.html", {"has_badges": has_badges})


def privacy_policy(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/privacy.html")


def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/terms.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's switcher, and a signed-in learner's choice is kept in their profile."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
