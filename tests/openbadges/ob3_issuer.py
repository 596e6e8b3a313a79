"""A small Open Badges 3.0 issuer for tests: keys, DIDs, signed credentials, status lists.

Everything an issuer would publish (DID documents, key sets, status lists) is served by
a dict-based ``FakeFetcher``; nothing here touches the network.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
from base64 import urlsafe_b64encode
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

import jwt
import rfc8785
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from badges.openbadges import data_integrity, did
from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch_types import Response

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ED25519_2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
VALID_FROM = "2024-01-01T00:00:00Z"


class FakeFetcher:
    """Serves registered URLs; any other URL fails as an unreachable host would."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self.requests: list[str] = []

    def serve(
        self, url: str, body: Any, *, status: int = 200, content_type: str = "application/json"
    ) -> None:
        if isinstance(body, dict | list):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        self.routes[url] = (status, body, {"content-type": content_type})

    def get(self, url: str, *, accept: str = "application/json") -> Response:
        self.requests.append(url)
        if url not in self.routes:
            raise ImportRefused("fetch_failed", "Could not reach %(url)s.", {"url": url})
        status, content, headers = self.routes[url]
        return Response(url, status, content, headers)

    def get_uncached(self, url: str, *, accept: str = "application/json") -> Response:
        return self.get(url, accept=accept)  # nothing is cached here


# --- keys -----------------------------------------------------------------------------


def _seed(name: str) -> bytes:
    return hashlib.sha256(name.encode()).digest()


@cache
def ed25519_key(name: str = "issuer") -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.from_private_bytes(_seed(name))


@cache
def p256_key(name: str = "issuer") -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(int.from_bytes(_seed(name), "big") % (2**255), ec.SECP256R1())


@cache
def p384_key(name: str = "issuer") -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(int.from_bytes(_seed(name) * 2, "big") % (2**383), ec.SECP384R1())


@cache
def rsa_key(name: str = "issuer") -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEYS = {"ed25519": ed25519_key, "p256": p256_key, "p384": p384_key, "rsa": rsa_key}
ALGORITHMS = {"ed25519": "EdDSA", "p256": "ES256", "p384": "ES384", "rsa": "RS256"}


def _jwk_of(private_key: Any) -> dict[str, Any]:
    return json.loads(_jwk_json(private_key))


def _jwk_json(private_key: Any) -> str:
    public = private_key.public_key()
    if isinstance(public, ed25519.Ed25519PublicKey):
        return jwt.algorithms.OKPAlgorithm.to_jwk(public)
    if isinstance(public, ec.EllipticCurvePublicKey):
        return jwt.algorithms.ECAlgorithm.to_jwk(public)
    return jwt.algorithms.RSAAlgorithm.to_jwk(public)


def private_jwk(private_key: Any) -> dict[str, Any]:
    if isinstance(private_key, rsa.RSAPrivateKey):
        return json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private_key))
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        return json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private_key))
    return json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(private_key))


# --- issuers --------------------------------------------------------------------------


@dataclass
class TestIssuer:
    id: str  # issuer id: a DID or an https URL
    key: Any  # private key
    key_id: str  # verification method / kid
    fetcher: FakeFetcher = field(default_factory=FakeFetcher)
    name: str = "Example University"
    did_document: dict[str, Any] = field(default_factory=dict)

    @property
    def algorithm(self) -> str:
        public = self.key.public_key()
        if isinstance(public, ed25519.Ed25519PublicKey):
            return "EdDSA"
        if isinstance(public, ec.EllipticCurvePublicKey):
            return "ES384" if isinstance(public.curve, ec.SECP384R1) else "ES256"
        return "RS256"


def did_key_issuer(kind: str = "ed25519", fetcher: FakeFetcher | None = None) -> TestIssuer:
    key = KEYS[kind]("did-key-" + kind)
    multikey = did.multikey_of(key.public_key())
    issuer_did = "did:key:" + multikey
    return TestIssuer(issuer_did, key, f"{issuer_did}#{multikey}", fetcher or FakeFetcher())


def did_jwk_issuer(kind: str = "p256", fetcher: FakeFetcher | None = None) -> TestIssuer:
    key = KEYS[kind]("did-jwk-" + kind)
    encoded = urlsafe_b64encode(json.dumps(_jwk_of(key)).encode()).decode().rstrip("=")
    issuer_did = "did:jwk:" + encoded
    return TestIssuer(issuer_did, key, issuer_did + "#0", fetcher or FakeFetcher())


