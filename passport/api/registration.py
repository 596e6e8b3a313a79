"""Dynamic client registration (RFC 7591) as the Open Badges 3.0 API asks for it.

django-oauth-toolkit has a registration endpoint of its own, but it neither keeps nor
checks the metadata the Open Badges specification requires (client, logo, terms and
policy addresses, software id and version, scopes), which Passport shows to learners on
the consent page. So this module validates the request, creates a confidential DOT
``Application`` (its secret hashed by DOT) and keeps the rest beside it.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

from passport.api import scopes
from passport.api.models import ClientRegistration

REQUIRED_TEXT = ("client_name", "software_id", "software_version")
REQUIRED_URLS = ("client_uri", "logo_uri", "tos_uri", "policy_uri")
AUTH_METHODS = ("client_secret_basic", "client_secret_post")
GRANT_TYPES = ("authorization_code", "refresh_token")
LOOPBACK_NAMES = {"localhost"}
MAX_REDIRECT_URIS = 10
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class RegistrationError(Exception):
    """A registration refused with an RFC 7591 error code and a description."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


@dataclass(frozen=True)
class Registered:
    registration: ClientRegistration
    client_secret: str  # in plain text, this once; DOT keeps only its hash

    def as_response(self) -> dict[str, Any]:
        registration = self.registration
        application = registration.application
        return {
            "client_id": application.client_id,
            "client_secret": self.client_secret,
            "client_id_issued_at": int(registration.registered_at.timestamp()),
            "client_secret_expires_at": 0,
            "client_name": application.name,
            "client_uri": registration.client_uri,
            "logo_uri": registration.logo_uri,
            "tos_uri": registration.tos_uri,
            "policy_uri": registration.policy_uri,
            "software_id": registration.software_id,
            "software_version": registration.software_version,
            "contacts": registration.contacts,
            "redirect_uris": application.redirect_uris.split(),
            "token_endpoint_auth_method": registration.token_endpoint_auth_method,
            "grant_types": list(GRANT_TYPES),
            "response_types": ["code"],
            "scope": registration.scope,
        }


def register_client(metadata: Any, *, allow_loopback: bool) -> Registered:
    """Validate ``metadata`` and create the platform's application, or raise."""
    if not isinstance(metadata, dict):
        raise RegistrationError("invalid_client_metadata", "The body must be a JSON object.")
    fields = {name: _text(metadata, name, 200) for name in REQUIRED_TEXT}
    uris = {name: _https_url(metadata, name, allow_loopback) for name in REQUIRED_URLS}
    redirect_uris = _redirect_uris(metadata.get("redirect_uris"), allow_loopback)
    scope = _scope(metadata.get("scope"))
    auth_method = metadata.get("token_endpoint_auth_method", "client_secret_basic")
    if auth_method not in AUTH_METHODS:
        raise RegistrationError(
            "invalid_client_metadata",
            "token_endpoint_auth_method must be client_secret_basic or client_secret_post.",
        )
    _check_grants(metadata)
    contacts = _contacts(metadata.get("contacts", []))
    return _create(fields, uris, redirect_uris, scope, auth_method, contacts)


@transaction.atomic
def _create(fields, uris, redirect_uris, scope, auth_method, contacts) -> Registered:
    Application = get_application_model()
    secret = generate_client_secret()
    application = Application.objects.create(
        name=fields["client_name"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris),
        client_secret=secret,
        hash_client_secret=True,
        skip_authorization=False,
    )
    registration = ClientRegistration.objects.create(
        application=application,
        software_id=fields["software_id"],
        software_version=fields["software_version"],
        scope=scope,
        token_endpoint_auth_method=auth_method,
        contacts=contacts,
        **uris,
    )
    return Registered(registration, secret)


def _text(metadata: dict, name: str, max_length: int) -> str:
    value = metadata.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RegistrationError("invalid_client_metadata", f"{name} is required (a string).")
    value = value.strip()
    if len(value) > max_length or _CONTROL.search(value):
        raise RegistrationError(
            "invalid_client_metadata",
            f"{name} must be at most {max_length} characters, without control characters.",
        )
    return value


def _https_url(metadata: dict, name: str, allow_loopback: bool) -> str:
    value = _text(metadata, name, 2000)
    if not _web_address_ok(value, allow_loopback):
        raise RegistrationError(
            "invalid_client_metadata", f"{name} must be an absolute https:// address."
        )
    return value


def _web_address_ok(value: str, allow_loopback: bool) -> bool:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    if not parts.hostname or parts.username or parts.password or _CONTROL.search(value):
        return False
    if parts.scheme == "https":
        return True
    return parts.scheme == "http" and allow_loopback and is_loopback(parts.hostname)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _redirect_uris(value: Any, allow_loopback: bool) -> list[str]:
    if not isinstance(value, list) or not value or len(value) > MAX_REDIRECT_URIS:
        raise RegistrationError(
            "invalid_redirect_uri",
            f"redirect_uris must be a list of 1 to {MAX_REDIRECT_URIS} addresses.",
        )
    for uri in value:
        if not isinstance(uri, str) or len(uri) > 2000 or " " in uri or "#" in uri:
            raise RegistrationError(
                "invalid_redirect_uri",
                "Each redirect URI must be an absolute address without a fragment.",
            )
        if not _web_address_ok(uri, allow_loopback):
            raise RegistrationError(
                "invalid_redirect_uri",
                f"{uri} is not allowed: redirect URIs must use https://.",
            )
    return list(dict.fromkeys(value))


def _scope(value: Any) -> str:
    if not isinstance(value, str) or not value.split():
        raise RegistrationError("invalid_client_metadata", "scope is required (a string).")
    unknown = sorted(set(value.split()) - set(scopes.ALL))
    if unknown:
        raise RegistrationError("invalid_client_metadata", f"Unknown scope: {' '.join(unknown)}.")
    chosen = scopes.split(value)
    if chosen == [scopes.OFFLINE]:
        raise RegistrationError(
            "invalid_client_metadata", "scope must name at least one Open Badges scope."
        )
    return " ".join(chosen)


def _check_grants(metadata: dict) -> None:
    grant_types = metadata.get("grant_types", ["authorization_code"])
    if (
        not isinstance(grant_types, list)
        or "authorization_code" not in grant_types
        or not set(grant_types) <= set(GRANT_TYPES)
    ):
        raise RegistrationError(
            "invalid_client_metadata",
            "grant_types must be authorization_code, optionally with refresh_token.",
        )
    response_types = metadata.get("response_types", ["code"])
    if response_types != ["code"]:
        raise RegistrationError("invalid_client_metadata", 'response_types must be ["code"].')


def _contacts(value: Any) -> list[str]:
    if not isinstance(value, list) or len(value) > 10:
        raise RegistrationError(
            "invalid_client_metadata", "contacts must be a list of at most 10 addresses."
        )
    if not all(isinstance(c, str) and 0 < len(c) <= 254 for c in value):
        raise RegistrationError(
            "invalid_client_metadata", "Each entry of contacts must be a string."
        )
    return value
