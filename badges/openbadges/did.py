"""Finding the public key behind a verification method or a JWT ``kid``.

Supported: ``did:key`` (Ed25519, P-256 and P-384 Multikeys, decoded locally), ``did:jwk``,
``did:web`` (its DID document fetched through the safe fetcher), an https URL that
serves a key document, a controller document, a JWK or a JWK Set, and, as the 1EdTech
validator does, an URL whose fragment is itself a Multikey
(``https://issuer.example/#z6Mk…``, ``#zDn…``) when nothing at that URL confirms the key.

Keys that nobody but the credential vouches for (``did:key``, ``did:jwk``, a key in a
URL fragment, a JWK in a JWT header) are marked ``self_asserted``: the signature proves
the credential is intact, not who issued it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from .errors import ImportRefused, _
from .fetch_types import Fetcher
from .log import step

PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}
ED25519_PREFIX = b"\xed\x01"  # multicodec ed25519-pub
P256_PREFIX = b"\x80\x24"  # multicodec p256-pub (compressed point)
P384_PREFIX = b"\x81\x24"  # multicodec p384-pub (compressed point)
# prefix -> (curve, length of the compressed point)
_EC_MULTIKEYS = {P256_PREFIX: (ec.SECP256R1, 33), P384_PREFIX: (ec.SECP384R1, 49)}
DID_ACCEPT = "application/did+json, application/did+ld+json, application/json;q=0.9"


@dataclass(frozen=True)
class VerificationKey:
    key: PublicKey
    key_id: str  # the verification method / kid as given
    controllers: tuple[str, ...]  # identities this key speaks for
    self_asserted: bool
    source_url: str = ""  # where the key was fetched from, if it was
    origin: str = ""  # for bare JWKs: the https origin that published them
    note: str = ""  # one line for the verification log (a log.Step)

    def speaks_for(self, issuer_id: str) -> bool:
        if issuer_id and issuer_id in self.controllers:
            return True
        if self.origin and _origin(issuer_id) == self.origin:
            return True
        # An issuer named only by a URN (urn:uuid:...) can publish no key of its own,
        # so nothing contradicts a self-contained key (did:key, did:jwk); it is
        # accepted as self-asserted: the credential is intact, the issuer unproven.
        return self.self_asserted and issuer_id.startswith("urn:")


def issuer_origin(key: VerificationKey, issuer_id: str) -> str:
    """The web origin (host[:port]) that binds ``key`` to ``issuer_id``, or "".

    Only a key the issuer publishes under its own identifier counts: a ``did:web`` key
    from the issuer's own DID document, or a key served over https from the origin of an
    https issuer id. A key that merely names the issuer as its controller from elsewhere,
    or one that travels with the credential, binds nothing.
    """
    if key.self_asserted:
        return ""
    did = key.key_id.partition("#")[0]
    if did.startswith("did:web:"):
        if did != issuer_id.partition("#")[0] or not key.source_url:
            return ""
        try:
            expected = _origin(did_web_url(did))
        except ValueError:
            return ""
        # Served from the DID's own https origin, not redirected elsewhere.
        if _origin(key.source_url) != expected:
            return ""
        return expected[len("https://") :]
    origin = _origin(key.source_url)
    if origin and origin == _origin(issuer_id):
        return origin[len("https://") :]
    return ""


def refuse_key(message: str, **params: Any) -> ImportRefused:
    return ImportRefused("invalid_signature", message, params)


# --- encodings ---------------------------------------------------------------------


def base58_decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in _B58_INDEX:
            raise ValueError("not base58")
        number = number * 58 + _B58_INDEX[char]
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def base58_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    chars = []
    while number:
        number, rest = divmod(number, 58)
        chars.append(_B58[rest])
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + "".join(reversed(chars))


def multibase_base58btc(value: Any) -> bytes:
    """Bytes of a multibase base58btc string (``z…``); ValueError otherwise."""
    if not isinstance(value, str) or not value.startswith("z") or len(value) > 400:
        raise ValueError("not multibase base58btc")
    return base58_decode(value[1:])


def b64url_decode(value: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64url") from error


def key_from_multikey(value: Any) -> PublicKey:
    """An Ed25519, P-256 or P-384 public key from a multibase Multikey; ValueError otherwise."""
    return key_from_multikey_bytes(multibase_base58btc(value))


def key_from_multikey_bytes(raw: bytes) -> PublicKey:
    """The key of a decoded Multikey (multicodec prefix + key bytes); ValueError otherwise."""
    if raw.startswith(ED25519_PREFIX) and len(raw) == 34:
        return ed25519.Ed25519PublicKey.from_public_bytes(raw[2:])
    curve, size = _EC_MULTIKEYS.get(raw[:2], (None, 0))
    if curve is None or len(raw) != 2 + size or raw[2] not in (2, 3):
        raise ValueError("unsupported multikey")
    return ec.EllipticCurvePublicKey.from_encoded_point(curve(), raw[2:])


def multikey_of(key: PublicKey) -> str:
    """The multibase Multikey of an Ed25519, P-256 or P-384 key (used to mint did:key)."""
    from cryptography.hazmat.primitives import serialization

    if isinstance(key, ed25519.Ed25519PublicKey):
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return "z" + base58_encode(ED25519_PREFIX + raw)
    for prefix, (curve, _size) in _EC_MULTIKEYS.items():
        if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, curve):
            point = key.public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
            )
            return "z" + base58_encode(prefix + point)
    raise ValueError("only Ed25519, P-256 and P-384 keys have a multikey here")


def key_from_jwk(jwk: Any) -> PublicKey:
    """A public key from a JWK; refuses private keys and unusable members."""
    if not isinstance(jwk, dict):
        raise refuse_key(_("The signing key is not a JSON Web Key."))
    if "d" in jwk:
        raise refuse_key(
            _("The credential carries a private key in its signature; it cannot be trusted.")
        )
    try:
        key = jwt.PyJWK(jwk).key
    except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError, KeyError) as error:
        raise refuse_key(
            _("The signing key (JSON Web Key of type %(kty)s) cannot be used."),
            kty=str(jwk.get("kty", "?"))[:20],
        ) from error
    if not isinstance(key, PublicKey):
        raise refuse_key(_("The signing key is not a public key."))
    return key


def jwk_thumbprint_uri(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint of a public JWK, as an RFC 9278 URI: a stable name for it."""
    members = {"RSA": ("e", "kty", "n"), "EC": ("crv", "kty", "x", "y"), "OKP": ("crv", "kty", "x")}
    required = members.get(str(jwk.get("kty")), ())
    canonical = json.dumps(
        {name: jwk.get(name) for name in required}, separators=(",", ":"), sort_keys=True
    )
    digest = hashlib.sha256(canonical.encode()).digest()
    encoded = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    return "urn:ietf:params:oauth:jwk-thumbprint:sha-256:" + encoded


