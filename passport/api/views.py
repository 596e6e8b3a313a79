"""The Open Badges 3.0 API a platform calls: discovery, credentials and profile."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from badges.models import Badge
from passport.api import auth, imsx, scopes, services
from passport.api.discovery import service_description
from passport.api.endpoint import (
    JSON_TYPES,
    api_endpoint,
    body_text,
    json_body,
    json_object,
    jws_payload,
    types_of,
)
from passport.api.paging import link_header, page_of
from passport.api.profile import profile_of, update_profile

OB3_TYPES = {"OpenBadgeCredential", "AchievementCredential"}


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
    data, refused = json_body(request, imsx.status_info)
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
        page = page_of(request)
    except ValueError as problem:
        return imsx.status_info(400, str(problem), minor="invalid_query_parameter")
    total, badges = page.of(services.credentials_for(token.user, page.since))
    body: dict[str, list[Any]] = {"credential": [], "compactJwsString": []}
    for badge in badges:
        text = badge.original.strip()
        if text.startswith("{"):
            body["credential"].append(json.loads(text))
        else:
            body["compactJwsString"].append(text)
    headers = {"X-Total-Count": str(total), "Link": link_header(request, page, total)}
    return imsx.json_response(body, headers=headers)


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
    text, refused = body_text(request, imsx.status_info)
    if refused:
        return "", refused
    if request.content_type in JSON_TYPES:
        document = json_object(text)
    elif request.content_type == "text/plain":
        document = jws_payload(text)
        if isinstance(document, dict) and isinstance(document.get("vc"), dict):
            document = document["vc"]  # VCDM 1.1 VC-JWT
    else:
        return "", imsx.status_info(
            400,
            _(
                "Send the credential as JSON (Content-Type: application/json) or as a "
                "compact JWS (Content-Type: text/plain)."
            ),
        )
    if not OB3_TYPES & types_of(document):
        return "", imsx.status_info(
            400,
            _("This is not an Open Badges 3.0 credential (OpenBadgeCredential)."),
            refusal="not_ob3",
        )
    return text, None


def _credential_response(badge: Badge, *, status: int) -> HttpResponse:
    text = badge.original.strip()
    if text.startswith("{"):
        return imsx.json_response(json.loads(text), status=status)
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
