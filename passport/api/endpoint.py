"""What every API endpoint shares: allowed methods, failures as the API's error body,
and reading the request body."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from passport.api import imsx

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 2 * 1024 * 1024
JSON_TYPES = {"application/json", "application/ld+json", "application/vc+ld+json"}
_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")

# ``errors(status, description, *, minor="", refusal="", headers=None)``: the error body of
# one API (Imsx_StatusInfo for OB 3.0, a status object for Badge Connect).
Errors = Callable[..., HttpResponse]


def api_endpoint(*methods: str, errors: Errors = imsx.status_info):
    """Other methods answered with 405, and any unexpected failure with a 500."""

    def decorator(view):
        @csrf_exempt  # bearer tokens only: no cookie is ever used to authenticate
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in methods:
                return errors(
                    405,
                    _("This address does not accept %(method)s.") % {"method": request.method},
                    headers={"Allow": ", ".join(methods)},
                )
            # Refused before anything reads the body (the token check does).
            if _declared_length(request) > MAX_BODY_BYTES:
                return errors(400, _("The request is larger than 2 MB."))
            try:
                return view(request, *args, **kwargs)
            except RequestDataTooBig:
                return errors(400, _("The request is larger than 2 MB."))
            except Exception:
                logger.exception("Open Badges API request failed: %s", request.path)
                return errors(500, _("Something went wrong on our side."))

        return wrapper

    return decorator


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def body_text(request: HttpRequest, errors: Errors) -> tuple[str, HttpResponse | None]:
    """The body as stripped text, or an error: too large, not UTF-8 or empty."""
    try:
        text = request.body.decode("utf-8").strip()
    except UnicodeDecodeError:
        return "", errors(400, _("The body is not UTF-8 text."))
    if not text:
        return "", errors(400, _("The body is empty: send the credential in it."))
    return text, None


def json_body(request: HttpRequest, errors: Errors) -> tuple[Any, HttpResponse | None]:
    if request.content_type not in JSON_TYPES:
        return None, errors(400, _("Send a JSON body (Content-Type: application/json)."))
    try:
        return json.loads(request.body.decode("utf-8")), None
    except (ValueError, RecursionError, RequestDataTooBig):
        return None, errors(400, _("The body is not valid JSON."))


def json_object(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def jws_payload(text: str) -> Any:
    """The payload of a compact JWS, unverified: only to see what kind of thing it is."""
    if not isinstance(text, str) or not _JWS.match(text):
        return None
    payload = text.split(".")[1]
    try:
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, binascii.Error, RecursionError):
        return None


def types_of(document: Any) -> set[str]:
    types = document.get("type") if isinstance(document, dict) else None
    types = [types] if isinstance(types, str) else types
    return {t for t in types if isinstance(t, str)} if isinstance(types, list) else set()