def _key_from_method(method: dict[str, Any], key_id: str) -> PublicKey:
    """The key of a verification method object (Multikey, JWK or base58)."""
    try:
        if "publicKeyMultibase" in method:
            return key_from_multikey(method["publicKeyMultibase"])
        if "publicKeyBase58" in method:  # Ed25519VerificationKey2018
            return ed25519.Ed25519PublicKey.from_public_bytes(
                base58_decode(str(method["publicKeyBase58"]))
            )
    except ValueError as error:
        raise refuse_key(_("The key %(key)s cannot be decoded."), key=key_id) from error
    if "publicKeyJwk" in method:
        return key_from_jwk(method["publicKeyJwk"])
    raise refuse_key(_("The verification method %(key)s holds no usable key."), key=key_id)


# --- fetching -----------------------------------------------------------------------


def fetch_json(fetcher: Fetcher, url: str, *, accept: str = "application/json") -> Any:
    """GET ``url`` through the safe fetcher and parse JSON; HTTP errors → fetch_failed."""
    return fetch_json_from(fetcher, url, accept=accept)[0]


def fetch_json_from(
    fetcher: Fetcher, url: str, *, accept: str = "application/json"
) -> tuple[Any, str]:
    """``fetch_json`` and the address that finally answered, after any redirect: what
    binds a key to an origin is where it was served from, not where it was asked for."""
    response = fetcher.get(url, accept=accept)
    final = response.url or url
    return _json_of(response, url), final


