"""VC-JWT: an OB 3.0 credential signed as a compact JWS (RS256, ES256, ES384 or EdDSA).

The key comes from the header's ``kid`` (a DID URL or an https URL, resolved by
``did.resolve``) or from its ``jwk`` (self-asserted). The VCDM 2.0 payload is the
credential itself next to the JWT claims; VCDM 1.1 puts the credential under ``vc``.
The JWT claims (``iss``, ``jti``, ``sub``, ``nbf``, ``exp``) must agree with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from . import did
from .errors import ImportRefused, _
from .fetch_types import Fetcher
from .log import step

REGISTERED_CLAIMS = ("iss", "sub", "aud", "exp", "nbf", "iat", "jti")
# JWS algorithm -> the only curve its ECDSA key may be on (RFC 7518 §3.4)
EC_CURVES = {"ES256": ec.SECP256R1, "ES384": ec.SECP384R1}
ALGORITHMS = ("RS256", *EC_CURVES, "EdDSA")
MAX_TOKEN_LENGTH = 2_000_000


@dataclass(frozen=True)
class JwtCheck:
    credential: dict[str, Any]
    claims: dict[str, Any]
    algorithm: str
    key: did.VerificationKey
    steps: tuple[str, ...]


def _key_fits(algorithm: str, key: did.PublicKey) -> bool:
    if algorithm == "RS256":
        return isinstance(key, rsa.RSAPublicKey) and key.key_size >= 2048
    if algorithm in EC_CURVES:
        curve = EC_CURVES[algorithm]
        return isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, curve)
    return algorithm == "EdDSA" and isinstance(key, ed25519.Ed25519PublicKey)


def key_belongs_to(key: did.VerificationKey, issuer_id: str) -> bool:
    """Whether the key may sign for the issuer; a key carried in the token itself
    names no owner and is accepted as self-asserted."""
    if not key.controllers and not key.origin:
        return key.self_asserted
    return key.speaks_for(issuer_id)


def _invalid(message: str, **params: Any) -> ImportRefused:
    return ImportRefused("invalid", message, params)


def looks_like_jws(text: str) -> bool:
    parts = text.strip().split(".")
    return len(parts) == 3 and all(parts[:2]) and parts[0].startswith("ey")


def _header(token: str) -> dict[str, Any]:
    if len(token) > MAX_TOKEN_LENGTH or not looks_like_jws(token):
        raise _invalid(
            _(
                "This is not a signed badge: a signed badge (a JWS) is three runs of letters "
                "and digits joined by dots."
            )
        )
    try:
        header = jwt.get_unverified_header(token)
    except (jwt.PyJWTError, ValueError, TypeError, RecursionError) as error:
        raise _invalid(
            _("The signed badge (JWS) is damaged: its header cannot be read.")
        ) from error
    return header


def _algorithm(header: dict[str, Any]) -> str:
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm.lower() == "none":
        raise ImportRefused(
            "invalid_signature", _("This token is not signed (its algorithm is “none”).")
        )
    if algorithm.upper().startswith("HS"):
        raise ImportRefused(
            "invalid_signature",
            _(
                "This token is signed with a shared secret (%(alg)s), which cannot show "
                "who issued it."
            ),
            {"alg": algorithm[:20]},
        )
    if algorithm not in ALGORITHMS:
        raise ImportRefused(
            "unsupported",
            _(
                "The signature algorithm %(alg)s is not supported (RS256, ES256, ES384 and "
                "EdDSA are)."
            ),
            {"alg": algorithm[:20]},
        )
    return algorithm


def _key(header: dict[str, Any], token: str, fetcher: Fetcher) -> did.VerificationKey:
    kid = header.get("kid")
    if isinstance(kid, str) and kid.startswith("#"):  # relative to the issuer's DID/URL
        kid = _claimed_issuer(token) + kid
    if isinstance(kid, str) and (kid.startswith("did:") or kid.startswith("https://")):
        return did.resolve(kid, fetcher)
    if "jwk" in header:
        key = did.key_from_jwk(header["jwk"])
        return did.VerificationKey(
            key,
            did.jwk_thumbprint_uri(header["jwk"]),
            (),
            self_asserted=True,
            note=step("key taken from the token's own header"),
        )
    raise ImportRefused(
        "invalid_signature",
        _(
            "The signed badge does not say which key signed it (neither the address of a "
            "key, “kid”, nor a key, “jwk”), so its signature cannot be checked."
        ),
    )


def _claimed_issuer(token: str) -> str:
    """The issuer the payload claims, read before the signature is checked."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except (jwt.PyJWTError, ValueError, TypeError, RecursionError):
        return ""
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    if not isinstance(issuer, str) and isinstance(claims, dict):
        credential = claims.get("vc", claims)
        issuer = credential.get("issuer") if isinstance(credential, dict) else None
        issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    return issuer if isinstance(issuer, str) else ""


