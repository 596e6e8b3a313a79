"""Site-wide pages: home, legal texts, language choice, health check."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from passport.web.responses import set_language_cookie


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


@never_cache
@require_GET
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """The switcher of visitors who are not signed in: a link, so that a public page holds
    no CSRF token and one copy of it can serve every visitor. It sets the language cookie
    and nothing else (a signed-in learner's choice, kept in their profile, is a POST)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    set_language_cookie(response, code)
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
