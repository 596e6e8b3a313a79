"""A platform written from the Open Badges 3.0 specification's API section, nothing else.

It speaks plain HTTP through Django's test client: discovery, RFC 7591 registration,
the authorization-code grant with PKCE (S256), tokens with HTTP Basic client
authentication, refresh and RFC 7009 revocation. The learner's browser is a second
client that is signed in to Passport.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

from django.test import Client

SCOPE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
READ = SCOPE + "credential.readonly"
UPSERT = SCOPE + "credential.upsert"
PROFILE_READ = SCOPE + "profile.readonly"
PROFILE_UPDATE = SCOPE + "profile.update"
ALL_SCOPES = f"{READ} {UPSERT} {PROFILE_READ} {PROFILE_UPDATE} offline_access"
REDIRECT_URI = "https://platform.example/callback"


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def registration_request(**overrides) -> dict:
    request = {
        "client_name": "Example Learning Platform",
        "client_uri": "https://platform.example/",
        "logo_uri": "https://platform.example/logo.png",
        "tos_uri": "https://platform.example/terms",
        "policy_uri": "https://platform.example/privacy",
        "software_id": "c88b6ed8-269e-448e-99be-7e2ff47167d1",
        "software_version": "v4.0.30319",
        "redirect_uris": [REDIRECT_URI],
        "token_endpoint_auth_method": "client_secret_basic",
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "scope": ALL_SCOPES,
    }
    request.update(overrides)
    return {k: v for k, v in request.items() if v is not None}


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode().rstrip("=")


@dataclass
class Platform:
    http: Client = field(default_factory=Client)
    sdd: dict = field(default_factory=dict)
    client_id: str = ""
    client_secret: str = ""

    # --- discovery and registration -------------------------------------------------

    @property
    def flow(self) -> dict:
        return self.sdd["components"]["securitySchemes"]["OAuth2ACG"]["flows"]["authorizationCode"]

    def discover(self) -> dict:
        response = self.http.get("/ims/ob/v3p0/discovery", HTTP_ACCEPT="application/json")
        assert response.status_code == 200, response.content
        self.sdd = response.json()
        return self.sdd

    def register(self, **overrides):
        url = self.sdd["components"]["securitySchemes"]["OAuth2ACG"]["x-imssf-registrationUrl"]
        response = self.http.post(
            path_of(url), registration_request(**overrides), content_type="application/json"
        )
        if response.status_code == 201:
            self.client_id = response.json()["client_id"]
            self.client_secret = response.json()["client_secret"]
        return response

    # --- obtaining tokens --------------------------------------------------------------

    def authorization_query(self, scope: str, challenge: str, **extra) -> dict:
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": scope,
            "state": "26357667-94df-4a14-bcb1-f55449ddd98d",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        query.update(extra)
        return {k: v for k, v in query.items() if v is not None}

    def authorize(self, browser: Client, scope: str = ALL_SCOPES, *, allow: bool = True):
        """The learner consents in their browser; the code and verifier come back."""
        verifier, challenge = pkce_pair()
        query = self.authorization_query(scope, challenge)
        url = path_of(self.flow["authorizationUrl"])
        page = browser.get(f"{url}?{urlencode(query)}")
        assert page.status_code == 200, page.content
        form = dict(query)
        if allow:
            form["allow"] = "1"
        answer = browser.post(f"{url}?{urlencode(query)}", form)
        assert answer.status_code == 302, answer.content
        location = answer["Location"]
        assert location.startswith(REDIRECT_URI), location
        params = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        assert params["state"] == query["state"]
        return params, verifier

    def _basic(self) -> str:
        pair = f"{self.client_id}:{self.client_secret}".encode()
        return "Basic " + base64.b64encode(pair).decode()

    def token_request(self, form: dict, *, basic: bool = True):
        headers = {"HTTP_AUTHORIZATION": self._basic()} if basic else {}
        return self.http.post(path_of(self.flow["tokenUrl"]), form, **headers)

    def exchange(self, code: str, verifier: str, scope: str = ALL_SCOPES):
        return self.token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": REDIRECT_URI,
                "scope": scope,
                "code_verifier": verifier,
            }
        )

    def connect(self, browser: Client, scope: str = ALL_SCOPES) -> dict:
        params, verifier = self.authorize(browser, scope)
        response = self.exchange(params["code"], verifier, scope)
        assert response.status_code == 200, response.content
        return response.json()

    def refresh(self, refresh_token: str):
        return self.token_request({"grant_type": "refresh_token", "refresh_token": refresh_token})

    def revoke(self, token: str, hint: str = "access_token"):
        # RFC 8414: the authorization server's metadata names its revocation endpoint.
        metadata = self.http.get("/.well-known/oauth-authorization-server").json()
        url = path_of(metadata["revocation_endpoint"])
        return self.http.post(
            url, {"token": token, "token_type_hint": hint}, HTTP_AUTHORIZATION=self._basic()
        )

    # --- the API -----------------------------------------------------------------------

    def get(self, path: str, token: str, **query):
        return self.http.get(path, query, HTTP_AUTHORIZATION=f"Bearer {token}")

    def upsert(self, token: str, credential, content_type: str | None = None):
        if isinstance(credential, dict):
            body, kind = json.dumps(credential), "application/json"
        else:
            body, kind = credential, "text/plain"
        return self.http.post(
            "/ims/ob/v3p0/credentials",
            body,
            content_type=content_type or kind,
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    def put_profile(self, token: str, profile: dict):
        return self.http.put(
            "/ims/ob/v3p0/profile",
            profile,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
