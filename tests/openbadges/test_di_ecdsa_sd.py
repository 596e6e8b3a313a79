"""Data Integrity ``ecdsa-sd-2023``: base and derived proofs, vectors, samples, failures."""

from __future__ import annotations

import base64
import json

import cbor2
import pytest

from badges.openbadges import data_integrity, ecdsa_sd, ob3
from badges.openbadges.errors import ImportRefused
from tests.openbadges import ob3_issuer as oi
from tests.openbadges import sd_issuer as sd
from tests.openbadges import w3c_vectors
from tests.samples import OB30_DIR, sample_bytes

SUITE = "ecdsa-sd-2023"


def verify(document: dict, fetcher):
    return ob3.verify_credential_json(json.dumps(document), fetcher)


def refusal(document: dict, fetcher) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        verify(document, fetcher)
    return caught.value


def check_vector(document: dict):
    """The vectors name an https issuer but sign with a did:key, which Passport does not
    let speak for anyone else; their signatures are checked as the did:key's."""
    signer = document["proof"]["verificationMethod"].partition("#")[0]
    return data_integrity.verify_proofs(document, oi.FakeFetcher(), issuer_id=signer)


def _components(document: dict) -> list:
    raw = base64.urlsafe_b64decode(document["proof"]["proofValue"][1:] + "==")
    return cbor2.loads(raw[3:])


def _with_components(document: dict, header: bytes, components: list) -> dict:
    value = "u" + base64.urlsafe_b64encode(header + cbor2.dumps(components)).decode().rstrip("=")
    return {**document, "proof": {**document["proof"], "proofValue": value}}


# --- the specification's test vectors and 1EdTech's sample ----------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [("ecdsa-sd-2023-base.json", "Base proof"), ("ecdsa-sd-2023-derived.json", "Selectively")],
)
def test_vector_verifies(name, kind):
    check = check_vector(w3c_vectors.load(name))
    assert check.algorithm == SUITE
    assert check.key.self_asserted
    assert any(step.startswith(kind) for step in check.steps)


def test_derived_vector_counts_what_the_holder_disclosed():
    check = check_vector(w3c_vectors.load("ecdsa-sd-2023-derived.json"))
    assert (
        "Selectively disclosed by the holder: 20 statements signed by the issuer are shown "
        "(14 of them mandatory); others may have been left out"
    ) in check.steps


@pytest.mark.parametrize("name", ["ecdsa-sd-2023-base.json", "ecdsa-sd-2023-derived.json"])
@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["credentialSubject"].update(sailNumber="Mars101"),  # mandatory
        lambda d: d["credentialSubject"]["sails"][0].update(year=2024),  # disclosed at will
        lambda d: d["credentialSubject"]["boards"].pop(),  # left out after signing
        lambda d: d["credentialSubject"].update(owner="Someone"),  # added after signing
        lambda d: d["proof"].update(created="2023-08-15T23:36:39Z"),
    ],
)
def test_vector_changed_after_signing_is_refused(name, change):
    document = w3c_vectors.load(name)
    change(document)
    with pytest.raises(ImportRefused) as caught:
        check_vector(document)
    assert caught.value.code == "invalid_signature"
    assert "changed after it was signed" in caught.value.render()


def test_1edtech_derived_sample_verifies_end_to_end():
    document = json.loads(sample_bytes(f"{OB30_DIR}/sd/derivedcredential.json"))
    credential = verify(document, oi.FakeFetcher())
    verification = credential.verification
    assert verification.status == "verified"
    assert verification.algorithm == SUITE
    assert verification.self_asserted_key  # the key is in its method's own fragment
    assert not verification.issuer_origin
    assert credential.name == "Teamwork"


