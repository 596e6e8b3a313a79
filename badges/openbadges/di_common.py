"""What every Data Integrity cryptosuite shares: key kinds, hashes and signature checks.

ECDSA suites hash with the digest that matches the curve (SHA-256 for P-256, SHA-384
for P-384) and carry the signature as raw ``r ‖ s``, each half as long as the curve's
field; Ed25519 signatures are 64 bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from . import did, jsonld
from .errors import ImportRefused, _

Digest = Callable[..., Any]  # hashlib.sha256 and the like
# What a suite's check returns: the context reading it verified under (None when it
# signs JSON, not RDF) and any steps for the verification log.
Checked = tuple[dict[str, str] | None, tuple[str, ...]]

# curve -> (name shown to people, hashlib digest, cryptography hash)
CURVES: dict[type[ec.EllipticCurve], tuple[str, Digest, type[hashes.HashAlgorithm]]] = {
    ec.SECP256R1: ("P-256", hashlib.sha256, hashes.SHA256),
    ec.SECP384R1: ("P-384", hashlib.sha384, hashes.SHA384),
}


def is_ed25519(key: did.PublicKey) -> bool:
    return isinstance(key, ed25519.Ed25519PublicKey)


def is_nist_ecdsa(key: did.PublicKey) -> bool:
    """A P-256 or P-384 key: the two curves the ECDSA cryptosuites allow."""
    return isinstance(key, ec.EllipticCurvePublicKey) and type(key.curve) in CURVES


def curve_name(key: did.PublicKey) -> str:
    return CURVES[type(key.curve)][0] if is_nist_ecdsa(key) else "Ed25519"


def digest_for(key: did.PublicKey) -> Digest:
    """The hash an ECDSA suite uses with this key (SHA-256 for Ed25519 and P-256)."""
    return CURVES[type(key.curve)][1] if is_nist_ecdsa(key) else hashlib.sha256


def signature_size(key: did.PublicKey) -> int:
    if is_nist_ecdsa(key):
        return 2 * ((key.curve.key_size + 7) // 8)
    return 64


def signature_valid(key: did.PublicKey, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` (Ed25519, or ECDSA as raw r‖s) signs ``data`` with ``key``."""
    if len(signature) != signature_size(key):
        return False
    try:
        if is_nist_ecdsa(key):
            half = len(signature) // 2
            r, s = (int.from_bytes(part, "big") for part in (signature[:half], signature[half:]))
            algorithm = CURVES[type(key.curve)][2]()
            key.verify(encode_dss_signature(r, s), data, ec.ECDSA(algorithm))
        elif is_ed25519(key):
            key.verify(signature, data)
        else:
            return False
    except InvalidSignature:
        return False
    return True


def base58_signature(proof: dict[str, Any], key: did.PublicKey) -> bytes:
    """The proof's ``proofValue`` (multibase base58btc) as a signature of the key's size."""
    try:
        signature = did.multibase_base58btc(proof.get("proofValue"))
    except ValueError:
        signature = b""
    if len(signature) == signature_size(key):
        return signature
    if is_ed25519(key):
        raise ImportRefused(
            "invalid_signature",
            _("The proof value is not a base58btc-encoded Ed25519 signature."),
        )
    raise ImportRefused(
        "invalid_signature",
        _("The proof value is not a base58btc-encoded %(curve)s signature."),
        {"curve": curve_name(key)},
    )


def rdfc_hash_data(
    options: dict[str, Any],
    document: dict[str, Any],
    aliases: dict[str, str] | None = None,
    *,
    digest: Digest = hashlib.sha256,
) -> bytes:
    """hash(RDFC-1.0 proof options) ‖ hash(RDFC-1.0 document), as the RDFC suites sign."""
    proof_hash = digest(jsonld.canonize(options, aliases=aliases).encode()).digest()
    document_hash = digest(jsonld.canonize(document, aliases=aliases).encode()).digest()
    return proof_hash + document_hash


def changed_after_signing() -> ImportRefused:
    return ImportRefused(
        "invalid_signature",
        _("The signature does not match the credential: it was changed after it was signed."),
    )


def verified_reading(
    document: dict[str, Any], attempt: Callable[[dict[str, str]], bool]
) -> dict[str, str]:
    """The context reading under which ``attempt`` verifies, or invalid_signature.

    A credential naming the unversioned OB 3.0 context may have been signed under any
    revision it served; each is tried. A reading that cannot even be made (an unknown
    context in one revision) only counts when no reading could be made at all.
    """
    readings = jsonld.ob3_revision_aliases(document)
    unreadable: ImportRefused | None = None
    checked = False
    for aliases in readings:
        try:
            verified = attempt(aliases)
        except ImportRefused as refusal:
            if len(readings) == 1 or refusal.code not in ("unsupported", "invalid"):
                raise
            unreadable = unreadable or refusal
            continue
        checked = True
        if verified:
            return aliases
    if not checked and unreadable is not None:
        raise unreadable
    raise changed_after_signing()