def unverified_credential(token: Any) -> dict[str, Any] | None:
    """The credential in a token, signature unchecked: only for showing what it claims."""
    if not isinstance(token, str) or not looks_like_jws(token):
        return None
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except (jwt.PyJWTError, ValueError, TypeError, RecursionError):
        return None
    credential = claims.get("vc", claims) if isinstance(claims, dict) else None
    return credential if isinstance(credential, dict) else None


def decode(token: str, fetcher: Fetcher) -> JwtCheck:
    """Verify the JWS signature and return the credential and the JWT claims."""
    token = token.strip()
    header = _header(token)
    algorithm = _algorithm(header)
    key = _key(header, token, fetcher)
    if not _key_fits(algorithm, key.key):
        raise ImportRefused(
            "invalid_signature",
            _("The key %(key)s does not fit the algorithm %(alg)s."),
            {"key": key.key_id[:200], "alg": algorithm},
        )
    claims = _verified_claims(token, key, algorithm)
    credential = _credential(claims)
    steps = [key.note] if key.note else []
    steps.append(
        step(
            "JWS %(algorithm)s signature checked with %(key)s",
            algorithm=algorithm,
            key=key.key_id[:120],
        )
    )
    return JwtCheck(credential, claims, algorithm, key, tuple(steps))


def _verified_claims(token: str, key: did.VerificationKey, algorithm: str) -> dict[str, Any]:
    options = {
        "verify_signature": True,
        "verify_exp": False,  # the validity window is judged with the caller's clock
        "verify_nbf": False,
        "verify_iat": False,
        "verify_aud": False,
        "verify_iss": False,
        "verify_sub": False,
        "verify_jti": False,
    }
    try:
        claims = jwt.decode(token, key=key.key, algorithms=[algorithm], options=options)
    except jwt.InvalidSignatureError as error:
        raise ImportRefused(
            "invalid_signature",
            _("The signature does not match the token: it was changed after it was signed."),
        ) from error
    except (jwt.PyJWTError, ValueError, TypeError, RecursionError) as error:
        raise _invalid(_("The token's payload cannot be read.")) from error
    if not isinstance(claims, dict):
        raise _invalid(_("The token's payload is not a JSON object."))
    return claims


def _credential(claims: dict[str, Any]) -> dict[str, Any]:
    """The credential carried by the token (VCDM 1.1 ``vc`` claim or VCDM 2.0 payload)."""
    if "vc" not in claims:
        return {k: v for k, v in claims.items() if k not in REGISTERED_CLAIMS}
    credential = claims["vc"]
    if not isinstance(credential, dict):
        raise _invalid(_("The token's vc claim is not a credential object."))
    credential = dict(credential)
    # VC-JWT 1.1 lets the claims stand in for properties the credential leaves out.
    if "jti" in claims:
        credential.setdefault("id", claims["jti"])
    if "iss" in claims:
        credential.setdefault("issuer", claims["iss"])
    if "nbf" in claims and "issuanceDate" not in credential and "validFrom" not in credential:
        credential["issuanceDate"] = _iso(claims["nbf"])
    if "exp" in claims and "expirationDate" not in credential and "validUntil" not in credential:
        credential["expirationDate"] = _iso(claims["exp"])
    subject = credential.get("credentialSubject")
    if "sub" in claims and isinstance(subject, dict) and "id" not in subject:
        credential["credentialSubject"] = {**subject, "id": claims["sub"]}
    return credential


def _iso(value: Any) -> Any:
    moment = numeric_date(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else value


def numeric_date(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_datetime(value: Any) -> datetime | None:
    """An xsd:dateTime / RFC 3339 timestamp as an aware datetime (UTC if none given)."""
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return None
    text = value.strip()
    if text[-1:] in "zZ":
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) == 10:  # a bare date is not an xsd:dateTime
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_claims(
    credential: dict[str, Any], claims: dict[str, Any], *, issuer_id: str, subject_id: str
) -> None:
    """The JWT claims must say the same as the credential they carry."""
    pairs = (
        ("iss", claims.get("iss"), issuer_id),
        ("jti", claims.get("jti"), credential.get("id")),
        ("sub", claims.get("sub"), subject_id or None),
    )
    for name, claim, value in pairs:
        if claim is not None and claim != value:
            raise _invalid(
                _("The token's %(claim)s claim (%(value)s) does not match the credential."),
                claim=name,
                value=str(claim)[:200],
            )
    starts = credential.get("validFrom", credential.get("issuanceDate"))
    ends = credential.get("validUntil", credential.get("expirationDate"))
    for name, stamp in (("nbf", starts), ("exp", ends)):
        if name not in claims or stamp is None:  # a lone claim stands in for the date
            continue
        claim = numeric_date(claims[name])
        moment = parse_datetime(stamp)
        if claim is None or moment is None or abs((claim - moment).total_seconds()) >= 1:
            raise _invalid(
                _("The token's %(claim)s claim (%(value)s) does not match the credential."),
                claim=name,
                value=str(claims[name])[:40],
            )
