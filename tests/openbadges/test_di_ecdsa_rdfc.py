"""Data Integrity ``ecdsa-rdfc-2019``: the W3C vectors, P-256 and P-384 credentials, failures."""

from __future__ import annotations

import hashlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from badges.openbadges import data_integrity, did, jsonld, ob3
from badges.openbadges.errors import ImportRefused
from tests.openbadges import ob3_issuer as oi
from tests.openbadges import w3c_vectors

SUITE = "ecdsa-rdfc-2019"

# Combined hashes (proof options hash ‖ document hash) published with the vectors.
PUBLISHED = {
    "p256": (
        "ecdsa-rdfc-2019-p256.json",
        hashlib.sha256,
        "fd3a373a9e58c9e8ba14d5cdc0d8eb73447da529ff412943623af9a309994698"
        "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017",
    ),
    "p384": (
        "ecdsa-rdfc-2019-p384.json",
        hashlib.sha384,
        "a94decfdc216eb453ab52929f550269a08823c0e2ec1a98d1aa9da10bdfea699"
        "e69e565290106a73727120a8f06a67428bf6e01df72c5b62f91b685231915ac4"
        "b8c58ea95f002c6b8f6bfafa1b251df476b56b8e01518e317dab099d3ecbff96",
    ),
}


def verify(document: dict, fetcher):
    return ob3.verify_credential_json(json.dumps(document), fetcher)


def refusal(document: dict, fetcher) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        verify(document, fetcher)
    return caught.value


def _vector(curve: str) -> dict:
    name = PUBLISHED[curve][0]
    return w3c_vectors.inline_contexts(w3c_vectors.load(name), vc_v2_as_published=True)


# --- the specification's test vectors -------------------------------------------------


@pytest.mark.parametrize("curve", ["p256", "p384"])
def test_vector_hash_is_the_published_one(curve):
    """SHA-256 for P-256, SHA-384 for P-384, over the RDFC-1.0 N-Quads."""
    _name, digest, combined = PUBLISHED[curve]
    signed = _vector(curve)
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    options = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    options["@context"] = signed["@context"]
    assert data_integrity.hash_data(options, unsigned, digest=digest).hex() == combined


@pytest.mark.parametrize("curve", ["p256", "p384"])
def test_vector_verifies_with_the_key_in_its_verification_method(curve):
    signed = _vector(curve)
    check = data_integrity.verify_proofs(signed, oi.FakeFetcher(), issuer_id=signed["issuer"])
    assert check.algorithm == SUITE
    assert check.key.self_asserted  # the key travels in the method's own fragment
    assert did.issuer_origin(check.key, signed["issuer"]) == ""
    assert isinstance(check.key.key, ec.EllipticCurvePublicKey)
    assert check.key.key.curve.name == {"p256": "secp256r1", "p384": "secp384r1"}[curve]


@pytest.mark.parametrize("curve", ["p256", "p384"])
def test_vector_changed_after_signing_is_refused(curve):
    signed = _vector(curve)
    signed["credentialSubject"]["alumniOf"] = "The School of Forgeries"
    with pytest.raises(ImportRefused) as caught:
        data_integrity.verify_proofs(signed, oi.FakeFetcher(), issuer_id=signed["issuer"])
    assert caught.value.code == "invalid_signature"
    assert "changed after it was signed" in caught.value.render()


def test_vector_under_todays_context_reads_the_typed_cryptosuite():
    """Documents the one difference: the published proof hash predates cryptosuiteString."""
    signed = w3c_vectors.inline_contexts(
        w3c_vectors.load(PUBLISHED["p256"][0]), vc_v2_as_published=False
    )
    options = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    options["@context"] = signed["@context"]
    assert "security#cryptosuiteString" in jsonld.canonize(options)
    with pytest.raises(ImportRefused) as caught:
        data_integrity.verify_proofs(signed, oi.FakeFetcher(), issuer_id=signed["issuer"])
    assert caught.value.code == "invalid_signature"


