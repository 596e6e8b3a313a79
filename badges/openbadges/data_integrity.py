"""Embedded proofs: ``DataIntegrityProof`` (eddsa-rdfc-2022) and ``Ed25519Signature2020``.

Both sign ``SHA-256(canonical proof options) ‖ SHA-256(canonical document)`` with
Ed25519, where the proof options are the proof without ``proofValue`` and with the
document's ``@context``, and canonical means RDFC-1.0 (URDNA2015) N-Quads.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from . import did, jsonld
from .errors import ImportRefused, _
from .fetch_types import Fetcher

# (proof type, cryptosuite) -> algorithm name recorded in the verification
SUITES = {
    ("DataIntegrityProof", "eddsa-rdfc-2022"): "eddsa-rdfc-2022",
    ("DataIntegrityProof", "eddsa-2022"): "eddsa-2022",  # the suite's earlier name
    ("Ed25519Signature2020", None): "Ed25519Signature2020",
}

# Fields the badge is shown with: under VC 1.1 (no @vocab) a term its contexts do not
# define is silently left out of the canonical form, so nothing would protect it.
DISPLAYED_TERMS = frozenset(
    {
        "name",
        "description",
        "image",
        "issuer",
        "url",
        "email",
        "credentialSubject",
        "identifier",
        "identityHash",
        "identityType",
        "hashed",
        "salt",
        "achievement",
        "criteria",
        "narrative",
        "alignment",
        "targetName",
        "targetUrl",
        "tag",
        "evidence",
        "endorsement",
        "endorsementComment",
        "awardedDate",
        "validFrom",
        "validUntil",
        "issuanceDate",
        "expirationDate",
        "credentialStatus",
        "resultDescription",
        "result",
    }
)
_UNSIGNED_VOCAB = "urn:passport:unsigned-term:"


@dataclass(frozen=True)
class ProofCheck:
    algorithm: str
    key: did.VerificationKey
    steps: tuple[str, ...]


def proofs_of(document: dict[str, Any]) -> list[Any]:
    proofs = document.get("proof")
    if proofs is None:
        return []
    return proofs if isinstance(proofs, list) else [proofs]


def _suite(proof: Any) -> str | None:
    if not isinstance(proof, dict):
        return None
    kind, suite = proof.get("type"), proof.get("cryptosuite")
    if kind == "DataIntegrityProof":
        return SUITES.get((kind, suite)) if isinstance(suite, str) else None
    return SUITES.get((kind, None)) if isinstance(kind, str) else None


def _describe(proof: Any) -> str:
    if not isinstance(proof, dict):
        return "?"
    kind = str(proof.get("type", "?"))[:60]
    suite = proof.get("cryptosuite")
    return f"{kind} ({str(suite)[:40]})" if suite else kind


def verify_proofs(document: dict[str, Any], fetcher: Fetcher, *, issuer_id: str) -> ProofCheck:
    """Verify the embedded proofs: one supported proof must verify and none may fail."""
    proofs = proofs_of(document)
    if not proofs:
        raise ImportRefused(
            "invalid_signature",
            _("This credential carries no proof: nothing shows who issued it."),
        )
    supported = [p for p in proofs if _suite(p)]
    if not supported:
        raise ImportRefused(
            "unsupported",
            _("This credential is signed with %(types)s, which Passport cannot check."),
            {"types": ", ".join(sorted({_describe(p) for p in proofs}))},
        )
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    checks = [_verify_one(proof, unsigned, fetcher, issuer_id) for proof in supported]
    steps = [step for check in checks for step in check.steps]
    ignored = len(proofs) - len(supported)
    if ignored:
        steps.append(f"{ignored} proof(s) of another type ignored")
    return ProofCheck(checks[0].algorithm, checks[0].key, tuple(steps))


def _verify_one(
    proof: dict[str, Any], unsigned: dict[str, Any], fetcher: Fetcher, issuer_id: str
) -> ProofCheck:
    algorithm = _suite(proof) or ""
    if proof.get("proofPurpose") != "assertionMethod":
        raise ImportRefused(
            "invalid_signature",
            _("The proof's purpose is %(purpose)s, not assertionMethod."),
            {"purpose": str(proof.get("proofPurpose"))[:60]},
        )
    signature = _signature(proof)
    key = did.resolve(proof.get("verificationMethod"), fetcher)
    steps = [key.note] if key.note else []
    if not isinstance(key.key, ed25519.Ed25519PublicKey):
        raise ImportRefused(
            "invalid_signature",
            _("The key %(key)s is not an Ed25519 key, as %(suite)s requires."),
            {"key": key.key_id, "suite": algorithm},
        )
    if not key.speaks_for(issuer_id):
        raise ImportRefused(
            "invalid_signature",
            _("The signing key %(key)s does not belong to the issuer %(issuer)s."),
            {"key": key.key_id, "issuer": issuer_id},
        )
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = unsigned.get("@context")
    aliases = _verified_reading(key.key, signature, options, unsigned)
    steps.append(f"Proof {algorithm} checked with {key.key_id}")
    steps.extend(_unsigned_terms_step(unsigned, aliases))
    return ProofCheck(algorithm, key, tuple(steps))


def _signature(proof: dict[str, Any]) -> bytes:
    try:
        signature = did.multibase_base58btc(proof.get("proofValue"))
    except ValueError:
        signature = b""
    if len(signature) != 64:
        raise ImportRefused(
            "invalid_signature",
            _("The proof value is not a base58btc-encoded Ed25519 signature."),
        )
    return signature


def hash_data(options: dict[str, Any], document: dict[str, Any], aliases=None) -> bytes:
    """proofHash ‖ documentHash, as the eddsa-rdfc-2022 and Ed25519Signature2020 suites sign."""
    proof_hash = hashlib.sha256(jsonld.canonize(options, aliases=aliases).encode()).digest()
    document_hash = hashlib.sha256(jsonld.canonize(document, aliases=aliases).encode()).digest()
    return proof_hash + document_hash


def _verified_reading(
    key: ed25519.Ed25519PublicKey,
    signature: bytes,
    options: dict[str, Any],
    document: dict[str, Any],
) -> dict[str, str]:
    """The context reading under which the signature verifies, or invalid_signature."""
    readings = jsonld.ob3_revision_aliases(document)
    unreadable: ImportRefused | None = None  # a reading that could not even be made
    checked = False
    for aliases in readings:
        try:
            data = hash_data(options, document, aliases)
        except ImportRefused as refusal:
            if len(readings) == 1 or refusal.code not in ("unsupported", "invalid"):
                raise
            unreadable = unreadable or refusal
            continue
        checked = True
        try:
            key.verify(signature, data)
        except InvalidSignature:
            continue
        return aliases
    if not checked and unreadable is not None:
        raise unreadable
    raise ImportRefused(
        "invalid_signature",
        _("The signature does not match the credential: it was changed after it was signed."),
    )


def _unsigned_terms_step(document: dict[str, Any], aliases: dict[str, str]) -> list[str]:
    """Refuse when a displayed field is outside the signature (possible only in VC 1.1)."""
    contexts = jsonld.contexts_of(document)
    if jsonld.VC_V2 in contexts:  # VC 2.0 maps every undefined term with @vocab
        return []
    probe = dict(document, **{"@context": [*contexts, {"@vocab": _UNSIGNED_VOCAB}]})
    terms = set()
    for line in jsonld.canonize(probe, aliases=aliases).splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1].startswith("<" + _UNSIGNED_VOCAB):
            terms.add(parts[1][len(_UNSIGNED_VOCAB) + 1 : -1])
    if not terms:
        return []
    shown = sorted(terms & DISPLAYED_TERMS)
    if shown:
        raise ImportRefused(
            "invalid_signature",
            _("The fields %(fields)s of this credential are not covered by its signature."),
            {"fields": ", ".join(shown)},
        )
    return [f"Fields outside the signature, not used: {', '.join(sorted(terms))[:300]}"]
