"""Dynamic client registration: where platforms sign themselves up (RFC 7591)."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from passport.api.registration import RegistrationError, register_client
from passport.web import ratelimit

REGISTRATIONS_PER_HOUR = 20


def _answer(data: dict, status: int) -> JsonResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


@csrf_exempt  # anonymous JSON requests only: no cookie is involved
@require_POST
def register(request: HttpRequest) -> HttpResponse:
    if not ratelimit.consume(request, "api-register", limit=REGISTRATIONS_PER_HOUR, period=3600):
        return _answer(
            {"error": "temporarily_unavailable", "error_description": "Too many registrations."},
            429,
        )
    try:
        metadata = json.loads(request.body.decode("utf-8"))
    except (ValueError, RecursionError, RequestDataTooBig):
        return _answer(
            {"error": "invalid_client_metadata", "error_description": "Send a JSON object."},
            400,
        )
    # Plain-http loopback redirect addresses are for development and tests only.
    allow_loopback = settings.DEBUG or settings.RUNNING_TESTS
    try:
        registered = register_client(metadata, allow_loopback=allow_loopback)
    except RegistrationError as refusal:
        return _answer({"error": refusal.code, "error_description": refusal.description}, 400)
    return _answer(registered.as_response(), 201)
