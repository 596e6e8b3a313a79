"""A fake Open Badges 0.5–2.0 issuer for tests, served from a dict-based ``FakeFetcher``.

    issuer = FakeIssuer(base="https://issuer.example")
    url, text = issuer.hosted_assertion(recipient="a@b.org", version="2.0")
    token = issuer.signed_assertion(recipient="a@b.org", version="2.0")
    issuer.revoke(url, reason="Awarded in error")
    credential = verify_payload(PayloadText("url", url), issuer.fetcher)

Everything the issuer publishes (profile, badge class, key, revocation lists, hosted
assertions, in their 0.5, 1.0, 1.1 and 2.0 shapes) is served by ``issuer.fetcher``. Change
``issuer.profile``, ``issuer.badge_class``, ``issuer.v1_issuer`` or ``issuer.v1_badge``
and call ``issuer.publish()``, or use ``update_profile``/``update_badge_class``. In any
override, the value ``REMOVE`` deletes the property.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from badges.openbadges import jws
from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch_types import Response
from badges.openbadges.identity import hash_identity

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
OB1_CONTEXT = "https://w3id.org/openbadges/v1"
ISSUED_ON = "2024-01-15T10:00:00Z"
ISSUED_ON_UNIX = 1705312800  # the same moment, for 1.0
VERSIONS = ("0.5", "1.0", "1.1", "2.0")
REMOVE = object()  # an override value that deletes the property


class FakeFetcher:
    """Implements the ``Fetcher`` protocol from a dict of URL → response.

    Unknown URLs answer 404, as a real server would. ``fail(url)`` makes a URL raise
    ``ImportRefused`` instead (network error, blocked address). ``requests`` records every
    call as ``(url, "get" | "get_uncached")``.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Response] = {}
        self.failures: dict[str, ImportRefused] = {}
        self.requests: list[tuple[str, str]] = []

    def serve(
        self,
        url: str,
        body: Any,
        *,
        status: int = 200,
        content_type: str = "application/ld+json",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve ``body`` (dict/list → JSON, str → UTF-8, bytes as is) at ``url``."""
        if isinstance(body, dict | list):
            body = json.dumps(body, indent=2)
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.failures.pop(url, None)
        self.routes[url] = Response(
            url, status, body, {"content-type": content_type, **(headers or {})}
        )

    def remove(self, url: str) -> None:
        self.routes.pop(url, None)

    def fail(self, url: str, code: str = "fetch_failed") -> None:
        self.failures[url] = ImportRefused(code, "Could not reach %(url)s.", {"url": url})

    def get(self, url: str, *, accept: str = "application/json") -> Response:
        self.requests.append((url, "get"))
        return self._answer(url)

    def get_uncached(self, url: str, *, accept: str = "application/json") -> Response:
        self.requests.append((url, "get_uncached"))
        return self._answer(url)

    def fetched(self, url: str) -> int:
        return sum(1 for requested, _how in self.requests if requested == url)

    def _answer(self, url: str) -> Response:
        if url in self.failures:
            raise self.failures[url]
        return self.routes.get(url) or Response(
            url, 404, b"Not Found", {"content-type": "text/plain"}
        )


@cache
def rsa_key(index: int = 0) -> rsa.RSAPrivateKey:
    """Deterministic per index within a test run; generated once (RSA is slow)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@cache
def ec_key(index: int = 0) -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def public_pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def apply(document: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """``document`` updated with ``overrides``; ``REMOVE`` deletes a property."""
    for name, value in overrides.items():
        if value is REMOVE:
            document.pop(name, None)
        else:
            document[name] = value
    return document


class FakeIssuer:
    """An issuer publishing 0.5, 1.0, 1.1 and 2.0 badges at ``base``."""

    def __init__(
        self,
        base: str = "https://issuer.example",
        *,
        name: str = "Example Issuer",
        email: str = "badges@issuer.example",
        key_type: str = "RSA",
        fetcher: FakeFetcher | None = None,
    ) -> None:
        self.base = base.rstrip("/")
        self.fetcher = fetcher or FakeFetcher()
        self.private_key = ec_key(0) if key_type == "EC" else rsa_key(0)
        self.algorithm = "ES256" if key_type == "EC" else "RS256"
        self.stranger_key = rsa_key(1)  # a key this issuer never published
        self.hosted_urls: set[str] = set()
        self._count = 0
        b = self.base
        self.profile_url = f"{b}/issuer.json"
        self.badge_url = f"{b}/badges/robotics.json"
        self.key_url = f"{b}/keys/1.json"
        self.revocation_list_url = f"{b}/revocations.json"
        self.v1_issuer_url = f"{b}/v1/organization.json"
        self.v1_badge_url = f"{b}/v1/badge.json"
        self.v1_key_url = f"{b}/v1/public-key.pem"
        self.v1_revocation_list_url = f"{b}/v1/revoked.json"
        self.profile: dict[str, Any] = {
            "@context": OB2_CONTEXT,
            "type": "Profile",
            "id": self.profile_url,
            "name": name,
            "url": b,
            "email": email,
            "description": "Issues badges for tests.",
            "image": f"{b}/logo.png",
            "publicKey": self.key_url,
            "revocationList": self.revocation_list_url,
        }
        self.badge_class: dict[str, Any] = {
            "@context": OB2_CONTEXT,
            "type": "BadgeClass",
            "id": self.badge_url,
            "name": "Robotics",
            "description": "Built a robot that works.",
            "image": {"id": f"{b}/images/robotics.png", "caption": "A robot"},
            "criteria": {"id": f"{b}/criteria/robotics", "narrative": "Build a *robot*."},
            "issuer": self.profile_url,
            "tags": ["robots", "engineering"],
            "alignment": [
                {
                    "targetName": "Robot building",
                    "targetUrl": "https://standards.example/robots/1",
                    "targetDescription": "Can build a robot.",
                    "targetFramework": "Robot Standards",
                    "targetCode": "RB-1",
                }
            ],
        }
        self.key_document: dict[str, Any] = {
            "@context": OB2_CONTEXT,
            "type": "CryptographicKey",
            "id": self.key_url,
            "owner": self.profile_url,
            "publicKeyPem": self.public_key_pem,
        }
        self.revoked_assertions: list[Any] = []
        self.v1_issuer: dict[str, Any] = {
            "name": name,
            "url": b,
            "email": email,
            "description": "Issues badges for tests.",
            "revocationList": self.v1_revocation_list_url,
        }
        self.v1_badge: dict[str, Any] = {
            "name": "Robotics",
            "description": "Built a robot that works.",
            "image": f"{b}/images/robotics.png",
            "criteria": f"{b}/criteria/robotics",
            "issuer": self.v1_issuer_url,
            "tags": ["robots"],
            "alignment": [{"name": "Robot building", "url": "https://standards.example/robots/1"}],
        }
        self.v1_revoked: dict[str, str] = {}
        self.publish()

    # --- what the issuer publishes ------------------------------------------------

    @property
    def public_key_pem(self) -> str:
        return public_pem(self.private_key)

    def publish(self) -> None:
        """Serve the current profile, badge classes, keys and revocation lists."""
        serve = self.fetcher.serve
        serve(self.profile_url, self.profile)
        serve(self.badge_url, self.badge_class)
        serve(self.key_url, self.key_document)
        serve(
            self.revocation_list_url,
            {
                "@context": OB2_CONTEXT,
                "type": "RevocationList",
                "id": self.revocation_list_url,
                "issuer": self.profile_url,
                "revokedAssertions": self.revoked_assertions,
            },
        )
        serve(self.v1_issuer_url, self.v1_issuer, content_type="application/json")
        serve(self.v1_badge_url, self.v1_badge, content_type="application/json")
        serve(self.v1_key_url, self.public_key_pem, content_type="application/x-pem-file")
        serve(self.v1_revocation_list_url, self.v1_revoked, content_type="application/json")

    def update_profile(self, **changes: Any) -> dict[str, Any]:
        apply(self.profile, changes)
        self.publish()
        return self.profile

    def update_badge_class(self, **changes: Any) -> dict[str, Any]:
        apply(self.badge_class, changes)
        self.publish()
        return self.badge_class

    # --- assertions ---------------------------------------------------------------

    def recipient(
        self, email: str, *, hashed: bool = True, salt: str = "s4lt", version: str = "2.0"
    ) -> Any:
        """The recipient property for ``email`` in ``version``'s shape."""
        identity = hash_identity(email, salt) if hashed else email
        if version == "0.5":
            return identity
        value = {"type": "email", "hashed": hashed, "identity": identity}
        return {**value, "salt": salt} if hashed else value

    def assertion(
        self,
        recipient: Any = "learner@example.org",
        version: str = "2.0",
        *,
        method: str = "hosted",
        hashed: bool = True,
        salt: str = "s4lt",
        **overrides: Any,
    ) -> dict[str, Any]:
        """A new assertion document (not yet served).

        ``recipient`` is the earner's e-mail address, hashed with ``salt`` unless
        ``hashed=False``; anything else (a dict, ``REMOVE``) is used as the
        ``recipient`` property as it is.
        """
        if version not in VERSIONS:
            raise ValueError(f"unknown Open Badges version {version!r}")
        self._count += 1
        n, b = self._count, self.base
        if not isinstance(recipient, str):
            overrides = {"recipient": recipient, **overrides}
            recipient = "learner@example.org"
        who = self.recipient(recipient, hashed=hashed, salt=salt, version=version)
        if version == "0.5":
            doc: dict[str, Any] = {
                "recipient": who,
                "issued_on": "2024-01-15",
                "evidence": f"/evidence/{n}",
                "badge": {
                    "version": "0.5.0",
                    "name": "Robotics",
                    "description": "Built a robot that works.",
                    "image": "/images/robotics.png",
                    "criteria": "/criteria/robotics",
                    "issuer": {
                        "origin": b,
                        "name": self.profile["name"],
                        "contact": self.profile["email"],
                    },
                },
            }
            if hashed:
                doc["salt"] = salt
            return apply(doc, overrides)
        if version in ("1.0", "1.1"):
            url = f"{b}/v1/assertions/{n}.json"
            verify_url = url if method == "hosted" else self.v1_key_url
            doc = {
                "uid": f"uid-{n}",
                "recipient": who,
                "badge": self.v1_badge_url,
                "issuedOn": ISSUED_ON_UNIX if version == "1.0" else ISSUED_ON,
                "verify": {"type": method, "url": verify_url},
                "evidence": f"{b}/evidence/{n}",
            }
            if version == "1.1":
                doc = {"@context": OB1_CONTEXT, "type": "Assertion", "id": url, **doc}
            return apply(doc, overrides)
        assertion_id = f"{b}/assertions/{n}" if method == "hosted" else f"urn:uuid:{uuid.uuid4()}"
        verification = (
            {"type": "HostedBadge"}
            if method == "hosted"
            else {"type": "SignedBadge", "creator": self.key_url}
        )
        doc = {
            "@context": OB2_CONTEXT,
            "type": "Assertion",
            "id": assertion_id,
            "recipient": who,
            "badge": self.badge_url,
            "issuedOn": ISSUED_ON,
            "verification": verification,
            "evidence": [{"id": f"{b}/evidence/{n}", "narrative": "Built it.", "name": "Robot"}],
            "narrative": "Built a working robot.",
        }
        return apply(doc, overrides)

    def hosted_assertion(
        self, recipient: str = "learner@example.org", version: str = "2.0", **overrides: Any
    ) -> tuple[str, str]:
        """Publish a hosted assertion; returns ``(url, json_text)``."""
        doc = self.assertion(recipient, version, method="hosted", **overrides)
        if version == "0.5":
            url = f"{self.base}/v0/assertions/{self._count}.json"
        elif version in ("1.0", "1.1"):
            url = f"{self.base}/v1/assertions/{self._count}.json"
        else:
            url = f"{self.base}/assertions/{self._count}"
        text = json.dumps(doc, indent=2)
        self.fetcher.serve(url, text)
        self.hosted_urls.add(url)
        return url, text

    def signed_assertion(
        self,
        recipient: str = "learner@example.org",
        version: str = "2.0",
        *,
        key: Any = None,
        algorithm: str | None = None,
        headers: dict[str, Any] | None = None,
        **overrides: Any,
    ) -> str:
        """A compact JWS of a new signed assertion (1.0, 1.1 or 2.0)."""
        doc = self.assertion(recipient, version, method="signed", **overrides)
        return self.sign(doc, key=key, algorithm=algorithm, headers=headers)

    def sign(
        self,
        payload: dict[str, Any] | bytes,
        *,
        key: Any = None,
        algorithm: str | None = None,
        headers: dict[str, Any] | None = None,
    ) -> str:
        if isinstance(payload, dict):
            payload = json.dumps(payload).encode("utf-8")
        return jwt.api_jws.encode(
            payload,
            key or self.private_key,
            algorithm=algorithm or self.algorithm,
            headers=headers,
        )

    # --- revocation ---------------------------------------------------------------

    def revoke(self, target: str, reason: str = "", *, how: str = "gone") -> None:
        """Revoke a badge by hosted URL, assertion id, uid or signed JWS.

        A hosted assertion answers ``410 Gone`` (``how="gone"``) or a ``200`` body with
        ``"revoked": true`` (``how="flag"``). A signed one goes on the revocation list: the
        2.0 list as ``{id, revocationReason}`` (a plain string with ``how="string"`` or
        without a reason), the 1.x list as ``uid → reason``.
        """
        if target in self.hosted_urls:
            body = {"@context": OB2_CONTEXT, "id": target, "revoked": True}
            if reason:
                body["revocationReason"] = reason
            self.fetcher.serve(target, body, status=410 if how == "gone" else 200)
            return
        doc = _jws_payload(target) if jws.looks_like_jws(target) else None
        if doc is not None and "verify" in doc:
            self.v1_revoked[doc.get("uid", "")] = reason or "Revoked"
        else:
            assertion_id = doc.get("id") if doc else target
            if how == "string" or not reason:
                self.revoked_assertions.append(assertion_id)
            else:
                self.revoked_assertions.append({"id": assertion_id, "revocationReason": reason})
        self.publish()


def _jws_payload(token: str) -> dict[str, Any] | None:
    try:
        payload = json.loads(jws.decode_unverified(token).payload)
    except (ImportRefused, ValueError):
        return None
    return payload if isinstance(payload, dict) else None
