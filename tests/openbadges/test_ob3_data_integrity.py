"""Embedded proofs: eddsa-rdfc-2022 test vectors, our own signed credentials, failures."""

from __future__ import annotations

import copy
import hashlib
import json
import os

import pytest

from badges.openbadges import data_integrity, did, jsonld, ob3
from badges.openbadges.errors import ImportRefused
from tests.openbadges import ob3_issuer as oi
from tests.samples import sample_bytes

VECTORS = "openbadges-specification/ob_v3p0/impl/test-vectors/obv3p0/"


def requires_vcdm11_contexts():
    """VC 1.1 contexts come from npm packages; skip without them (fail under CI)."""
    if jsonld._read_context(jsonld.VC_V1) is None:
        reason = "npm JSON-LD context packages are not installed (node_modules)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def verify(document: dict, fetcher) -> object:
    return ob3.verify_credential_json(json.dumps(document), fetcher)


def refusal(document: dict, fetcher) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        verify(document, fetcher)
    return caught.value


# --- the specification's test vectors -------------------------------------------------


@pytest.fixture(scope="module")
def vector():
    signed = json.loads(sample_bytes(VECTORS + "signed-credential.extracted.json"))
    proof = dict(signed["proof"])
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = signed["@context"]
    return signed, unsigned, options


def test_vector_document_canonical_form_and_hash(vector):
    _signed, unsigned, _options = vector
    expected = sample_bytes(VECTORS + "document-canon.txt").decode()
    canonical = jsonld.canonize(unsigned)
    assert canonical == expected
    assert (
        hashlib.sha256(canonical.encode()).hexdigest()
        == "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773"
    )


def test_vector_proof_canonical_form_and_hash(vector):
    _signed, _unsigned, options = vector
    expected = sample_bytes(VECTORS + "proof-canon.txt").decode()
    canonical = jsonld.canonize(options)
    assert canonical == expected
    assert (
        hashlib.sha256(canonical.encode()).hexdigest()
        == "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19"
    )


def test_vector_signature_verifies_over_proof_hash_then_document_hash(vector):
    signed, unsigned, options = vector
    multikey = signed["proof"]["verificationMethod"].split("#")[1]
    key = did.key_from_multikey(multikey)
    signature = did.multibase_base58btc(signed["proof"]["proofValue"])
    key.verify(signature, data_integrity.hash_data(options, unsigned))  # raises if wrong


def test_vector_credential_verifies_end_to_end(vector):
    signed, _unsigned, _options = vector
    credential = verify(signed, oi.FakeFetcher())
    assert credential.verification.algorithm == "eddsa-rdfc-2022"
    assert credential.verification.self_asserted_key  # key only in its own URL
    assert credential.name == "Teamwork Badge"


# --- our own credentials --------------------------------------------------------------


def test_did_key_credential_verifies_as_self_asserted():
    issuer = oi.did_key_issuer()
    credential = verify(oi.sign_data_integrity(oi.credential(issuer), issuer), issuer.fetcher)
    verification = credential.verification
    assert verification.method == "data-integrity"
    assert verification.status == "verified"
    assert verification.algorithm == "eddsa-rdfc-2022"
    assert verification.self_asserted_key
    assert verification.key_id == issuer.key_id
    assert f"Proof eddsa-rdfc-2022 checked with {issuer.key_id}" in verification.steps


def test_did_web_credential_verifies_with_proven_key():
    issuer = oi.did_web_issuer()
    credential = verify(oi.sign_data_integrity(oi.credential(issuer), issuer), issuer.fetcher)
    assert not credential.verification.self_asserted_key
    assert credential.verification.source_url == "https://issuer.example/.well-known/did.json"
    assert issuer.fetcher.requests == ["https://issuer.example/.well-known/did.json"]


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(name="Teamwork Badge!"),
        lambda d: d["credentialSubject"]["identifier"][0].update(identityHash="me@example.org"),
        lambda d: d["credentialSubject"]["achievement"].update(name="Leadership"),
        lambda d: d.update(validFrom="2024-01-01T00:00:01Z"),
    ],
)
def test_any_change_after_signing_breaks_the_signature(change):
    issuer = oi.did_key_issuer()
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer)
    change(signed)
    error = refusal(signed, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "changed after it was signed" in error.render()


def test_one_flipped_byte_in_the_text_is_caught():
    issuer = oi.did_key_issuer()
    text = json.dumps(oi.sign_data_integrity(oi.credential(issuer), issuer))
    tampered = text.replace("Teamwork Badge", "Teamwork Badgf")
    with pytest.raises(ImportRefused) as caught:
        ob3.verify_credential_json(tampered, issuer.fetcher)
    assert caught.value.code == "invalid_signature"


def test_tampered_proof_value_is_refused():
    issuer = oi.did_key_issuer()
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer)
    value = signed["proof"]["proofValue"]
    signed["proof"]["proofValue"] = value[:-1] + ("2" if value[-1] != "2" else "3")
    assert refusal(signed, issuer.fetcher).code == "invalid_signature"


def test_missing_proof_is_refused():
    issuer = oi.did_key_issuer()
    error = refusal(oi.credential(issuer), issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "no proof" in error.render()


def test_unknown_proof_type_is_unsupported_and_named():
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, proof={"type": "BbsBlsSignature2020", "proofValue": "z1"})
    error = refusal(document, issuer.fetcher)
    assert error.code == "unsupported"
    assert error.params["types"] == "BbsBlsSignature2020"


def test_unknown_cryptosuite_is_unsupported_and_named():
    issuer = oi.did_key_issuer()
    proof = {"type": "DataIntegrityProof", "cryptosuite": "bbs-2023", "proofValue": "u1"}
    error = refusal(oi.credential(issuer, proof=proof), issuer.fetcher)
    assert error.code == "unsupported"
    assert "DataIntegrityProof (bbs-2023)" in error.render()