# --- our own credentials --------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_issuer", "confirmed"),
    [(lambda: oi.did_key_issuer("p256"), False), (lambda: oi.did_web_issuer("p256"), True)],
)
def test_base_proof_as_issued_to_the_holder_verifies(make_issuer, confirmed):
    issuer = make_issuer()
    signed = sd.sign_base(oi.credential(issuer), issuer)
    verification = verify(signed, issuer.fetcher).verification
    assert verification.status == "verified"
    assert verification.algorithm == SUITE
    assert verification.self_asserted_key is not confirmed
    assert bool(verification.issuer_origin) is confirmed
    assert any(s.startswith("Base proof as issued to the holder") for s in verification.steps)


def test_base_proof_written_with_typed_array_tags_verifies():
    issuer = oi.did_key_issuer("p256")
    signed = sd.sign_base(oi.credential(issuer), issuer, tagged=True)
    assert verify(signed, issuer.fetcher).verification.status == "verified"


def test_base_proof_with_every_statement_mandatory_verifies():
    issuer = oi.did_key_issuer("p256")
    signed = sd.sign_base(oi.credential(issuer), issuer, mandatory=lambda quad: True)
    assert _components(signed)[3] == []
    assert verify(signed, issuer.fetcher).verification.status == "verified"


def test_derived_proof_disclosing_everything_verifies():
    issuer = oi.did_web_issuer("p256")
    derived = sd.derive(sd.sign_base(oi.credential(issuer), issuer))
    verification = verify(derived, issuer.fetcher).verification
    assert verification.status == "verified"
    assert not verification.self_asserted_key


def _hide_description(document: dict) -> None:
    del document["description"]


