"""The legacy ``Ed25519Signature2018`` suite: a detached JWS over the RDFC hashes."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from badges.openbadges import data_integrity, did, jsonld, ob3
from badges.openbadges.errors import ImportRefused
from tests.openbadges import ob3_issuer as oi
from tests.openbadges import w3c_vectors
from tests.samples import sample_bytes

SUITE = "Ed25519Signature2018"
CONTEXTS = "digital-credentials-public-validator/inspector-vc/src/main/resources/contexts/"

# The reference implementation's own test (digitalbazaar/ed25519-signature-2018,
# test/mock-data.js and test/Ed25519Signature2018.spec.js): a key, a credential, the
# signing date, and the JWS it must produce.
REFERENCE_CONTROLLER = "https://example.edu/issuers/565049"
REFERENCE_KEY_ID = REFERENCE_CONTROLLER + "#z6MkjLrk3gKS2nnkeWcmcxiZPGskmesDpuwRBorgHxUXfxnG"
REFERENCE_PUBLIC_KEY = "GycSSui454dpYRKiFdsQ5uaE8Gy3ac6dSMPcAoQsk8yq"
REFERENCE_PRIVATE_KEY = (
    "3Mmk4UzTRJTEtxaKk61LxtgUxAa2Dg36jF6VogPtRiKvfpsQWKPCLesKSV182RMmvMJKk6QErH3wgdHp8itkSSiF"
)
REFERENCE_JWS = (
    "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19.."
    "5MPoYFmFjaIAqgGnFDhRRaLrXJ1dMnzOO2wJRyngXhd39DyBA9ga1Pted_0WD1t_jHklX1eKvPCmM3xe3JIlDQ"
)


def requires_vcdm11_contexts():
    w3c_vectors.requires_npm_contexts(jsonld.VC_V1, jsonld.SECURITY_V2, jsonld.ED25519_2018)


def verify(document: dict, fetcher):
    return ob3.verify_credential_json(json.dumps(document), fetcher)


def refusal(document: dict, fetcher) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        verify(document, fetcher)
    return caught.value


def _examples_v1_inline() -> list:
    """``credentials/examples/v1`` with the ODRL context it imports, written in place
    (the same N-Quads; the product rightly knows neither example context)."""
    examples = json.loads(sample_bytes(CONTEXTS + "2018-credentials-examples-v1.jsonld"))
    odrl = json.loads(sample_bytes(CONTEXTS + "odrl.jsonld"))["@context"]
    return [odrl if c == "https://www.w3.org/ns/odrl.jsonld" else c for c in examples["@context"]]


def reference_credential() -> dict:
    return {
        "@context": ["https://www.w3.org/2018/credentials/v1", *_examples_v1_inline()],
        "id": "http://example.edu/credentials/1872",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "issuer": REFERENCE_CONTROLLER,
        "issuanceDate": "2010-01-01T19:23:24Z",
        "credentialSubject": {
            "id": "https://example.edu/students/alice",
            "alumniOf": "Example University",
        },
        "proof": {
            "type": SUITE,
            "created": "2010-01-01T19:23:24Z",
            "verificationMethod": REFERENCE_KEY_ID,
            "proofPurpose": "assertionMethod",
            "jws": REFERENCE_JWS,
        },
    }


def reference_fetcher() -> oi.FakeFetcher:
    """The controller document the reference test serves for its issuer."""
    fetcher = oi.FakeFetcher()
    fetcher.serve(
        REFERENCE_CONTROLLER,
        {
            "@context": ["https://www.w3.org/ns/did/v1", jsonld.ED25519_2018],
            "id": REFERENCE_CONTROLLER,
            "assertionMethod": [
                {
                    "id": REFERENCE_KEY_ID,
                    "type": "Ed25519VerificationKey2018",
                    "controller": REFERENCE_CONTROLLER,
                    "publicKeyBase58": REFERENCE_PUBLIC_KEY,
                }
            ],
        },
    )
    return fetcher


# --- the reference implementation's test vector ---------------------------------------


def test_reference_jws_is_reproduced_from_the_reference_key():
    requires_vcdm11_contexts()
    raw = did.base58_decode(REFERENCE_PRIVATE_KEY)  # seed ‖ public key, as tweetnacl keeps it
    key = ed25519.Ed25519PrivateKey.from_private_bytes(raw[:32])
    signed = reference_credential()
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    options = {k: v for k, v in signed["proof"].items() if k != "jws"}
    proof = oi.sign_detached_jws(unsigned, options, key)
    assert proof["jws"] == REFERENCE_JWS


def test_reference_credential_verifies_with_the_published_key():
    requires_vcdm11_contexts()
    signed = reference_credential()
    fetcher = reference_fetcher()
    check = data_integrity.verify_proofs(signed, fetcher, issuer_id=REFERENCE_CONTROLLER)
    assert check.algorithm == SUITE
    assert not check.key.self_asserted
    assert did.issuer_origin(check.key, REFERENCE_CONTROLLER) == "example.edu"
    assert fetcher.requests == [REFERENCE_CONTROLLER]


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["credentialSubject"].update(alumniOf="Another University"),
        lambda d: d["proof"].update(created="2010-01-01T19:23:25Z"),
        lambda d: d["proof"].update(jws=d["proof"]["jws"][:-2] + "AA"),
    ],
)
def test_reference_credential_changed_after_signing_is_refused(change):
    requires_vcdm11_contexts()
    signed = reference_credential()
    change(signed)
    with pytest.raises(ImportRefused) as caught:
        data_integrity.verify_proofs(signed, reference_fetcher(), issuer_id=REFERENCE_CONTROLLER)
    assert caught.value.code == "invalid_signature"


# --- our own credentials --------------------------------------------------------------


def _credential(issuer, vcdm: str) -> dict:
    """VC 1.1 defines Ed25519Signature2018 itself; VC 2.0 needs the suite's context."""
    document = oi.credential(issuer, vcdm=vcdm)
    if vcdm == "1.1":
        document["@context"] = [oi.VC_V1, oi.OB_303]
    else:
        document["@context"] = [oi.VC_V2, oi.OB_303, jsonld.ED25519_2018]
    return document


