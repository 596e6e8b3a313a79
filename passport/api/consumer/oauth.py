"""The authorization-code grant with PKCE (S256) against a remote host, as its client."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from passport.api.consumer import http
from passport.api.consumer.errors import ConsumerError
from passport.api.consumer.models import RemoteHost
from passport.api.consumer.registration import callback_url

REVOCATION_METADATA = "/.well-known/oauth-authorization-server"


@dataclass(frozen=True)
class Authorization:
    """Where to send the learner, and what the callback must see again."""

    url: str
    state: str
    verifier: str


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_in: int | None
    scope: str

    @property
    def expires_at(self):
        if self.expires_in is None:
            return None
        return timezone.now() + timedelta(seconds=self.expires_in)


def authorization(host: RemoteHost) -> Authorization:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    state = secrets.token_urlsafe(24)
    query = {
        "response_type": "code",
        "client_id": host.client_id,
        "redirect_uri": callback_url(),
        "scope": host.scope,
        "state": state,
        "code_challenge": challenge.decode().rstrip("="),
        "code_challenge_method": "S256",
    }
    separator = "&" if urlsplit(host.authorization_url).query else "?"
    return Authorization(f"{host.authorization_url}{separator}{urlencode(query)}", state, verifier)


def exchange(host: RemoteHost, code: str, verifier: str) -> Tokens:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": callback_url(),
        "code_verifier": verifier,
    }
    return _token_request(host, form)


def refresh(host: RemoteHost, refresh_token: str) -> Tokens:
    return _token_request(host, {"grant_type": "refresh_token", "refresh_token": refresh_token})


def _basic(host: RemoteHost) -> dict[str, str]:
    pair = f"{host.client_id}:{host.client_secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def _token_request(host: RemoteHost, form: dict[str, str]) -> Tokens:
    response = http.post(host.token_url, form=form, headers=_basic(host))
    answer = http.json_of(response)
    if response.status != 200 or not isinstance(answer, dict):
        error = answer.get("error") if isinstance(answer, dict) else None
        raise ConsumerError(
            _("%(host)s refused to give Passport access (%(error)s). Connect again.")
            % {"host": host.name, "error": str(error or response.status)[:100]}
        )
    token = answer.get("access_token")
    if not isinstance(token, str) or not token or answer.get("token_type", "").lower() != "bearer":
        raise ConsumerError(
            _("%(host)s answered without a usable access token.") % {"host": host.name}
        )
    expires_in = answer.get("expires_in")
    return Tokens(
        access_token=token,
        refresh_token=answer.get("refresh_token") or "",
        expires_in=expires_in if isinstance(expires_in, int) and expires_in >= 0 else None,
        scope=str(answer.get("scope") or host.scope),
    )


def revoke(host: RemoteHost, token: str, hint: str) -> bool:
    """Ask the host to revoke ``token`` (RFC 7009); True when it said it did."""
    endpoint = _revocation_endpoint(host)
    if not endpoint or not token:
        return False
    try:
        response = http.post(
            endpoint, form={"token": token, "token_type_hint": hint}, headers=_basic(host)
        )
    except ConsumerError:
        return False
    return response.status == 200


def _revocation_endpoint(host: RemoteHost) -> str:
    """RFC 8414: the authorization server's metadata names its revocation endpoint."""
    try:
        response = http.get(http.origin_of(host.token_url) + REVOCATION_METADATA)
        metadata = http.json_of(response) if response.status == 200 else None
        if isinstance(metadata, dict):
            return http.check_endpoint(metadata.get("revocation_endpoint"), "revocation_endpoint")
    except ConsumerError:
        pass
    return ""