def _json_of(response, url: str) -> Any:
    if response.status != 200:
        raise ImportRefused(
            "fetch_failed",
            _("%(url)s answered with HTTP status %(status)s."),
            {"url": url, "status": response.status},
        )
    try:
        return json.loads(response.content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ImportRefused(
            "invalid", _("%(url)s did not answer with JSON."), {"url": url}
        ) from error


def _origin(url: Any) -> str:
    if not isinstance(url, str):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme != "https" or not parts.netloc:
        return ""
    return f"https://{parts.netloc.lower()}"


# --- resolution ---------------------------------------------------------------------


def resolve(key_id: Any, fetcher: Fetcher) -> VerificationKey:
    """The public key named by a verification method or JWT ``kid``."""
    if not isinstance(key_id, str) or not key_id:
        raise refuse_key(_("The signature does not say which key made it."))
    if len(key_id) > 2048:
        raise refuse_key(_("The signing key identifier is too long."))
    if key_id.startswith("did:key:"):
        return _resolve_did_key(key_id)
    if key_id.startswith("did:jwk:"):
        return _resolve_did_jwk(key_id)
    if key_id.startswith("did:web:"):
        return _resolve_did_web(key_id, fetcher)
    if key_id.startswith("did:"):
        method = key_id.split(":")[1] if key_id.count(":") >= 2 else ""
        raise ImportRefused(
            "unsupported",
            _("Keys published with the DID method %(method)s are not supported."),
            {"method": method or key_id[:40]},
        )
    if key_id.startswith("https://"):
        return _resolve_https(key_id, fetcher)
    raise refuse_key(
        _("The signing key %(key)s is neither a DID nor an https address."), key=key_id[:200]
    )


def _resolve_did_key(key_id: str) -> VerificationKey:
    did, _sep, fragment = key_id.partition("#")
    value = did[len("did:key:") :]
    if fragment and fragment != value:
        raise refuse_key(_("The key %(key)s is not a valid did:key."), key=key_id)
    try:
        key = key_from_multikey(value)
    except ValueError as error:
        raise refuse_key(_("The key %(key)s is not a valid did:key."), key=key_id) from error
    return VerificationKey(
        key, key_id, (did,), self_asserted=True, note=step("key decoded from %(did)s", did=did)
    )


def _resolve_did_jwk(key_id: str) -> VerificationKey:
    did = key_id.partition("#")[0]
    try:
        jwk = json.loads(b64url_decode(did[len("did:jwk:") :]))
    except (ValueError, UnicodeDecodeError) as error:
        raise refuse_key(
            _(
                "The signing key %(key)s is damaged: it is not a valid did:jwk (a key "
                "written into its own name)."
            ),
            key=key_id,
        ) from error
    return VerificationKey(
        key_from_jwk(jwk), key_id, (did,), self_asserted=True, note=step("key decoded from did:jwk")
    )


def did_web_url(did: str) -> str:
    """Where the DID document of a ``did:web`` lives (did:web method spec, §3.2.1)."""
    parts = [unquote(part) for part in did[len("did:web:") :].split(":")]
    host, segments = parts[0], parts[1:]
    if (
        not host
        or any(c in host for c in "/\\@?#")
        or any(
            segment in ("", ".", "..") or any(c in segment for c in "/\\?#") for segment in segments
        )
    ):
        raise ValueError("bad did:web")
    path = "/".join(segments)
    url = f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"
    parsed = urlsplit(url)
    if parsed.hostname is None or parsed.query or parsed.fragment:
        raise ValueError("bad did:web")
    return url


def _resolve_did_web(key_id: str, fetcher: Fetcher) -> VerificationKey:
    did = key_id.partition("#")[0]
    try:
        url = did_web_url(did)
    except ValueError as error:
        raise refuse_key(_("%(did)s is not a valid did:web."), did=did[:200]) from error
    document, served_from = fetch_json_from(fetcher, url, accept=DID_ACCEPT)
    if not isinstance(document, dict) or document.get("id") != did:
        raise refuse_key(
            _("The DID document at %(url)s is not the document of %(did)s."), url=url, did=did
        )
    method = _find_method(document, key_id, base=did)
    if method is None:
        raise refuse_key(_("The DID document of %(did)s has no key %(key)s."), did=did, key=key_id)
    if not _authorised(document, key_id, base=did):
        raise refuse_key(
            _("The DID document of %(did)s does not allow %(key)s to issue credentials."),
            did=did,
            key=key_id,
        )
    controllers = tuple({did, str(method.get("controller", did))})
    return VerificationKey(
        _key_from_method(method, key_id),
        key_id,
        controllers,
        self_asserted=False,
        source_url=served_from,
        note=step("DID document fetched from %(url)s", url=served_from),
    )


def _absolute(ref: Any, base: str) -> str:
    if not isinstance(ref, str):
        return ""
    return base + ref if ref.startswith("#") else ref


def _find_method(document: dict[str, Any], key_id: str, *, base: str) -> dict[str, Any] | None:
    candidates = document.get("verificationMethod", [])
    if isinstance(candidates, dict):
        candidates = [candidates]
    assertion = document.get("assertionMethod", [])
    if not isinstance(candidates, list) or not isinstance(assertion, list):
        return None
    for method in candidates + [m for m in assertion if isinstance(m, dict)]:
        if isinstance(method, dict) and _absolute(method.get("id"), base) == key_id:
            return method
    return None


def _authorised(document: dict[str, Any], key_id: str, *, base: str) -> bool:
    assertion = document.get("assertionMethod")
    if not isinstance(assertion, list):
        return False
    for entry in assertion:
        ref = entry.get("id") if isinstance(entry, dict) else entry
        if _absolute(ref, base) == key_id:
            return True
    return False


def _resolve_https(key_id: str, fetcher: Fetcher) -> VerificationKey:
    url, _sep, fragment = key_id.partition("#")
    try:
        document, served_from = fetch_json_from(
            fetcher, url, accept="application/json, application/jwk-set+json"
        )
        found = _key_from_document(document, key_id, url, fragment, served_from=served_from)
    except ImportRefused:
        found = None
        if _fragment_key(key_id) is None:
            raise
    if found is not None:
        return found
    fallback = _fragment_key(key_id)
    if fallback is None:
        raise refuse_key(_("No key %(key)s was found at %(url)s."), key=key_id, url=url)
    return fallback


def _fragment_key(key_id: str) -> VerificationKey | None:
    """``<controller>#<Multikey>``: the key travels in its own identifier."""
    controller, _sep, fragment = key_id.partition("#")
    try:
        key = key_from_multikey(fragment)
    except ValueError:
        return None
    return VerificationKey(
        key,
        key_id,
        (controller,),
        self_asserted=True,
        note=step("key taken from the verification method's own address (not confirmed there)"),
    )


def _key_from_document(
    document: Any, key_id: str, url: str, fragment: str, *, served_from: str = ""
) -> VerificationKey | None:
    if not isinstance(document, dict):
        return None
    source = served_from or url
    origin = _origin(source)
    note = step("key fetched from %(url)s", url=source)
    if isinstance(document.get("keys"), list):  # JWK Set
        keys = [k for k in document["keys"] if isinstance(k, dict)]
        chosen = [k for k in keys if fragment and k.get("kid") in (fragment, key_id)]
        if not chosen and len(keys) == 1 and not fragment:
            chosen = keys
        if not chosen:
            return None
        key = key_from_jwk(chosen[0])
        return VerificationKey(key, key_id, (), False, source, origin, note)
    if "kty" in document:  # a bare JWK
        key = key_from_jwk(document)
        return VerificationKey(key, key_id, (), False, source, origin, note)
    if _absolute(document.get("id"), url) == key_id and "controller" in document:
        key = _key_from_method(document, key_id)  # a key document
        controllers = (str(document["controller"]),)
        return VerificationKey(key, key_id, controllers, False, source, "", note)
    method = _find_method(document, key_id, base=url)
    if method is None:
        return None
    if "assertionMethod" in document and not _authorised(document, key_id, base=url):
        return None
    controller = str(method.get("controller") or document.get("id") or "")
    key = _key_from_method(method, key_id)
    return VerificationKey(key, key_id, (controller,), False, source, "", note)