# --- our own credentials --------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_issuer", "confirmed"),
    [
        (lambda: oi.did_key_issuer("p256"), False),
        (lambda: oi.did_key_issuer("p384"), False),
        (lambda: oi.did_web_issuer("p256"), True),
        (lambda: oi.did_web_issuer("p384"), True),
    ],
)
@pytest.mark.parametrize("vcdm", ["2.0", "1.1"])
def test_signed_credential_verifies(make_issuer, confirmed, vcdm):
    if vcdm == "1.1":
        w3c_vectors.requires_npm_contexts(jsonld.VC_V1)
    issuer = make_issuer()
    document = oi.credential(issuer, vcdm=vcdm)
    if vcdm == "1.1":
        document["@context"] = [oi.VC_V1, oi.OB_303, jsonld.DATA_INTEGRITY_V2]
    credential = verify(oi.sign_data_integrity(document, issuer, suite=SUITE), issuer.fetcher)
    verification = credential.verification
    assert verification.status == "verified"
    assert verification.algorithm == SUITE
    assert verification.key_id == issuer.key_id
    assert verification.self_asserted_key is not confirmed
    assert bool(verification.issuer_origin) is confirmed
    assert f"Proof {SUITE} checked with {issuer.key_id}" in verification.steps


@pytest.mark.parametrize("kind", ["p256", "p384"])
@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(name="Teamwork Badge!"),
        lambda d: d["credentialSubject"]["achievement"].update(name="Leadership"),
        lambda d: d["proof"].update(created="2024-01-02T00:00:00Z"),
    ],
)
def test_any_change_after_signing_breaks_the_signature(kind, change):
    issuer = oi.did_key_issuer(kind)
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer, suite=SUITE)
    change(signed)
    error = refusal(signed, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "changed after it was signed" in error.render()


def test_p384_signature_over_sha256_hashes_is_refused():
    """The hash follows the curve: a P-384 key signs SHA-384 hashes, nothing else."""
    issuer = oi.did_key_issuer("p384")
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer, suite=SUITE, digest="sha256")
    assert refusal(signed, issuer.fetcher).code == "invalid_signature"


def test_der_encoded_signature_is_refused():
    """The suite signs raw r‖s; an ASN.1 DER signature is not a valid proof value."""
    issuer = oi.did_key_issuer("p256")
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer, suite=SUITE, encoding="der")
    error = refusal(signed, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert error.params == {"curve": "P-256"}


def test_signature_of_the_other_curves_size_is_refused():
    issuer = oi.did_key_issuer("p256")
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer, suite=SUITE)
    signed["proof"]["proofValue"] = "z" + did.base58_encode(b"\x01" * 96)
    error = refusal(signed, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "base58btc" in error.render()


def test_ed25519_key_cannot_sign_ecdsa():
    ed = oi.did_key_issuer("ed25519")
    p256 = oi.did_key_issuer("p256")
    signed = oi.sign_data_integrity(
        oi.credential(ed), p256, suite=SUITE, verification_method=ed.key_id
    )
    error = refusal(signed, ed.fetcher)
    assert error.code == "invalid_signature"
    assert error.params == {"key": ed.key_id, "suite": SUITE}
    assert "P-256 or P-384" in error.render()


def test_ecdsa_key_of_someone_else_is_refused():
    issuer = oi.did_key_issuer("p256")
    impostor = oi.did_web_issuer("p256")
    signed = oi.sign_data_integrity(oi.credential(issuer), impostor, suite=SUITE)
    error = refusal(signed, impostor.fetcher)
    assert error.code == "invalid_signature"
    assert "does not belong to the issuer" in error.render()


def test_ecdsa_proof_beside_an_eddsa_proof_both_verify():
    issuer = oi.did_web_issuer("p256")
    other_key = oi.did_web_issuer("ed25519", host="issuer.example", fetcher=issuer.fetcher)
    document = oi.sign_data_integrity(oi.credential(issuer), issuer, suite=SUITE)
    issuer.did_document["verificationMethod"].append(
        {**other_key.did_document["verificationMethod"][0], "id": issuer.id + "#key-2"}
    )
    issuer.did_document["assertionMethod"].append("#key-2")
    issuer.fetcher.serve(did.did_web_url(issuer.id), issuer.did_document)
    other_key.key_id = issuer.id + "#key-2"
    document = oi.sign_data_integrity(document, other_key)
    assert verify(document, issuer.fetcher).verification.status == "verified"
