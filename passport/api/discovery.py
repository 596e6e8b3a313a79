"""The service description document (OpenAPI 3.0) at ``/ims/ob/v3p0/discovery``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from oauth2_provider.settings import oauth2_settings

from passport.api import scopes

API_VERSION = "3.0"


def service_description(request: HttpRequest) -> dict[str, Any]:
    def url(name: str) -> str:
        return request.build_absolute_uri(reverse(name))

    site = getattr(settings, "SITE_NAME", "Passport")
    return {
        "openapi": "3.0.1",
        "info": {
            "title": site,
            "description": "The Open Badges 3.0 API of a Passport backpack.",
            "version": API_VERSION,
            "termsOfService": url("terms"),
            "x-imssf-privacyPolicyUrl": url("privacy_policy"),
            "x-imssf-image": request.build_absolute_uri(static("img/favicon.svg")),
        },
        "servers": [{"url": url("api:discovery").removesuffix("/discovery")}],
        "tags": [{"name": "OpenBadgeCredentials"}, {"name": "Discovery"}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "OAuth2ACG": {
                    "type": "oauth2",
                    "description": "OAuth 2.0 Authorization Code Grant authorization",
                    "x-imssf-name": site,
                    "x-imssf-privacyPolicyUrl": url("privacy_policy"),
                    "x-imssf-registrationUrl": url("api:register"),
                    "x-imssf-termsOfServiceUrl": url("terms"),
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": url("oauth2_provider:authorize"),
                            "tokenUrl": url("oauth2_provider:token"),
                            "refreshUrl": url("oauth2_provider:token"),
                            "scopes": {name: oauth2_settings.SCOPES[name] for name in scopes.OB3},
                        }
                    },
                }
            },
            "schemas": {},
        },
    }


def _operation(operation_id: str, summary: str, scope: str | None, codes: list[int]) -> dict:
    responses = {str(code): {"description": _DESCRIPTIONS[code]} for code in codes}
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "tags": ["Discovery" if scope is None else "OpenBadgeCredentials"],
        "responses": responses,
    }
    if scope:
        operation["security"] = [{"OAuth2ACG": [scope]}]
    return operation


_DESCRIPTIONS = {
    200: "OK",
    201: "Created",
    400: "Bad request (Imsx_StatusInfo)",
    401: "Unauthorized (Imsx_StatusInfo)",
    403: "Forbidden (Imsx_StatusInfo)",
    404: "Not found (Imsx_StatusInfo)",
    405: "Method not allowed (Imsx_StatusInfo)",
    429: "Too many requests (Imsx_StatusInfo)",
    500: "Internal server error (Imsx_StatusInfo)",
}
_ERRORS = [400, 401, 403, 404, 405, 429, 500]


def _paths() -> dict[str, Any]:
    page = [
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
        {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}},
    ]
    return {
        "/credentials": {
            "get": {
                **_operation(
                    "getCredentials", "Get credentials", scopes.CREDENTIAL_READ, [200, *_ERRORS]
                ),
                "parameters": page,
            },
            "post": _operation(
                "upsertCredential",
                "Create or replace a credential",
                scopes.CREDENTIAL_UPSERT,
                [200, 201, *_ERRORS],
            ),
        },
        "/profile": {
            "get": _operation(
                "getProfile", "Get the profile", scopes.PROFILE_READ, [200, *_ERRORS]
            ),
            "put": _operation(
                "putProfile", "Update the profile", scopes.PROFILE_UPDATE, [200, *_ERRORS]
            ),
        },
        "/discovery": {
            "get": _operation("getServiceDescription", "Service description", None, [200, 500])
        },
    }
