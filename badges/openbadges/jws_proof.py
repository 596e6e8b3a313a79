"""``Ed25519Signature2018``: a detached JWS over the RDF-canonicalised proof and document.

The legacy Linked Data suite (W3C CCG *Ed25519 Signature 2018*) still carried by older
plugfest credentials. It hashes like Ed25519Signature2020: SHA-256 of the RDFC-1.0
N-Quads of the proof options (the proof without ``jws``, with the document's
``@context``), then of the document. Instead of a multibase ``proofValue`` the proof
holds ``jws``: ``<header>..<signature>``, a JWS with an unencoded payload (RFC 7797,
header ``{"alg":"EdDSA","b64":false,"crit":["b64"]}``) whose signing input is the ASCII
header, a dot, and the raw hash bytes.
"""

from __future__ import annotations

import json
from typing import Any

from . import di_common, did
from .errors import ImportRefused, _

SIGNATURE_FIELDS = ("jws", "signatureValue", "proofValue")


def _refuse_jws() -> ImportRefused:
    return ImportRefused(
        "invalid_signature",
        _(
            "The proof's signature cannot be read: Ed25519Signature2018 needs a detached "
            "JWS (a signature kept apart from the data it signs)."
        ),
    )


def _detached_jws(proof: dict[str, Any]) -> tuple[bytes, bytes]:
    """The JWS's encoded header (as signed) and its signature bytes."""
    jws = proof.get("jws")
    if not isinstance(jws, str) or len(jws) > 4000 or jws.count(".") != 2:
        raise _refuse_jws()
    encoded_header, payload, encoded_signature = jws.split(".")
    try:
        header = json.loads(did.b64url_decode(encoded_header))
        signature = did.b64url_decode(encoded_signature)
    except (ValueError, UnicodeDecodeError) as error:
        raise _refuse_jws() from error
    if payload or not isinstance(header, dict):
        raise _refuse_jws()
    crit = header.get("crit")
    if header.get("b64") is not False or not isinstance(crit, list) or "b64" not in crit:
        raise _refuse_jws()
    if header.get("alg") != "EdDSA":
        raise ImportRefused(
            "invalid_signature",
            _(
                "The proof's signature was made with %(alg)s, but Ed25519Signature2018 "
                "signatures are made with EdDSA."
            ),
            {"alg": str(header.get("alg"))[:20]},
        )
    return encoded_header.encode("ascii"), signature


def check(proof: dict[str, Any], unsigned: dict[str, Any], key: did.PublicKey) -> di_common.Checked:
    encoded_header, signature = _detached_jws(proof)
    options = {k: v for k, v in proof.items() if k not in SIGNATURE_FIELDS}
    options["@context"] = unsigned.get("@context")

    def attempt(aliases: dict[str, str]) -> bool:
        data = encoded_header + b"." + di_common.rdfc_hash_data(options, unsigned, aliases)
        return di_common.signature_valid(key, signature, data)

    return di_common.verified_reading(unsigned, attempt), ()