def test_a_supported_proof_beside_an_unknown_one_is_enough():
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, proof=[{"type": "SomeProofType", "proofValue": "z1"}])
    credential = verify(oi.sign_data_integrity(document, issuer), issuer.fetcher)
    assert credential.verification.status == "verified"
    assert "1 proof of another type ignored" in credential.verification.steps


def test_two_supported_proofs_must_both_verify():
    issuer = oi.did_key_issuer()
    other = oi.did_web_issuer(fetcher=issuer.fetcher)
    document = oi.sign_data_integrity(oi.credential(issuer), issuer)
    document = oi.sign_data_integrity(document, issuer)
    assert verify(document, issuer.fetcher).verification.status == "verified"
    # a second proof by a key that is not the issuer's fails the whole credential
    document = oi.sign_data_integrity(document, other)
    assert refusal(document, issuer.fetcher).code == "invalid_signature"


def test_proof_purpose_must_be_assertion_method():
    issuer = oi.did_key_issuer()
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer, purpose="authentication")
    error = refusal(signed, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "authentication" in error.render()


def test_key_of_someone_else_is_refused_even_when_the_signature_is_good():
    issuer = oi.did_key_issuer()
    impostor = oi.did_web_issuer()
    document = oi.credential(issuer)  # claims to be issuer, signed by impostor's key
    signed = oi.sign_data_integrity(document, impostor)
    error = refusal(signed, impostor.fetcher)
    assert error.code == "invalid_signature"
    assert "does not belong to the issuer" in error.render()


def test_did_web_controller_may_differ_when_the_document_id_is_the_issuer():
    issuer = oi.did_web_issuer(host="school.example")
    method = issuer.did_document["verificationMethod"][0]
    method["controller"] = "did:web:registrar.example"
    issuer.fetcher.serve("https://school.example/.well-known/did.json", issuer.did_document)
    credential = verify(oi.sign_data_integrity(oi.credential(issuer), issuer), issuer.fetcher)
    assert credential.verification.status == "verified"


def test_p256_did_key_cannot_sign_eddsa():
    issuer = oi.did_key_issuer("ed25519")
    p256 = oi.did_key_issuer("p256")
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer, verification_method=p256.key_id)
    assert refusal(signed, issuer.fetcher).code == "invalid_signature"


def test_proof_value_must_be_base58btc():
    issuer = oi.did_key_issuer()
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer)
    signed["proof"]["proofValue"] = "u" + signed["proof"]["proofValue"][1:]
    error = refusal(signed, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "base58btc" in error.render()


def test_unknown_context_is_unsupported_and_named():
    issuer = oi.did_key_issuer()
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer)
    signed["@context"] = [*signed["@context"], "https://contexts.example/badge.json"]
    error = refusal(signed, issuer.fetcher)
    assert error.code == "unsupported"
    assert error.params["url"] == "https://contexts.example/badge.json"


def test_canonicalisation_is_cached():
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer)
    first = jsonld.canonize(document)
    assert jsonld.canonize(copy.deepcopy(document)) is first


# --- VC Data Model 1.1 ----------------------------------------------------------------


def test_ed25519_signature_2020_credential_verifies():
    requires_vcdm11_contexts()
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, vcdm="1.1")
    signed = oi.sign_data_integrity(document, issuer, suite="Ed25519Signature2020")
    credential = verify(signed, issuer.fetcher)
    assert credential.verification.algorithm == "Ed25519Signature2020"
    assert credential.issued_on.year == 2024


def test_vcdm11_field_outside_the_signature_is_refused():
    """VC 1.1 has no @vocab: an undefined term would not be signed, so it is not shown."""
    requires_vcdm11_contexts()
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, vcdm="1.1")
    # "evidence" is defined on the credential, not on an IdentityObject
    document["credentialSubject"]["identifier"][0]["evidence"] = "https://evil.example/"
    signed = oi.sign_data_integrity(document, issuer, suite="Ed25519Signature2020")
    error = refusal(signed, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert error.params["fields"] == "evidence"


def test_vcdm11_unsigned_field_not_shown_is_only_logged():
    requires_vcdm11_contexts()
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, vcdm="1.1", favouriteColour="blue")
    signed = oi.sign_data_integrity(document, issuer, suite="Ed25519Signature2020")
    steps = verify(signed, issuer.fetcher).verification.steps
    assert "Fields outside the signature, not used: favouriteColour" in steps


def test_unversioned_ob3_context_signed_under_a_later_revision():
    """The unversioned URL served 3.0.0 first, later revisions after; each is tried."""
    requires_vcdm11_contexts()
    issuer = oi.did_key_issuer()
    # read once as 3.0.0 (what VC 1.1 credentials need), which must not stick
    early = oi.credential(issuer, vcdm="1.1")
    early["@context"] = [oi.VC_V1, jsonld.OB3_UNVERSIONED]
    jsonld.canonize(early)
    document = oi.credential(issuer)
    document["@context"] = [oi.VC_V2, jsonld.OB3_UNVERSIONED]
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2024-01-01T00:00:00Z",
        "verificationMethod": issuer.key_id,
        "proofPurpose": "assertionMethod",
    }
    aliases = {jsonld.OB3_UNVERSIONED: jsonld.OB3_CONTEXT_PREFIX + "-3.0.3.json"}
    data = data_integrity.hash_data(
        {**options, "@context": document["@context"]}, document, aliases
    )
    proof = {**options, "proofValue": "z" + did.base58_encode(issuer.key.sign(data))}
    credential = verify({**document, "proof": proof}, issuer.fetcher)
    assert credential.verification.status == "verified"
