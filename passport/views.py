"""Site-wide pages: home, legal texts, language choice, errors."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


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


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: whatever broke must not break the error page too.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