@pytest.mark.parametrize(
    ("make_issuer", "confirmed"),
    [(lambda: oi.did_key_issuer("ed25519"), False), (lambda: oi.did_web_issuer("ed25519"), True)],
)
@pytest.mark.parametrize("vcdm", ["1.1", "2.0"])
def test_signed_credential_verifies(make_issuer, confirmed, vcdm):
    requires_vcdm11_contexts()
    issuer = make_issuer()
    signed = oi.sign_data_integrity(_credential(issuer, vcdm), issuer, suite=SUITE)
    verification = verify(signed, issuer.fetcher).verification
    assert verification.status == "verified"
    assert verification.algorithm == SUITE
    assert verification.self_asserted_key is not confirmed
    assert bool(verification.issuer_origin) is confirmed


def test_vc2_credential_naming_the_security_v2_context_verifies():
    """Security v2 defines the suite's terms too; with VC 2.0 (which does not) it is read."""
    requires_vcdm11_contexts()
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, vcdm="2.0")
    document["@context"] = [oi.VC_V2, oi.OB_303, jsonld.SECURITY_V2]
    signed = oi.sign_data_integrity(document, issuer, suite=SUITE)
    assert verify(signed, issuer.fetcher).verification.algorithm == SUITE


def test_changed_credential_is_refused():
    requires_vcdm11_contexts()
    issuer = oi.did_key_issuer()
    signed = oi.sign_data_integrity(_credential(issuer, "1.1"), issuer, suite=SUITE)
    signed["credentialSubject"]["achievement"]["name"] = "Leadership"
    error = refusal(signed, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "changed after it was signed" in error.render()


def _b64(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "jws",
    [
        None,
        "not a jws",
        _b64({"alg": "EdDSA"}) + "..c2ln",  # an encoded payload was signed, not the hashes
        _b64({"alg": "EdDSA", "b64": False}) + "..c2ln",  # b64 not marked critical
        _b64({"alg": "EdDSA", "b64": False, "crit": ["b64"]}) + ".cGF5bG9hZA.c2ln",
    ],
)
def test_jws_that_is_not_detached_and_unencoded_is_refused(jws):
    requires_vcdm11_contexts()
    issuer = oi.did_key_issuer()
    signed = oi.sign_data_integrity(_credential(issuer, "1.1"), issuer, suite=SUITE)
    signed["proof"]["jws"] = jws
    error = refusal(signed, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "JWS" in error.render()


def test_jws_with_another_algorithm_is_refused_and_named():
    requires_vcdm11_contexts()
    issuer = oi.did_key_issuer()
    signed = oi.sign_data_integrity(_credential(issuer, "1.1"), issuer, suite=SUITE)
    signature = signed["proof"]["jws"].rpartition(".")[2]
    header = _b64({"alg": "ES256", "b64": False, "crit": ["b64"]})
    signed["proof"]["jws"] = f"{header}..{signature}"
    error = refusal(signed, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert error.params == {"alg": "ES256"}


def test_p256_key_cannot_sign_ed25519_signature_2018():
    requires_vcdm11_contexts()
    ed = oi.did_key_issuer("ed25519")
    p256 = oi.did_key_issuer("p256")
    signed = oi.sign_data_integrity(_credential(ed, "1.1"), ed, suite=SUITE)
    signed["proof"]["verificationMethod"] = p256.key_id
    error = refusal(signed, ed.fetcher)
    assert error.code == "invalid_signature"
    assert error.params == {"key": p256.key_id, "suite": SUITE}


def test_vc11_and_the_suite_context_together_are_refused_not_crashed():
    """Both define Ed25519Signature2018 as protected terms; JSON-LD forbids the clash."""
    requires_vcdm11_contexts()
    issuer = oi.did_key_issuer()
    document = _credential(issuer, "1.1")
    document["@context"] = [*document["@context"], jsonld.ED25519_2018]
    header = _b64({"alg": "EdDSA", "b64": False, "crit": ["b64"]})
    signature = base64.urlsafe_b64encode(b"\x01" * 64).decode().rstrip("=")
    document["proof"] = {
        "type": SUITE,
        "created": "2024-01-01T00:00:00Z",
        "verificationMethod": issuer.key_id,
        "proofPurpose": "assertionMethod",
        "jws": f"{header}..{signature}",
    }
    error = refusal(document, issuer.fetcher)
    assert error.code == "invalid"
    assert "not valid JSON-LD" in error.render()