def did_web_issuer(
    kind: str = "ed25519",
    *,
    host: str = "issuer.example",
    path: str = "",
    fetcher: FakeFetcher | None = None,
    publish: bool = True,
) -> TestIssuer:
    """A did:web issuer whose DID document lists its key (Multikey, or JWK for RSA)."""
    fetcher = fetcher or FakeFetcher()
    key = KEYS[kind](f"did-web-{kind}-{host}-{path}")
    issuer_did = (
        "did:web:" + host.replace(":", "%3A") + (":" + path.replace("/", ":") if path else "")
    )
    key_id = issuer_did + "#key-1"
    method: dict[str, Any] = {"id": key_id, "type": "Multikey", "controller": issuer_did}
    if kind == "rsa":
        method.update(type="JsonWebKey2020", publicKeyJwk=_jwk_of(key))
    else:
        method["publicKeyMultibase"] = did.multikey_of(key.public_key())
    document = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": issuer_did,
        "verificationMethod": [method],
        "assertionMethod": ["#key-1"],
    }
    if publish:
        fetcher.serve(did.did_web_url(issuer_did), document)
    return TestIssuer(issuer_did, key, key_id, fetcher, did_document=document)


def jwks_issuer(kind: str = "rsa", fetcher: FakeFetcher | None = None) -> TestIssuer:
    """An https issuer publishing its keys as a JWK Set on its own host."""
    fetcher = fetcher or FakeFetcher()
    key = KEYS[kind]("jwks-" + kind)
    jwk = {**_jwk_of(key), "kid": "2024"}
    fetcher.serve("https://issuer.example/.well-known/jwks.json", {"keys": [jwk]})
    return TestIssuer(
        "https://issuer.example/profile",
        key,
        "https://issuer.example/.well-known/jwks.json#2024",
        fetcher,
    )


# --- credentials ----------------------------------------------------------------------


