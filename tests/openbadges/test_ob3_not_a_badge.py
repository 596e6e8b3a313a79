"""Verifiable Credentials that are not Open Badges, and OB 3.0 ones without the VC context."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from badges.openbadges import ob3
from badges.openbadges.errors import ImportRefused
from badges.openbadges.verify import PayloadText, verify_payload
from tests.openbadges import ob3_issuer as oi

NOW = datetime(2025, 6, 1, tzinfo=UTC)
OB2 = "https://w3id.org/openbadges/v2"


def degree(issuer: oi.TestIssuer, *, vcdm: str = "2.0", **fields) -> dict:
    """A well-formed university degree credential: a VC, but no Open Badge."""
    document = {
        "@context": [oi.VC_V2] if vcdm == "2.0" else [oi.VC_V1, oi.ED25519_2020],
        "id": "urn:uuid:7f0c3a8e-3d2b-4c55-9a57-000000000001",
        "type": ["VerifiableCredential", "UniversityDegreeCredential"],
        "issuer": issuer.id,
        ("validFrom" if vcdm == "2.0" else "issuanceDate"): oi.VALID_FROM,
        "credentialSubject": {
            "id": "did:example:ada",
            "degree": {"type": "BachelorDegree", "name": "Bachelor of Science"},
        },
    }
    document.update(fields)
    return document


def signed(document: dict, issuer: oi.TestIssuer, how: str, *, vcdm: str = "2.0") -> PayloadText:
    if how == "vc-jwt":
        return PayloadText("jws", oi.sign_vc_jwt(document, issuer, vcdm=vcdm))
    return PayloadText("json", json.dumps(oi.sign_data_integrity(document, issuer)))


def refusal(payload: PayloadText, fetcher) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        verify_payload(payload, fetcher, now=NOW)
    return caught.value


# --- a VC of another kind is unsupported, naming its type -----------------------------


@pytest.mark.parametrize("how", ["data-integrity", "vc-jwt"])
@pytest.mark.parametrize("vcdm", ["2.0", "1.1"])
def test_signed_vc_that_is_not_a_badge_is_unsupported_naming_its_type(how, vcdm):
    issuer = oi.did_key_issuer()
    error = refusal(signed(degree(issuer, vcdm=vcdm), issuer, how, vcdm=vcdm), issuer.fetcher)

    assert error.code == "unsupported"
    assert error.params["type"] == "UniversityDegreeCredential"
    assert "UniversityDegreeCredential" in error.render()
    assert "Open Badge" in error.render()


def test_several_types_are_all_named():
    issuer = oi.did_key_issuer()
    document = degree(issuer, type=["VerifiableCredential", "DegreeCredential", "DiplomaX"])

    error = refusal(signed(document, issuer, "vc-jwt"), issuer.fetcher)

    assert error.code == "unsupported"
    assert error.params["type"] == "DegreeCredential, DiplomaX"


def test_a_vc_of_no_type_but_verifiable_credential_is_named_so():
    issuer = oi.did_key_issuer()
    document = degree(issuer, type="VerifiableCredential")

    error = refusal(signed(document, issuer, "data-integrity"), issuer.fetcher)

    assert error.code == "unsupported"
    assert error.params["type"] == "VerifiableCredential"


def test_an_endorsement_is_not_a_badge():
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, type=["VerifiableCredential", "EndorsementCredential"])

    error = refusal(signed(document, issuer, "data-integrity"), issuer.fetcher)

    assert error.code == "unsupported"
    assert error.params["type"] == "EndorsementCredential"


def test_a_vc_is_not_read_as_an_ob2_assertion_even_with_the_ob2_context():
    issuer = oi.did_key_issuer()
    document = degree(issuer, **{"@context": [OB2]})

    error = refusal(PayloadText("json", json.dumps(document)), issuer.fetcher)

    assert error.code == "unsupported"
    assert error.params["type"] == "UniversityDegreeCredential"


def test_the_type_is_judged_before_any_key_is_fetched():
    issuer = oi.did_web_issuer(publish=False)  # its DID document cannot be fetched
    for how in ("data-integrity", "vc-jwt"):
        error = refusal(signed(degree(issuer), issuer, how), issuer.fetcher)
        assert error.code == "unsupported"
    assert issuer.fetcher.requests == []


def test_a_url_serving_a_vc_that_is_not_a_badge():
    issuer = oi.did_key_issuer()
    url = "https://issuer.example/credentials/1"
    issuer.fetcher.serve(url, oi.sign_data_integrity(degree(issuer), issuer))

    error = refusal(PayloadText("url", url), issuer.fetcher)

    assert error.code == "unsupported"
    assert "UniversityDegreeCredential" in error.render()


def test_an_open_badge_is_still_verified():
    issuer = oi.did_key_issuer()
    credential = verify_payload(signed(oi.credential(issuer), issuer, "vc-jwt"), issuer.fetcher)
    assert credential.verification.status == "verified"


# --- an Open Badge without the VC context says so --------------------------------------


@pytest.mark.parametrize("how", ["data-integrity", "vc-jwt"])
def test_missing_vc_context_says_so(how):
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, **{"@context": [oi.OB_303]})
    payload = (
        PayloadText("json", json.dumps(document))
        if how == "data-integrity"
        else signed(document, issuer, how)
    )

    error = refusal(payload, issuer.fetcher)

    assert error.code == "invalid"
    assert "does not use the W3C Verifiable Credentials context" in error.render()
    assert "must be of type" not in error.render()


def test_vc_context_that_is_not_first_says_so():
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, **{"@context": [oi.OB_303, oi.VC_V2]})

    error = refusal(PayloadText("json", json.dumps(document)), issuer.fetcher)

    assert error.code == "invalid"
    assert "must start with the W3C Verifiable Credentials context" in error.render()


@pytest.mark.parametrize("verify", [ob3.verify_credential_json, ob3.verify_vc_jwt])
def test_the_ob3_entry_points_say_the_same(verify):
    issuer = oi.did_key_issuer()
    document = degree(issuer)
    text = (
        oi.sign_vc_jwt(document, issuer)
        if verify is ob3.verify_vc_jwt
        else json.dumps(oi.sign_data_integrity(document, issuer))
    )

    with pytest.raises(ImportRefused) as caught:
        verify(text, issuer.fetcher, now=NOW)

    assert caught.value.code == "unsupported"
    assert caught.value.params["type"] == "UniversityDegreeCredential"
