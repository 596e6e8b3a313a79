"""Embedded proofs: ``DataIntegrityProof`` cryptosuites and the older named proof types.

Over RDF: ``eddsa-rdfc-2022`` (and its earlier name ``eddsa-2022``),
``Ed25519Signature2020`` and ``ecdsa-rdfc-2019`` (P-256 with SHA-256, P-384 with
SHA-384), and the legacy ``Ed25519Signature2018`` (a detached JWS, in ``jws_proof``).
Each signs ``hash(canonical proof options) ‖ hash(canonical document)``,
where the proof options are the proof without ``proofValue`` and with the document's
``@context``, and canonical means RDFC-1.0 (URDNA2015) N-Quads. Over JSON (RFC 8785):
``eddsa-jcs-2022`` and ``ecdsa-jcs-2019``, in ``di_jcs``. Selective disclosure:
``ecdsa-sd-2023`` base and derived proofs, in ``ecdsa_sd``. A proof of any other type or
cryptosuite (``bbs-2023``, for one) is ``unsupported`` and named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import di_common, di_jcs, did, ecdsa_sd, jsonld, jws_proof
from .errors import ImportRefused, _
from .fetch_types import Fetcher
from .log import Step, step, step_plural

# Checks one proof with its key, or raises ImportRefused.
Checked = di_common.Checked
ProofCheckFunction = Callable[[dict[str, Any], dict[str, Any], did.PublicKey], Checked]


@dataclass(frozen=True)
class Suite:
    name: str  # recorded as the verification's algorithm
    key_fits: Callable[[did.PublicKey], bool]
    wrong_key: str  # refusal when it does not, with %(key)s and %(suite)s
    check: ProofCheckFunction


_ED25519_ONLY = _("The key %(key)s is not an Ed25519 key, as %(suite)s requires.")
_NIST_ECDSA_ONLY = _("The key %(key)s is not a P-256 or P-384 key, as %(suite)s requires.")


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
    steps: tuple[Step, ...]


def proofs_of(document: dict[str, Any]) -> list[Any]:
    proofs = document.get("proof")
    if proofs is None:
        return []
    return proofs if isinstance(proofs, list) else [proofs]


def _suite(proof: Any) -> Suite | None:
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
        steps.append(
            step_plural(
                "%(count)d proof of another type ignored",
                "%(count)d proofs of another type ignored",
                ignored,
            )
        )
    return ProofCheck(checks[0].algorithm, checks[0].key, tuple(steps))


def _verify_one(
    proof: dict[str, Any], unsigned: dict[str, Any], fetcher: Fetcher, issuer_id: str
) -> ProofCheck:
    suite = _suite(proof)
    assert suite is not None  # only supported proofs get here
    if proof.get("proofPurpose") != "assertionMethod":
        raise ImportRefused(
            "invalid_signature",
            _("The proof's purpose is %(purpose)s, not assertionMethod."),
            {"purpose": str(proof.get("proofPurpose"))[:60]},
        )
    key = did.resolve(proof.get("verificationMethod"), fetcher)
    steps = [key.note] if key.note else []
    if not suite.key_fits(key.key):
        raise ImportRefused(
            "invalid_signature", suite.wrong_key, {"key": key.key_id, "suite": suite.name}
        )
    if not key.speaks_for(issuer_id):
        raise ImportRefused(
            "invalid_signature",
            _("The signing key %(key)s does not belong to the issuer %(issuer)s."),
            {"key": key.key_id, "issuer": issuer_id},
        )
    aliases, notes = suite.check(proof, unsigned, key.key)
    steps.append(step("Proof %(suite)s checked with %(key)s", suite=suite.name, key=key.key_id))
    steps.extend(notes)
    if aliases is not None:
        steps.extend(_unsigned_terms_step(unsigned, aliases))
    return ProofCheck(suite.name, key, tuple(steps))


# hash(canonical proof options) ‖ hash(canonical document), as the RDFC suites sign
hash_data = di_common.rdfc_hash_data


def _rdfc_check(proof: dict[str, Any], unsigned: dict[str, Any], key: did.PublicKey) -> Checked:
    """eddsa-rdfc-2022, ecdsa-rdfc-2019, Ed25519Signature2020: one signature over the hashes."""
    signature = di_common.base58_signature(proof, key)
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = unsigned.get("@context")
    digest = di_common.digest_for(key)

    def attempt(aliases: dict[str, str]) -> bool:
        data = hash_data(options, unsigned, aliases, digest=digest)
        return di_common.signature_valid(key, signature, data)

    return di_common.verified_reading(unsigned, attempt), ()


_EDDSA_RDFC = (di_common.is_ed25519, _ED25519_ONLY, _rdfc_check)

# (proof type, cryptosuite) -> suite
SUITES: dict[tuple[str, str | None], Suite] = {
    ("DataIntegrityProof", "eddsa-rdfc-2022"): Suite("eddsa-rdfc-2022", *_EDDSA_RDFC),
    ("DataIntegrityProof", "eddsa-2022"): Suite("eddsa-2022", *_EDDSA_RDFC),  # earlier name
    ("Ed25519Signature2020", None): Suite("Ed25519Signature2020", *_EDDSA_RDFC),
    ("Ed25519Signature2018", None): Suite(
        "Ed25519Signature2018", di_common.is_ed25519, _ED25519_ONLY, jws_proof.check
    ),
    ("DataIntegrityProof", "ecdsa-rdfc-2019"): Suite(
        "ecdsa-rdfc-2019", di_common.is_nist_ecdsa, _NIST_ECDSA_ONLY, _rdfc_check
    ),
    ("DataIntegrityProof", "ecdsa-sd-2023"): Suite(
        "ecdsa-sd-2023", di_common.is_nist_ecdsa, _NIST_ECDSA_ONLY, ecdsa_sd.check
    ),
    ("DataIntegrityProof", "eddsa-jcs-2022"): Suite(
        "eddsa-jcs-2022", di_common.is_ed25519, _ED25519_ONLY, di_jcs.check
    ),
    ("DataIntegrityProof", "ecdsa-jcs-2019"): Suite(
        "ecdsa-jcs-2019", di_common.is_nist_ecdsa, _NIST_ECDSA_ONLY, di_jcs.check
    ),
}


def _unsigned_terms_step(document: dict[str, Any], aliases: dict[str, str]) -> list[Step]:
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
    fields = ", ".join(sorted(terms))[:300]
    return [step("Fields outside the signature, not used: %(fields)s", fields=fields)]