def credential(
    by: TestIssuer,
    *,
    vcdm: str = "2.0",
    credential_id: str = "urn:uuid:2d8a6ac8-0f0e-4e41-9f60-8b8c6a0e0001",
    subject: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential issued by ``by``; ``fields`` override or add."""
    document: dict[str, Any] = {
        "@context": [VC_V2, OB_303] if vcdm == "2.0" else [VC_V1, OB_303, ED25519_2020],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": by.id, "type": ["Profile"], "name": by.name},
        ("validFrom" if vcdm == "2.0" else "issuanceDate"): VALID_FROM,
        "name": "Teamwork Badge",
        "credentialSubject": subject
        or {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "learner@example.org",
                    "identityType": "emailAddress",
                    "hashed": False,
                }
            ],
            "achievement": {
                "id": "https://issuer.example/achievements/teamwork",
                "type": ["Achievement"],
                "name": "Teamwork",
                "description": "Works well in a team.",
                "criteria": {"narrative": "Nominated by peers."},
            },
        },
    }
    document.update(fields)
    return document


def endorsement_credential(
    by: TestIssuer,
    subject_id: str,
    *,
    comment: str = "A rigorous programme.",
    credential_id: str = "urn:uuid:6f1e6c1a-5a53-4f0e-9d0b-9b0e6a0e0e01",
    **fields: Any,
) -> dict[str, Any]:
    """An unsigned EndorsementCredential by ``by`` about ``subject_id``."""
    document: dict[str, Any] = {
        "@context": [VC_V2, OB_303],
        "id": credential_id,
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": {"id": by.id, "type": ["Profile"], "name": by.name},
        "validFrom": VALID_FROM,
        "name": "Endorsement",
        "credentialSubject": {
            "id": subject_id,
            "type": ["EndorsementSubject"],
            "endorsementComment": comment,
        },
    }
    document.update(fields)
    return document


def sign_data_integrity(
    document: dict[str, Any],
    issuer: TestIssuer,
    *,
    suite: str = "eddsa-rdfc-2022",
    created: str = "2024-01-01T00:00:00Z",
    purpose: str = "assertionMethod",
    verification_method: str | None = None,
    digest: str | None = None,
    encoding: str = "raw",
) -> dict[str, Any]:
    """``document`` with one more proof: eddsa-rdfc-2022, ecdsa-rdfc-2019 (raw r‖s, the
    hash following the curve unless ``digest`` names another), Ed25519Signature2020,
    Ed25519Signature2018 (a detached JWS), or the JSON suites eddsa-jcs-2022 and
    ecdsa-jcs-2019 (whose proof repeats @context)."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    if suite in ("Ed25519Signature2020", "Ed25519Signature2018"):
        options: dict[str, Any] = {"type": suite}
    else:
        options = {"type": "DataIntegrityProof", "cryptosuite": suite}
    options.update(
        created=created,
        verificationMethod=verification_method or issuer.key_id,
        proofPurpose=purpose,
    )
    hasher = getattr(hashlib, digest or _digest_name(issuer.key))
    if suite == "Ed25519Signature2018":
        return _with_proof(document, sign_detached_jws(unsigned, options, issuer.key))
    if "-jcs-" in suite:
        options["@context"] = unsigned["@context"]
        data = hasher(rfc8785.dumps(options)).digest() + hasher(rfc8785.dumps(unsigned)).digest()
    else:
        to_hash = {**options, "@context": unsigned["@context"]}
        data = data_integrity.hash_data(to_hash, unsigned, digest=hasher)
    signature = sign_bytes(issuer.key, data, encoding)
    return _with_proof(document, {**options, "proofValue": "z" + did.base58_encode(signature)})


def sign_detached_jws(
    unsigned: dict[str, Any], options: dict[str, Any], private_key: Any
) -> dict[str, Any]:
    """An Ed25519Signature2018 proof: PyJWT signs the hashes as an unencoded payload."""
    to_hash = {**options, "@context": unsigned["@context"]}
    jws = jwt.api_jws.encode(
        data_integrity.hash_data(to_hash, unsigned),
        private_key,
        algorithm="EdDSA",
        headers={"typ": None, "b64": False, "crit": ["b64"]},
        is_payload_detached=True,
    )
    return {**options, "type": "Ed25519Signature2018", "jws": jws}


def _digest_name(private_key: Any) -> str:
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        return "sha384" if isinstance(private_key.curve, ec.SECP384R1) else "sha256"
    return "sha256"


def sign_bytes(private_key: Any, data: bytes, encoding: str = "raw") -> bytes:
    """An Ed25519 signature, or an ECDSA one as raw r‖s (or DER) with the curve's hash."""
    if not isinstance(private_key, ec.EllipticCurvePrivateKey):
        return private_key.sign(data)
    algorithm = getattr(hashes, _digest_name(private_key).upper())()
    der = private_key.sign(data, ec.ECDSA(algorithm))
    if encoding == "der":
        return der
    size = (private_key.curve.key_size + 7) // 8
    r, s = decode_dss_signature(der)
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def _with_proof(document: dict[str, Any], proof: dict[str, Any]) -> dict[str, Any]:
    signed = copy.deepcopy(document)
    existing = data_integrity.proofs_of(signed)
    signed["proof"] = [*existing, proof] if existing else proof
    return signed


def sign_vc_jwt(
    document: dict[str, Any],
    issuer: TestIssuer,
    *,
    vcdm: str = "2.0",
    header: str = "kid",
    algorithm: str | None = None,
    claims: dict[str, Any] | None = None,
    extra_headers: dict[str, Any] | None = None,
) -> str:
    """A VC-JWT: VCDM 2.0 (the credential is the payload) or 1.1 (under ``vc``)."""
    registered: dict[str, Any] = {
        "iss": issuer.id,
        "jti": document.get("id"),
        "nbf": _unix(document.get("validFrom") or document.get("issuanceDate")),
    }
    subject_id = document.get("credentialSubject", {}).get("id")
    if subject_id:
        registered["sub"] = subject_id
    ends = document.get("validUntil") or document.get("expirationDate")
    if ends:
        registered["exp"] = _unix(ends)
    registered.update(claims or {})
    registered = {k: v for k, v in registered.items() if v is not None}
    payload = {**document, **registered} if vcdm == "2.0" else {"vc": document, **registered}
    headers: dict[str, Any] = {"kid": issuer.key_id} if header == "kid" else {}
    if header == "jwk":
        headers["jwk"] = _jwk_of(issuer.key)
    headers.update(extra_headers or {})
    return jwt.encode(payload, issuer.key, algorithm=algorithm or issuer.algorithm, headers=headers)


def _unix(stamp: str | None) -> int | None:
    if not stamp:
        return None
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())


# --- status lists ---------------------------------------------------------------------


def revocation_list(
    issuer: TestIssuer,
    revoked: dict[str, str] | None = None,
    *,
    url: str = "https://issuer.example/revocations",
) -> dict[str, Any]:
    """Publish a 1EdTech revocation list; the credentialStatus entry pointing at it."""
    issuer.fetcher.serve(
        url,
        {
            "id": url,
            "issuer": issuer.id,
            "revokedCredential": [
                {"id": credential_id, "revocationReason": reason}
                for credential_id, reason in (revoked or {}).items()
            ],
        },
    )
    return {"id": url, "type": "1EdTechRevocationList"}


