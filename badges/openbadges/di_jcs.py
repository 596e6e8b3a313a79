"""Data Integrity over JSON: ``eddsa-jcs-2022`` and ``ecdsa-jcs-2019``.

These suites sign ``hash(JCS(proof options)) ‖ hash(JCS(document))``, where JCS is the
JSON Canonicalization Scheme (RFC 8785) and the proof options are the proof without
``proofValue``. No JSON-LD processing is involved: every property of the JSON is
signed, whether or not a context defines it. When the proof carries an ``@context``
it must be the beginning of the document's, and the document is read with it (VC Data
Integrity, Verify Proof). The hash follows the key: SHA-256 for Ed25519 and P-256,
SHA-384 for P-384.

JCS comes from ``rfc8785`` (Trail of Bits, Apache-2.0): a small, pure-Python
implementation with the RFC's number formatting and UTF-16 property ordering.
"""

from __future__ import annotations

import hashlib
from typing import Any

import rfc8785

from . import di_common, did, jsonld
from .errors import ImportRefused, _


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 canonical form of ``value``; ``invalid`` if JSON cannot hold it exactly."""
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, RecursionError) as error:
        raise ImportRefused(
            "invalid",
            _(
                "This credential holds a value (such as a number too large to be exact) "
                "that signed JSON cannot represent, so its signature cannot be checked."
            ),
        ) from error


def hash_data(
    options: dict[str, Any],
    document: dict[str, Any],
    *,
    digest: di_common.Digest = hashlib.sha256,
) -> bytes:
    return digest(canonical_json(options)).digest() + digest(canonical_json(document)).digest()


def check(proof: dict[str, Any], unsigned: dict[str, Any], key: did.PublicKey) -> di_common.Checked:
    """Verify one JCS proof; there is no RDF reading to report on (None), and no steps."""
    signature = di_common.base58_signature(proof, key)
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    document = unsigned
    if "@context" in options:
        signed = jsonld.contexts_of(options)
        if jsonld.contexts_of(unsigned)[: len(signed)] != signed:
            raise ImportRefused(
                "invalid_signature",
                _(
                    "The proof was signed with other vocabularies (@context) than the ones "
                    "the credential names."
                ),
            )
        document = {**unsigned, "@context": options["@context"]}
    data = hash_data(options, document, digest=di_common.digest_for(key))
    if not di_common.signature_valid(key, signature, data):
        raise di_common.changed_after_signing()
    return None, ()
