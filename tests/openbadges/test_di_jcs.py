"""Data Integrity over JSON: ``eddsa-jcs-2022`` and ``ecdsa-jcs-2019`` (RFC 8785 JCS)."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from badges.openbadges import data_integrity, di_jcs, did, jsonld, ob3
from badges.openbadges.errors import ImportRefused
from tests.openbadges import ob3_issuer as oi
from tests.openbadges import w3c_vectors

# The W3C EdDSA vectors' key pair (TestVectors/keyPair.json): an ed25519-priv Multikey.
VECTOR_PRIVATE_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"


def verify(document: dict, fetcher):
    return ob3.verify_credential_json(json.dumps(document), fetcher)


def refusal(document: dict, fetcher) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        verify(document, fetcher)
    return caught.value


def signer_of(signed: dict) -> str:
    """The identity the vector's key speaks for. The ecdsa-jcs-2019 vectors name an https
    issuer but sign with a did:key, which Passport does not let speak for anyone else;
    their signatures are checked here as if the did:key were the issuer."""
    method = signed["proof"]["verificationMethod"]
    return method.partition("#")[0] if method.startswith("did:key:") else signed["issuer"]


def check_vector(name: str):
    signed = w3c_vectors.load(name)
    return data_integrity.verify_proofs(signed, oi.FakeFetcher(), issuer_id=signer_of(signed))


# --- RFC 8785 itself ------------------------------------------------------------------


def test_rfc8785_primitive_data_types_example():
    """RFC 8785 §3.2.2: numbers as ECMAScript prints them, strings minimally escaped."""
    text = (
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        ' "literals": [null, true, false]}'
    )
    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert di_jcs.canonical_json(json.loads(text)) == expected.encode()


def test_rfc8785_sorts_properties_by_utf16_code_units():
    """RFC 8785 §3.2.3: the emoji (a surrogate pair, 0xD83D…) sorts before U+FB33."""
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    names = list(json.loads(di_jcs.canonical_json(value)))
    assert names == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


@pytest.mark.parametrize("value", [2**53, -(2**53), float("nan"), float("inf")])
def test_numbers_json_cannot_carry_exactly_are_refused(value):
    with pytest.raises(ImportRefused) as caught:
        di_jcs.canonical_json({"n": value})
    assert caught.value.code == "invalid"


# --- the specifications' test vectors -------------------------------------------------


@pytest.mark.parametrize(
    "name", ["eddsa-jcs-2022.json", "eddsa-jcs-2022-without-proof-context.json"]
)
def test_eddsa_vector_verifies(name):
    check = check_vector(name)
    assert check.algorithm == "eddsa-jcs-2022"
    assert check.key.self_asserted


def test_eddsa_vector_proof_value_is_reproduced_from_the_published_key():
    raw = did.multibase_base58btc(VECTOR_PRIVATE_KEY)
    assert raw[:2] == b"\x80\x26"  # multicodec ed25519-priv
    key = ed25519.Ed25519PrivateKey.from_private_bytes(raw[2:])
    signed = w3c_vectors.load("eddsa-jcs-2022.json")
    options = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    signature = key.sign(di_jcs.hash_data(options, unsigned, digest=di_jcs.hashlib.sha256))
    assert "z" + did.base58_encode(signature) == signed["proof"]["proofValue"]


@pytest.mark.parametrize(
    ("name", "curve"),
    [("ecdsa-jcs-2019-p256.json", "secp256r1"), ("ecdsa-jcs-2019-p384.json", "secp384r1")],
)
def test_ecdsa_vector_verifies(name, curve):
    signed = w3c_vectors.load(name)
    with pytest.raises(ImportRefused) as caught:  # a did:key does not speak for an https id
        data_integrity.verify_proofs(signed, oi.FakeFetcher(), issuer_id=signed["issuer"])
    assert "does not belong to the issuer" in caught.value.render()
    check = check_vector(name)
    assert check.algorithm == "ecdsa-jcs-2019"
    assert check.key.key.curve.name == curve
    assert check.key.self_asserted


@pytest.mark.parametrize(
    "name",
    ["eddsa-jcs-2022.json", "ecdsa-jcs-2019-p256.json", "ecdsa-jcs-2019-p384.json"],
)
@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["credentialSubject"].update(alumniOf="The School of Forgeries"),
        lambda d: d.update(extra="a property added after signing"),
        lambda d: d["proof"].update(created="2023-02-24T23:36:39Z"),
    ],
)
def test_vector_changed_after_signing_is_refused(name, change):
    signed = w3c_vectors.load(name)
    change(signed)
    with pytest.raises(ImportRefused) as caught:
        data_integrity.verify_proofs(signed, oi.FakeFetcher(), issuer_id=signer_of(signed))
    assert caught.value.code == "invalid_signature"
    assert "changed after it was signed" in caught.value.render()


def test_proof_context_must_begin_the_documents_context():
    signed = w3c_vectors.load("eddsa-jcs-2022.json")
    signed["@context"] = signed["@context"][:1]
    with pytest.raises(ImportRefused) as caught:
        data_integrity.verify_proofs(signed, oi.FakeFetcher(), issuer_id=signed["issuer"])
    assert caught.value.code == "invalid_signature"
    assert "@context" in caught.value.render()


# --- our own credentials --------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_issuer", "suite", "confirmed"),
    [
        (lambda: oi.did_key_issuer("ed25519"), "eddsa-jcs-2022", False),
        (lambda: oi.did_web_issuer("ed25519"), "eddsa-jcs-2022", True),
        (lambda: oi.did_key_issuer("p256"), "ecdsa-jcs-2019", False),
        (lambda: oi.did_web_issuer("p384"), "ecdsa-jcs-2019", True),
    ],
)
def test_signed_credential_verifies(make_issuer, suite, confirmed):
    issuer = make_issuer()
    credential = verify(
        oi.sign_data_integrity(oi.credential(issuer), issuer, suite=suite), issuer.fetcher
    )
    verification = credential.verification
    assert verification.status == "verified"
    assert verification.algorithm == suite
    assert verification.self_asserted_key is not confirmed
    assert bool(verification.issuer_origin) is confirmed


def test_key_order_and_whitespace_do_not_matter():
    issuer = oi.did_key_issuer("ed25519")
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer, suite="eddsa-jcs-2022")
    reordered = json.dumps(dict(reversed(list(signed.items()))), indent=4)
    credential = ob3.verify_credential_json(reordered, issuer.fetcher)
    assert credential.verification.status == "verified"


def test_vcdm11_fields_no_context_defines_are_still_signed():
    """JCS signs the JSON itself, so a term no context defines is covered too."""
    w3c_vectors.requires_npm_contexts(jsonld.VC_V1)
    issuer = oi.did_key_issuer("ed25519")
    document = oi.credential(issuer, vcdm="1.1", favouriteColour="blue")
    document["@context"] = [oi.VC_V1, oi.OB_303, jsonld.DATA_INTEGRITY_V2]
    signed = oi.sign_data_integrity(document, issuer, suite="eddsa-jcs-2022")
    steps = verify(signed, issuer.fetcher).verification.steps
    assert not any("outside the signature" in step for step in steps)
    signed["favouriteColour"] = "red"
    assert refusal(signed, issuer.fetcher).code == "invalid_signature"


@pytest.mark.parametrize(
    ("kind", "suite"), [("p256", "eddsa-jcs-2022"), ("ed25519", "ecdsa-jcs-2019")]
)
def test_key_of_the_wrong_kind_is_refused(kind, suite):
    signer = oi.did_key_issuer(kind)
    signed = oi.sign_data_integrity(oi.credential(signer), signer, suite=suite)
    error = refusal(signed, signer.fetcher)
    assert error.code == "invalid_signature"
    assert error.params == {"key": signer.key_id, "suite": suite}