def encode_bitstring(
    indexes: set[int], *, length_bits: int = 131072, multibase: bool = True
) -> str:
    bits = bytearray(length_bits // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    encoded = urlsafe_b64encode(gzip.compress(bytes(bits))).decode().rstrip("=")
    return "u" + encoded if multibase else encoded


def bitstring_list(
    issuer: TestIssuer,
    set_indexes: set[int],
    *,
    url: str = "https://issuer.example/status/1",
    purpose: str = "revocation",
    sign: bool = True,
    jwt: bool = False,
    vcdm: str = "2.0",
    **fields: Any,
) -> None:
    """Publish a signed BitstringStatusListCredential with the given bits set.

    ``jwt`` signs it as a VC-JWT instead of with an embedded proof; ``fields`` override
    or add properties (``validUntil``, ``expirationDate``…).
    """
    list_credential: dict[str, Any] = {
        "@context": [VC_V2] if vcdm == "2.0" else [VC_V1, ED25519_2020],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.id,
        ("validFrom" if vcdm == "2.0" else "issuanceDate"): VALID_FROM,
        "credentialSubject": {
            "id": url + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode_bitstring(set_indexes),
        },
    }
    list_credential.update(fields)
    if jwt:
        issuer.fetcher.serve(
            url, sign_vc_jwt(list_credential, issuer), content_type="application/vc+jwt"
        )
        return
    if sign:
        list_credential = sign_data_integrity(list_credential, issuer)
    issuer.fetcher.serve(url, list_credential)


def bitstring_entry(
    index: int, *, url: str = "https://issuer.example/status/1", purpose: str = "revocation"
) -> dict[str, Any]:
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


# --- CLR 2.0 learner records ----------------------------------------------------------

CLR_201 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"


def achievement_credential(
    by: TestIssuer, number: int, *, name: str = "", vcdm: str = "2.0", **fields: Any
) -> dict[str, Any]:
    """An unsigned AchievementCredential for the learner: the ``number``-th course."""
    name = name or f"Course {number}"
    document = credential(
        by,
        vcdm=vcdm,
        credential_id=f"urn:uuid:5a0c9e1e-8f6b-4c1d-9a3e-00000000{number:04d}",
        name=name,
        type=["VerifiableCredential", "AchievementCredential"],
    )
    achievement = document["credentialSubject"]["achievement"]
    achievement.update(
        id=f"https://issuer.example/achievements/course-{number}",
        name=name,
        description=f"Passed {name}.",
    )
    document.update(fields)
    return document


def clr_credential(
    by: TestIssuer,
    nested: list[Any],
    *,
    vcdm: str = "2.0",
    credential_id: str = "urn:uuid:c1a2b3c4-0000-4000-8000-00000000c1e1",
    associations: list[dict[str, Any]] | None = None,
    achievements: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """An unsigned ClrCredential by ``by`` holding the ``nested`` credentials."""
    vc = VC_V2 if vcdm == "2.0" else VC_V1
    contexts = [vc, CLR_201, OB_303] + ([] if vcdm == "2.0" else [ED25519_2020])
    document: dict[str, Any] = {
        "@context": contexts,
        "id": credential_id,
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": by.id, "type": ["Profile"], "name": by.name},
        ("validFrom" if vcdm == "2.0" else "issuanceDate"): VALID_FROM,
        "name": "Transcript of Ada Learner",
        "credentialSubject": {
            "type": ["ClrSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "learner@example.org",
                    "identityType": "emailAddress",
                    "hashed": False,
                }
            ],
            "verifiableCredential": nested,
            "achievement": achievements
            if achievements is not None
            else [
                {
                    "id": "https://issuer.example/achievements/degree",
                    "type": ["Achievement"],
                    "achievementType": "Degree",
                    "name": "Bachelor of Science",
                    "description": "Awarded on completing the programme.",
                    "criteria": {"narrative": "All courses passed."},
                }
            ],
            "association": associations
            if associations is not None
            else [
                {
                    "type": "Association",
                    "associationType": "isPartOf",
                    "sourceId": "https://issuer.example/achievements/course-1",
                    "targetId": "https://issuer.example/achievements/degree",
                },
                {
                    "type": "Association",
                    "associationType": "precedes",
                    "sourceId": "https://issuer.example/achievements/course-1",
                    "targetId": "https://issuer.example/achievements/course-2",
                },
            ],
        },
    }
    document.update(fields)
    return document


def signed_clr(
    by: TestIssuer, *, tamper_nested: int | None = None, **fields: Any
) -> dict[str, Any]:
    """A signed CLR holding two signed courses; ``tamper_nested`` (1 or 2) alters one
    course after its own signature, before the record is signed."""
    nested = [sign_data_integrity(achievement_credential(by, n), by) for n in (1, 2)]
    if tamper_nested:
        nested[tamper_nested - 1]["name"] = "Course 99"
    return sign_data_integrity(clr_credential(by, nested, **fields), by)
