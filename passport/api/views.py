"""The Open Badges 3.0 API a platform calls: discovery, credentials and profile."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
from datetime import UTC
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from badges.models import Badge
from passport.api import auth, imsx, scopes, services
from passport.api.discovery import service_description
from passport.api.profile import profile_of, update_profile

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_BODY_BYTES = 2 * 1024 * 1024
JSON_TYPES = {"application/json", "application/ld+json", "application/vc+ld+json"}
OB3_TYPES = {"OpenBadgeCredential", "AchievementCredential"}
_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")


def api_endpoint(*methods: str):
    """Allowed methods answered with 405 otherwise, and every failure as Imsx_StatusInfo."""

    def decorator(view):
        @csrf_exempt  # bearer tokens only: no cookie is ever used to authenticate
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in methods:
                return imsx.status_info(
                    405,
                    _("This address does not accept %(method)s.") % {"method": request.method},
                    headers={"Allow": ", ".join(methods)},
                )
            try:
                return view(request, *args, **kwargs)
            except Exception:
                logger.exception("Open Badges API request failed: %s", request.path)
                return imsx.status_info(500, _("Something went wrong on our side."))

        return wrapper

    return decorator


@api_endpoint("GET")
def discovery(request: HttpRequest) -> HttpResponse:
    return imsx.json_response(service_description(request))


@api_endpoint("GET", "POST")
def credentials(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _get_credentials(request)
    return _upsert_credential(request)


@api_endpoint("GET", "PUT")
def profile(request: HttpRequest) -> HttpResponse:
    scope = scopes.PROFILE_READ if request.method == "GET" else scopes.PROFILE_UPDATE
    token, refused = auth.require(request, scope)
    if refused:
        return refused
    if request.method == "GET":
        return imsx.json_response(profile_of(token.user))
    data, refused = _json_body(request)
    if refused:
        return refused
    problem = update_profile(token.user, data)
    if problem:
        return imsx.status_info(400, problem)
    return imsx.json_response(profile_of(token.user))


@api_endpoint("GET", "POST", "PUT", "DELETE", "PATCH")
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return imsx.status_info(404, _("There is nothing at this address."))


# --- getCredentials -------------------------------------------------------------------


def _get_credentials(request: HttpRequest) -> HttpResponse:
    token, refused = auth.require(request, scopes.CREDENTIAL_READ)
    if refused:
        return refused
    try:
        limit, offset, since = _page_parameters(request)
    except ValueError as problem:
        return imsx.status_info(400, str(problem), minor="invalid_query_parameter")
    badges = services.credentials_for(token.user, since)
    total = badges.count()
    body: dict[str, list[Any]] = {"credential": [], "compactJwsString": []}
    for badge in badges[offset : offset + limit]:
        _add_credential(body, badge)
    headers = {"X-Total-Count": str(total), "Link": _links(request, limit, offset, total)}
    return imsx.json_response(body, headers=headers)


def _page_parameters(request: HttpRequest):
    limit = _integer(request.GET.get("limit"), "limit", DEFAULT_LIMIT, minimum=1)
    offset = _integer(request.GET.get("offset"), "offset", 0, minimum=0)
    since = None
    if request.GET.get("since"):
        try:
            since = parse_datetime(request.GET["since"])
        except ValueError:
            since = None
        if since is None:
            raise ValueError(_("since must be a date and time such as 2026-01-31T12:00:00Z."))
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
    return min(limit, MAX_LIMIT), offset, since


def _integer(raw: str | None, name: str, default: int, *, minimum: int) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < minimum or len(raw) > 9:
        raise ValueError(
            _("%(name)s must be a whole number of at least %(minimum)d.")
            % {"name": name, "minimum": minimum}
        )
    return int(raw)


def _add_credential(body: dict[str, list[Any]], badge: Badge) -> None:
    text = badge.original.strip()
    if text.startswith("{"):
        body["credential"].append(json.loads(text))
    else:
        body["compactJwsString"].append(text)


def _links(request: HttpRequest, limit: int, offset: int, total: int) -> str:
    base = request.build_absolute_uri(request.path)
    extra = {"since": request.GET["since"]} if request.GET.get("since") else {}

    def link(to: int, rel: str) -> str:
        query = urlencode({"limit": limit, "offset": to, **extra})
        return f'<{base}?{query}>; rel="{rel}"'

    last = max(0, (total - 1) // limit * limit)
    links = []
    if offset + limit < total:
        links.append(link(offset + limit, "next"))
    links.append(link(last, "last"))
    links.append(link(0, "first"))
    if offset > 0:
        links.append(link(max(0, offset - limit), "prev"))
    return ", ".join(links)


# --- upsertCredential -----------------------------------------------------------------


def _upsert_credential(request: HttpRequest) -> HttpResponse:
    token, refused = auth.require(request, scopes.CREDENTIAL_UPSERT)
    if refused:
        return refused
    text, refused = _credential_text(request)
    if refused:
        return refused
    upsert = services.deliver(token.user, token.application, text)
    if upsert.badge is None:
        outcome = upsert.outcome
        return imsx.status_info(400, outcome.message, refusal=outcome.code)
    return _credential_response(upsert.badge, status=201 if upsert.created else 200)


def _credential_text(request: HttpRequest) -> tuple[str, HttpResponse | None]:
    """The credential in the body: a JSON OB 3.0 credential or a compact JWS of one."""
    try:
        raw = request.body
    except RequestDataTooBig:
        raw = b"x" * (MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        return "", imsx.status_info(400, _("The credential is larger than 2 MB."))
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return "", imsx.status_info(400, _("The body is not UTF-8 text."))
    if not text:
        return "", imsx.status_info(400, _("The body is empty: send the credential in it."))
    if request.content_type in JSON_TYPES:
        document = _json_object(text)
    elif request.content_type == "text/plain":
        document = _jws_payload(text)
    else:
        return "", imsx.status_info(
            400,
            _(
                "Send the credential as JSON (Content-Type: application/json) or as a "
                "compact JWS (Content-Type: text/plain)."
            ),
        )
    if not _is_ob3(document):
        return "", imsx.status_info(
            400,
            _("This is not an Open Badges 3.0 credential (OpenBadgeCredential)."),
            refusal="not_ob3",
        )
    return text, None


def _json_object(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _jws_payload(text: str) -> Any:
    """The payload of a compact JWS, unverified: only to see what kind of thing it is."""
    if not _JWS.match(text):
        return None
    payload = text.split(".")[1]
    try:
        document = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, binascii.Error, RecursionError):
        return None
    if isinstance(document, dict) and isinstance(document.get("vc"), dict):
        return document["vc"]  # VCDM 1.1 VC-JWT
    return document


def _is_ob3(document: Any) -> bool:
    if not isinstance(document, dict):
        return False
    types = document.get("type")
    types = [types] if isinstance(types, str) else types
    return isinstance(types, list) and bool(OB3_TYPES & {t for t in types if isinstance(t, str)})


def _credential_response(badge: Badge, *, status: int) -> HttpResponse:
    text = badge.original.strip()
    if text.startswith("{"):
        return imsx.json_response(json.loads(text), status=status)
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _json_body(request: HttpRequest) -> tuple[Any, HttpResponse | None]:
    if request.content_type not in JSON_TYPES:
        return None, imsx.status_info(400, _("Send a JSON body (Content-Type: application/json)."))
    try:
        return json.loads(request.body.decode("utf-8")), None
    except (ValueError, RecursionError, RequestDataTooBig):
        return None, imsx.status_info(400, _("The body is not valid JSON."))
