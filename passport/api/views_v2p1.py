"""Badge Connect 2.1 (the Open Badges 2.1 API) for issuers still on Open Badges 2.x.

The same OAuth 2.0 server, registration and consent page as the 3.0 API; the manifest
at ``/.well-known/badgeconnect.json`` points at them. Answers carry Badge Connect's
``status`` object instead of ``Imsx_StatusInfo``.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from passport.api import auth, imsx, scopes, services
from passport.api.endpoint import api_endpoint, json_body, jws_payload, types_of
from passport.api.paging import link_header, page_of
from passport.api.profile import profile_of

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
STATUS_TEXT = {
    200: "OK",
    400: "REQUEST_VALIDATION_ERROR",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
}
REFUSAL_TEXT = {"recipient_mismatch": "RECIPIENT_PROFILE_MISMATCH"}


def status_response(
    status: int,
    description: str = "",
    *,
    minor: str = "",
    refusal: str = "",
    headers: dict | None = None,
    body: dict | None = None,
) -> HttpResponse:
    """Badge Connect's answer: a ``status`` object, and the body's other members."""
    state: dict[str, Any] = {"statusCode": status}
    text = (REFUSAL_TEXT.get(refusal, "INVALID_BADGE") if refusal else "") or STATUS_TEXT.get(
        status, ""
    )
    if text:  # the spec's list has no word for 429 or 500
        state["statusText"] = text
    if status >= 400:
        state["error"] = str(description)
    return imsx.json_response({"status": state, **(body or {})}, status=status, headers=headers)


@api_endpoint("GET", errors=status_response)
def manifest(request: HttpRequest) -> HttpResponse:
    def url(name: str) -> str:
        return request.build_absolute_uri(reverse(name))

    api_base = url("api:v2p1_assertions").removesuffix("/assertions")
    return imsx.json_response(
        {
            "id": url("api:badgeconnect_manifest"),
            "type": "Manifest",
            "badgeConnectAPI": [
                {
                    "id": api_base,
                    "type": "BadgeConnectAPI",
                    "name": "Passport",
                    "image": request.build_absolute_uri(static("img/favicon.svg")),
                    "apiBase": api_base,
                    "version": "v2p1",
                    "termsOfServiceUrl": url("terms"),
                    "privacyPolicyUrl": url("privacy_policy"),
                    "scopesOffered": list(scopes.BADGE_CONNECT),
                    "registrationUrl": url("api:register"),
                    "authorizationUrl": url("oauth2_provider:authorize"),
                    "tokenUrl": url("oauth2_provider:token"),
                    "tokenRevocationUrl": url("oauth2_provider:revoke-token"),
                }
            ],
        }
    )


@api_endpoint("GET", "POST", errors=status_response)
def assertions(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _get_assertions(request)
    return _post_assertion(request)


@api_endpoint("GET", errors=status_response)
def profile(request: HttpRequest) -> HttpResponse:
    token, refused = auth.require(request, scopes.V2_PROFILE_READ, status_response)
    if refused:
        return refused
    learner = {**profile_of(token.user), "@context": OB2_CONTEXT}
    return status_response(200, body={"profile": learner})


@api_endpoint("GET", "POST", "PUT", "DELETE", "PATCH", errors=status_response)
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return status_response(404, _("There is nothing at this address."))


def _get_assertions(request: HttpRequest) -> HttpResponse:
    token, refused = auth.require(request, scopes.ASSERTION_READ, status_response)
    if refused:
        return refused
    try:
        page = page_of(request)
    except ValueError as problem:
        return status_response(400, str(problem))
    total, badges = page.of(services.credentials_for(token.user, page.since, spec="2.0"))
    body: dict[str, list[Any]] = {"assertions": [], "signedAssertions": []}
    for badge in badges:
        text = badge.original.strip()
        if text.startswith("{"):
            body["assertions"].append(json.loads(text))
        else:
            body["signedAssertions"].append(text)
    headers = {"X-Total-Count": str(total), "Link": link_header(request, page, total)}
    return status_response(200, body=body, headers=headers)


def _post_assertion(request: HttpRequest) -> HttpResponse:
    token, refused = auth.require(request, scopes.ASSERTION_CREATE, status_response)
    if refused:
        return refused
    payload, refused = json_body(request, status_response)
    if refused:
        return refused
    text, problem = _assertion_text(payload)
    if problem:
        return status_response(400, problem)
    upsert = services.deliver(token.user, token.application, text)
    if upsert.badge is None:
        outcome = upsert.outcome
        return status_response(400, outcome.message, refusal=outcome.code)
    return status_response(200)


def _assertion_text(payload: Any) -> tuple[str, str]:
    """The assertion of an ``AssertionPayload`` as text, or the problem in words."""
    if not isinstance(payload, dict) or len({"assertion", "signedAssertion"} & set(payload)) != 1:
        return "", _("Send exactly one of assertion (JSON) or signedAssertion (a compact JWS).")
    if "signedAssertion" in payload:
        text = payload["signedAssertion"]
        document = jws_payload(text.strip() if isinstance(text, str) else "")
    else:
        document = payload["assertion"]
        text = json.dumps(document) if isinstance(document, dict) else ""
    if not _is_ob2_assertion(document):
        return "", _("This is not an Open Badges 2.0 assertion.")
    return text.strip(), ""


def _is_ob2_assertion(document: Any) -> bool:
    if not isinstance(document, dict) or "Assertion" not in types_of(document):
        return False
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    return OB2_CONTEXT in contexts
