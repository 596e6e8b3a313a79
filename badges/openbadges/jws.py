"""Compact JWS for Open Badges 1.0 and 2.0 signed assertions.

A signed badge is ``header.payload.signature`` (base64url), its payload the assertion
JSON. ``decode_unverified`` reads it without trusting anything, so the verifier can find
the key; ``verify_signature`` then checks it with PyJWT against that key. Only public-key
algorithms are accepted: ``none`` and the HMAC family prove nothing about the issuer.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from jwt.api_jws import PyJWS

from .errors import ImportRefused, _

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey

RSA_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
EC_ALGORITHMS = {"ES256": "secp256r1", "ES384": "secp384r1", "ES512": "secp521r1"}
ALGORITHMS = RSA_ALGORITHMS | frozenset(EC_ALGORITHMS)

_COMPACT = re.compile(r"^[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]*={0,2}$")
_MAX_LENGTH = 2_000_000


@dataclass(frozen=True)
class CompactJWS:
    text: str  # the compact serialisation, surrounding whitespace removed
    header: dict[str, Any]
    payload: bytes

    @property
    def algorithm(self) -> str:
        alg = self.header.get("alg")
        return alg if isinstance(alg, str) else ""


def looks_like_jws(text: str) -> bool:
    """True when ``text`` has the shape of a compact JWS (three base64url parts)."""
    text = text.strip()
    return len(text) <= _MAX_LENGTH and bool(_COMPACT.match(text))


def decode_unverified(text: str) -> CompactJWS:
    """Split and decode a compact JWS without checking its signature."""
    text = text.strip().lstrip("\ufeff")
    if not looks_like_jws(text):
        raise ImportRefused(
            "invalid",
            _("The signed badge is damaged: it is not a compact JSON Web Signature."),
        )
    header_part, payload_part, _signature = text.split(".")
    header = _json_object(_b64decode(header_part))
    payload = _b64decode(payload_part)
    if header is None or payload is None:
        raise ImportRefused(
            "invalid",
            _("The signed badge is damaged: its header or payload cannot be decoded."),
        )
    return CompactJWS(text, header, payload)


def load_public_key(pem: Any, *, source: str) -> PublicKey:
    """An RSA or EC public key from PEM text; ``invalid_signature`` when unusable."""
    if isinstance(pem, bytes):
        pem = pem.decode("utf-8", errors="replace")
    if not isinstance(pem, str) or "-----BEGIN" not in pem:
        raise _unusable_key(source)
    start = pem.index("-----BEGIN")
    try:
        key = load_pem_public_key(pem[start:].strip().encode("ascii", errors="replace"))
    except (ValueError, TypeError):
        raise _unusable_key(source) from None
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise _unusable_key(source)
    return key


def verify_signature(token: CompactJWS, key: PublicKey, *, key_id: str) -> None:
    """Check ``token``'s signature with ``key``; raises ``invalid_signature`` otherwise."""
    alg = token.algorithm
    check_algorithm(alg)
    if not key_fits(key, alg):
        raise ImportRefused(
            "invalid_signature",
            _("The badge is signed with %(alg)s, which does not fit the key at %(key)s."),
            {"alg": alg, "key": key_id},
        )
    try:
        PyJWS().decode_complete(token.text, key=key, algorithms=[alg])
    except jwt.PyJWTError:
        raise ImportRefused(
            "invalid_signature",
            _(
                "The badge's signature does not match the issuer's key at %(key)s: "
                "the badge was changed after signing or signed with another key."
            ),
            {"key": key_id},
        ) from None


def check_algorithm(alg: str) -> None:
    if alg not in ALGORITHMS:
        raise ImportRefused(
            "invalid_signature",
            _(
                "The badge is signed with the algorithm %(alg)s, which cannot prove who "
                "issued it. Only RSA and elliptic-curve signatures are accepted."
            ),
            {"alg": alg or "none"},
        )


def key_fits(key: PublicKey, alg: str) -> bool:
    if isinstance(key, rsa.RSAPublicKey):
        return alg in RSA_ALGORITHMS and key.key_size >= 1024
    return EC_ALGORITHMS.get(alg) == key.curve.name


def _b64decode(part: str) -> bytes | None:
    part = part.rstrip("=")
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        return None


def _json_object(data: bytes | None) -> dict[str, Any] | None:
    if data is None:
        return None
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _unusable_key(source: str) -> ImportRefused:
    return ImportRefused(
        "invalid_signature",
        _("The issuer's public key at %(key)s is not a usable RSA or elliptic-curve key."),
        {"key": source},
    )