def test_derived_proof_leaving_out_a_statement_verifies_without_it():
    issuer = oi.did_key_issuer("p256")
    base = sd.sign_base(oi.credential(issuer, description="Shown only if I choose"), issuer)
    derived = sd.derive(base, _hide_description)
    assert "description" not in derived
    credential = verify(derived, issuer.fetcher)
    assert credential.verification.status == "verified"
    assert credential.description != "Shown only if I choose"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(name="Forged Badge"),
        lambda d: d.update(description="Added after signing"),
        lambda d: d["credentialSubject"]["achievement"].update(name="Leadership"),
    ],
)
@pytest.mark.parametrize("derived", [False, True])
def test_any_change_after_signing_breaks_the_proof(change, derived):
    issuer = oi.did_key_issuer("p256")
    document = sd.sign_base(oi.credential(issuer), issuer)
    if derived:
        document = sd.derive(document)
    change(document)
    error = refusal(document, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "changed after it was signed" in error.render()


def test_leaving_out_a_mandatory_statement_is_refused():
    issuer = oi.did_key_issuer("p256")
    name_is_mandatory = lambda quad: "schema.org/name" in quad or "credentials#issuer" in quad  # noqa: E731
    base = sd.sign_base(oi.credential(issuer), issuer, mandatory=name_is_mandatory)
    derived = sd.derive(base, mandatory=name_is_mandatory)
    assert verify(derived, issuer.fetcher).verification.status == "verified"
    derived.pop("name")
    assert refusal(derived, issuer.fetcher).code == "invalid_signature"


def test_signatures_moved_to_other_statements_are_refused():
    issuer = oi.did_key_issuer("p256")
    derived = sd.derive(sd.sign_base(oi.credential(issuer), issuer))
    components = _components(derived)
    components[2] = list(reversed(components[2]))
    swapped = _with_components(derived, ecdsa_sd.DERIVED_HEADER, components)
    assert refusal(swapped, issuer.fetcher).code == "invalid_signature"


def test_label_map_missing_a_blank_node_is_refused():
    issuer = oi.did_key_issuer("p256")
    derived = sd.derive(sd.sign_base(oi.credential(issuer), issuer))
    components = _components(derived)
    components[3] = dict(list(components[3].items())[1:])
    shortened = _with_components(derived, ecdsa_sd.DERIVED_HEADER, components)
    assert refusal(shortened, issuer.fetcher).code == "invalid_signature"


def test_label_map_naming_two_blank_nodes_alike_is_refused():
    issuer = oi.did_key_issuer("p256")
    derived = sd.derive(sd.sign_base(oi.credential(issuer), issuer))
    components = _components(derived)
    first = next(iter(components[3].values()))
    components[3] = dict.fromkeys(components[3], first)
    merged = _with_components(derived, ecdsa_sd.DERIVED_HEADER, components)
    error = refusal(merged, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "cannot be read" in error.render()


def test_mandatory_index_past_the_end_is_refused():
    issuer = oi.did_key_issuer("p256")
    derived = sd.derive(sd.sign_base(oi.credential(issuer), issuer))
    components = _components(derived)
    components[4] = [*components[4], 999]
    stretched = _with_components(derived, ecdsa_sd.DERIVED_HEADER, components)
    assert refusal(stretched, issuer.fetcher).code == "invalid_signature"


def _proof_value(document: dict, value) -> dict:
    return {**document, "proof": {**document["proof"], "proofValue": value}}


@pytest.mark.parametrize(
    "value",
    [
        None,
        "z2V0AhVhA",  # base58btc, not base64url
        "u" + base64.urlsafe_b64encode(b"\xd9\x5d\x02" + cbor2.dumps([])).decode(),
        "u" + base64.urlsafe_b64encode(ecdsa_sd.DERIVED_HEADER + b"\xff").decode(),
        "u" + base64.urlsafe_b64encode(ecdsa_sd.DERIVED_HEADER + cbor2.dumps([1, 2])).decode(),
        "u"
        + base64.urlsafe_b64encode(
            ecdsa_sd.DERIVED_HEADER + cbor2.dumps([b"\x00" * 63, b"\x00" * 35, [], {}, []])
        ).decode(),
    ],
)
def test_unreadable_proof_value_is_refused(value):
    issuer = oi.did_key_issuer("p256")
    document = _proof_value(sd.sign_base(oi.credential(issuer), issuer), value)
    error = refusal(document, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "ecdsa-sd-2023" in error.render()


def test_trailing_bytes_after_the_cbor_are_refused():
    issuer = oi.did_key_issuer("p256")
    signed = sd.sign_base(oi.credential(issuer), issuer)
    padded = _proof_value(signed, signed["proof"]["proofValue"] + "AA")
    assert refusal(padded, issuer.fetcher).code == "invalid_signature"


def test_p384_issuer_key_is_unsupported_and_named():
    issuer = oi.did_key_issuer("p384")
    error = refusal(sd.sign_base(oi.credential(issuer), issuer), issuer.fetcher)
    assert error.code == "unsupported"
    assert error.params == {"suite": SUITE, "curve": "P-384"}


def test_ed25519_key_cannot_sign_ecdsa_sd():
    ed = oi.did_key_issuer("ed25519")
    p256 = oi.did_key_issuer("p256")
    signed = sd.sign_base(oi.credential(ed), p256)
    signed["proof"]["verificationMethod"] = ed.key_id
    error = refusal(signed, ed.fetcher)
    assert error.code == "invalid_signature"
    assert error.params == {"key": ed.key_id, "suite": SUITE}


def test_relabel_leaves_blank_node_lookalikes_inside_literals_alone():
    canonical = '_:c14n0 <http://ex/p> "_:c14n0 is text" .\n'
    assert ecdsa_sd.relabel(canonical, {"c14n0": "uABC"}) == [
        '_:uABC <http://ex/p> "_:c14n0 is text" .\n'
    ]


@pytest.mark.parametrize("derived", [False, True])
def test_statements_are_ordered_by_utf16_code_units_as_the_reference_sorts(derived):
    """U+1F600 is a surrogate pair (0xD83D…) and sorts before U+FB33 in UTF-16, after it
    by code point; the signatures follow the reference implementation's order."""
    issuer = oi.did_key_issuer("p256")
    document = oi.credential(issuer)
    document["credentialSubject"]["achievement"]["tag"] = ["\U0001f600", "\ufb33"]
    signed = sd.sign_base(document, issuer)
    if derived:
        signed = sd.derive(signed)
    assert verify(signed, issuer.fetcher).verification.status == "verified"
