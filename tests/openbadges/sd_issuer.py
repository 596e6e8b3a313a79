"""An ecdsa-sd-2023 issuer and holder for tests, written from the W3C spec on its own.

The issuer signs every statement of the HMAC-relabelled canonical credential with a key
made for that proof, and the mandatory statements with its own key. The holder drops
what it wants to hide, finds which of the issuer's blank node labels each remaining
blank node carries, and presents the statements it keeps with their signatures.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import itertools
import re
from collections.abc import Callable
from typing import Any

import cbor2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from badges.openbadges import jsonld
from tests.openbadges.ob3_issuer import TestIssuer, _with_proof, sign_bytes

BASE_HEADER = b"\xd9\x5d\x00"
DERIVED_HEADER = b"\xd9\x5d\x01"
HMAC_KEY = bytes(range(32))
_C14N = re.compile(r"_:(c14n\d+)")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _quads(canonical: str, labels: dict[str, str]) -> list[str]:
    relabelled = [
        _C14N.sub(lambda m: "_:" + labels[m.group(1)], line) for line in canonical.splitlines()
    ]
    return sorted((line + "\n" for line in relabelled), key=lambda q: q.encode("utf-16-be"))


def _hmac_labels(canonical: str, key: bytes) -> dict[str, str]:
    names = set(_C14N.findall(canonical))
    return {n: "u" + _b64(hmac.new(key, n.encode(), hashlib.sha256).digest()) for n in names}


def _issuer_mandatory(quad: str) -> bool:
    return "credentials#issuer" in quad


def sign_base(
    document: dict[str, Any],
    issuer: TestIssuer,
    *,
    mandatory: Callable[[str], bool] = _issuer_mandatory,
    pointers: tuple[str, ...] = ("/issuer",),
    tagged: bool = False,
    created: str = "2024-01-01T00:00:00Z",
) -> dict[str, Any]:
    """A base proof; ``mandatory`` picks the statements the holder must always disclose.
    ``tagged`` wraps byte strings in CBOR tag 64, as early implementations did."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "ecdsa-sd-2023",
        "created": created,
        "verificationMethod": issuer.key_id,
        "proofPurpose": "assertionMethod",
    }
    canonical = jsonld.canonize(unsigned)
    quads = _quads(canonical, _hmac_labels(canonical, HMAC_KEY))
    chosen = [q for q in quads if mandatory(q)]
    others = [q for q in quads if not mandatory(q)]
    proof_key = ec.generate_private_key(ec.SECP256R1())
    public = b"\x80\x24" + proof_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
    )
    signatures = [sign_bytes(proof_key, quad.encode()) for quad in others]
    proof_hash = hashlib.sha256(
        jsonld.canonize({**options, "@context": unsigned["@context"]}).encode()
    )
    mandatory_hash = hashlib.sha256("".join(chosen).encode()).digest()
    base_signature = sign_bytes(issuer.key, proof_hash.digest() + public + mandatory_hash)

    def wrap(data: bytes) -> Any:
        return cbor2.CBORTag(64, data) if tagged else data

    components = [
        wrap(base_signature),
        wrap(public),
        wrap(HMAC_KEY),
        [wrap(s) for s in signatures],
        list(pointers),
    ]
    value = "u" + _b64(BASE_HEADER + cbor2.dumps(components))
    return _with_proof(document, {**options, "proofValue": value})


def derive(
    base: dict[str, Any],
    hide: Callable[[dict[str, Any]], None] = lambda document: None,
    *,
    mandatory: Callable[[str], bool] = _issuer_mandatory,
) -> dict[str, Any]:
    """What a holder presents: ``base`` with ``hide`` applied and a derived proof.
    ``mandatory`` is the issuer's choice again (a real holder reads it from the
    pointers in the proof; these tests keep the statements, not the pointers)."""
    proof = base["proof"]
    raw = _unb64(proof["proofValue"][1:])
    base_signature, public, hmac_key, signatures, _pointers = cbor2.loads(raw[3:])
    unsigned = {k: v for k, v in base.items() if k != "proof"}
    full = jsonld.canonize(unsigned)
    full_quads = _quads(full, _hmac_labels(full, hmac_key))
    required = {q for q in full_quads if mandatory(q)}
    optional = [q for q in full_quads if not mandatory(q)]
    signature_of = dict(zip(optional, signatures, strict=True))

    revealed = copy.deepcopy(unsigned)
    hide(revealed)
    canonical = jsonld.canonize(revealed)
    labels = _matching_labels(
        canonical, set(full_quads), list(_hmac_labels(full, hmac_key).values())
    )
    quads = _quads(canonical, labels)
    indexes = [i for i, q in enumerate(quads) if q in required]
    kept = [signature_of[q] for q in quads if q not in required]
    compressed = {int(name[4:]): _unb64(label[1:]) for name, label in labels.items()}
    components = [base_signature, public, kept, compressed, indexes]
    value = "u" + _b64(DERIVED_HEADER + cbor2.dumps(components))
    return {**revealed, "proof": {**proof, "proofValue": value}}


def _matching_labels(canonical: str, signed: set[str], candidates: list[str]) -> dict[str, str]:
    """The issuer's label for each blank node the revealed document still has."""
    names = sorted(set(_C14N.findall(canonical)))
    for choice in itertools.permutations(candidates, len(names)):
        labels = dict(zip(names, choice, strict=True))
        if set(_quads(canonical, labels)) <= signed:
            return labels
    raise AssertionError("the revealed document is not a part of the signed one")
