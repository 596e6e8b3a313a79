"""Revocation through 1EdTech revocation lists and W3C bitstring status lists."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from badges.openbadges import ob3, status
from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch_cache import CachingFetcher
from tests.openbadges import ob3_issuer as oi


def issue(issuer: oi.TestIssuer, entry: dict | list, *, jwt: bool = False) -> str:
    document = oi.credential(issuer, credentialStatus=entry)
    if jwt:
        return oi.sign_vc_jwt(document, issuer)
    return json.dumps(oi.sign_data_integrity(document, issuer))


def check(text: str, fetcher, **options):
    if text.startswith("ey"):
        return ob3.verify_vc_jwt(text, fetcher, **options)
    return ob3.verify_credential_json(text, fetcher, **options)


def refusal(text: str, fetcher) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        check(text, fetcher)
    return caught.value


# --- 1EdTech revocation list ----------------------------------------------------------


@pytest.mark.parametrize("jwt", [False, True])
def test_credential_absent_from_the_revocation_list_is_verified(jwt):
    issuer = oi.did_web_issuer()
    entry = oi.revocation_list(issuer, {"urn:uuid:someone-else": "Mistake"})
    credential = check(issue(issuer, entry, jwt=jwt), issuer.fetcher)
    assert credential.verification.status == "verified"
    assert (
        "Revocation list https://issuer.example/revocations checked: not revoked"
        in credential.verification.steps
    )


@pytest.mark.parametrize("jwt", [False, True])
def test_credential_on_the_revocation_list_is_refused_with_the_reason(jwt):
    issuer = oi.did_web_issuer()
    document = oi.credential(issuer)
    entry = oi.revocation_list(issuer, {document["id"]: "Issued in error"})
    error = refusal(issue(issuer, entry, jwt=jwt), issuer.fetcher)
    assert error.code == "revoked"
    assert error.params["reason"] == "Issued in error"


def test_revoked_credential_is_returned_when_asked():
    issuer = oi.did_web_issuer()
    entry = oi.revocation_list(issuer, {oi.credential(issuer)["id"]: "Issued in error"})
    credential = check(issue(issuer, entry), issuer.fetcher, raise_on_revoked=False)
    assert credential.verification.status == "revoked"
    assert credential.verification.revocation_reason == "Issued in error"


@pytest.mark.parametrize("jwt", [False, True])
def test_status_is_checked_before_the_validity_window(jwt):
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, {7})
    document = oi.credential(
        issuer, credentialStatus=oi.bitstring_entry(7), validFrom="2030-01-01T00:00:00Z"
    )
    text = (
        oi.sign_vc_jwt(document, issuer)
        if jwt
        else json.dumps(oi.sign_data_integrity(document, issuer))
    )
    assert refusal(text, issuer.fetcher).code == "revoked"
    credential = check(text, issuer.fetcher, raise_on_revoked=False)
    assert credential.verification.status == "revoked"


def test_revocation_list_with_plain_ids_and_no_reason():
    issuer = oi.did_key_issuer()
    credential_id = oi.credential(issuer)["id"]
    url = "https://issuer.example/revocations"
    issuer.fetcher.serve(url, {"revokedCredential": [credential_id]})
    error = refusal(issue(issuer, {"id": url, "type": "1EdTechRevocationList"}), issuer.fetcher)
    assert error.code == "revoked"
    assert error.render() == "The issuer has revoked this credential."


def test_unreachable_revocation_list_is_fetch_failed():
    issuer = oi.did_key_issuer()
    entry = {"id": "https://issuer.example/revocations", "type": "1EdTechRevocationList"}
    assert refusal(issue(issuer, entry), issuer.fetcher).code == "fetch_failed"


def test_revocation_list_answering_an_error_is_fetch_failed():
    issuer = oi.did_key_issuer()
    entry = oi.revocation_list(issuer)
    issuer.fetcher.serve(entry["id"], "gone", status=404)
    error = refusal(issue(issuer, entry), issuer.fetcher)
    assert error.code == "fetch_failed"
    assert error.params["status"] == 404


def test_malformed_revocation_list_is_invalid():
    issuer = oi.did_key_issuer()
    entry = oi.revocation_list(issuer)
    issuer.fetcher.serve(entry["id"], {"revoked": []})
    assert refusal(issue(issuer, entry), issuer.fetcher).code == "invalid"


# --- bitstring status lists -----------------------------------------------------------


@pytest.mark.parametrize("jwt", [False, True])
def test_bit_set_means_revoked(jwt):
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, {7, 94567})
    error = refusal(issue(issuer, oi.bitstring_entry(94567), jwt=jwt), issuer.fetcher)
    assert error.code == "revoked"


@pytest.mark.parametrize("index", [0, 6, 8, 94566, 131071])
def test_bit_clear_means_not_revoked(index):
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, {7, 94567})
    credential = check(issue(issuer, oi.bitstring_entry(index)), issuer.fetcher)
    assert credential.verification.status == "verified"
    assert credential.verification.steps[-2:] == (
        "Status list https://issuer.example/status/1: Proof eddsa-rdfc-2022 checked with "
        "did:web:issuer.example#key-1",
        "Status list checked: not revoked",
    )


def test_bits_are_read_most_significant_first():
    bits = status._bitstring(oi.encode_bitstring({0, 9}, length_bits=16), "u")
    assert bits == bytes([0b1000_0000, 0b0100_0000])
    assert status._read_bits(bits, 0, 1, "u") == 1
    assert status._read_bits(bits, 7, 1, "u") == 0
    assert status._read_bits(bits, 9, 1, "u") == 1
    assert status._read_bits(bits, 8, 2, "u") == 0b01


def test_suspension_counts_as_revoked_with_a_reason():
    issuer = oi.did_key_issuer()
    oi.bitstring_list(issuer, {3}, purpose="suspension")
    text = issue(issuer, oi.bitstring_entry(3, purpose="suspension"))
    credential = check(text, issuer.fetcher, raise_on_revoked=False)
    assert credential.verification.status == "revoked"
    assert credential.verification.revocation_reason == "Suspended by the issuer"


def test_purpose_of_the_list_must_match_the_entry():
    issuer = oi.did_key_issuer()
    oi.bitstring_list(issuer, {3}, purpose="suspension")
    error = refusal(issue(issuer, oi.bitstring_entry(3)), issuer.fetcher)
    assert error.code == "invalid"
    assert error.params["purpose"] == "revocation"


def test_index_beyond_the_list_is_invalid():
    issuer = oi.did_key_issuer()
    oi.bitstring_list(issuer, set())
    assert refusal(issue(issuer, oi.bitstring_entry(131072)), issuer.fetcher).code == "invalid"


# A status list that cannot be trusted leaves the status unknown: "could not be checked"
# (fetch_failed), never "not revoked", and not a fault of the credential's own signature.


def test_unsigned_status_list_means_the_status_could_not_be_checked():
    issuer = oi.did_key_issuer()
    oi.bitstring_list(issuer, set(), sign=False)
    error = refusal(issue(issuer, oi.bitstring_entry(1)), issuer.fetcher)
    assert error.code == "fetch_failed"
    assert error.params["url"] == "https://issuer.example/status/1"
    assert "could not be checked" in error.render()
    assert "not properly signed" in error.render()


def test_tampered_status_list_means_the_status_could_not_be_checked():
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, {1})
    url = "https://issuer.example/status/1"
    tampered = json.loads(issuer.fetcher.routes[url][1])
    tampered["credentialSubject"]["encodedList"] = oi.encode_bitstring(set())  # 1 cleared
    issuer.fetcher.serve(url, tampered)
    error = refusal(issue(issuer, oi.bitstring_entry(1)), issuer.fetcher)
    assert error.code == "fetch_failed"
    assert "not properly signed" in error.render()


def test_status_list_of_another_issuer_means_the_status_could_not_be_checked():
    issuer = oi.did_web_issuer()
    other = oi.did_key_issuer(fetcher=issuer.fetcher)
    oi.bitstring_list(other, set())  # a list signed by someone else at the URL
    error = refusal(issue(issuer, oi.bitstring_entry(1)), issuer.fetcher)
    assert error.code == "fetch_failed"
    assert "not published by the credential's issuer" in error.render()


@pytest.mark.parametrize("jwt", [False, True])
def test_expired_status_list_means_the_status_could_not_be_checked(jwt):
    issuer = oi.did_web_issuer("p256" if jwt else "ed25519")
    url = "https://issuer.example/status/old"
    oi.bitstring_list(issuer, set(), url=url, jwt=jwt, validUntil="2024-02-01T00:00:00Z")
    text = issue(issuer, oi.bitstring_entry(1, url=url), jwt=jwt)
    with pytest.raises(ImportRefused) as caught:
        check(text, issuer.fetcher, now=datetime(2024, 6, 1, tzinfo=UTC))
    assert caught.value.code == "fetch_failed"
    assert caught.value.params == {"url": url, "date": "2024-02-01"}
    assert "expired" in caught.value.render()
    # before that day, the same list is good
    credential = check(text, issuer.fetcher, now=datetime(2024, 1, 15, tzinfo=UTC))
    assert credential.verification.status == "verified"


def test_expired_status_list_in_the_vcdm_1_shape_is_caught_too():
    issuer = oi.did_web_issuer()
    url = "https://issuer.example/status/v1"
    oi.bitstring_list(issuer, set(), url=url, vcdm="1.1", expirationDate="2024-02-01T00:00:00Z")
    text = issue(issuer, oi.bitstring_entry(1, url=url))
    with pytest.raises(ImportRefused) as caught:
        check(text, issuer.fetcher, now=datetime(2024, 6, 1, tzinfo=UTC))
    assert caught.value.code == "fetch_failed"


def test_status_list_not_yet_valid_means_the_status_could_not_be_checked():
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, set(), validFrom="2024-09-01T00:00:00Z")
    text = issue(issuer, oi.bitstring_entry(1))
    with pytest.raises(ImportRefused) as caught:
        check(text, issuer.fetcher, now=datetime(2024, 6, 1, tzinfo=UTC))
    assert caught.value.code == "fetch_failed"
    assert caught.value.params["date"] == "2024-09-01"


def test_a_status_list_says_whether_it_is_still_valid_in_the_steps():
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, set(), validUntil="2030-01-01T00:00:00Z")
    credential = check(issue(issuer, oi.bitstring_entry(1)), issuer.fetcher)
    assert "Status list https://issuer.example/status/1: valid until 2030-01-01" in (
        credential.verification.steps
    )


@pytest.mark.parametrize("kind", ["1EdTechRevocationList", "BitstringStatusListEntry"])
def test_status_is_fetched_fresh_not_from_the_cache(kind):
    """A revocation published after a first check is seen by the next one (a new run,
    with a fetcher of its own, as every import and re-check makes)."""
    issuer = oi.did_web_issuer()
    document = oi.credential(issuer)
    if kind == "1EdTechRevocationList":
        entry = oi.revocation_list(issuer)
    else:
        entry = oi.bitstring_entry(3)
        oi.bitstring_list(issuer, set())
    text = issue(issuer, entry)
    fetcher = CachingFetcher(issuer.fetcher, None)
    assert check(text, fetcher).verification.status == "verified"
    if kind == "1EdTechRevocationList":
        oi.revocation_list(issuer, {document["id"]: "Withdrawn"})
    else:
        oi.bitstring_list(issuer, {3})
    assert refusal(text, CachingFetcher(issuer.fetcher, None)).code == "revoked"


def test_status_list_as_a_vc_jwt():
    issuer = oi.did_web_issuer("p256")
    url = "https://issuer.example/status/jwt"
    list_credential = {
        "@context": [oi.VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.id,
        "validFrom": oi.VALID_FROM,
        "credentialSubject": {
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": oi.encode_bitstring({5}),
        },
    }
    issuer.fetcher.serve(
        url, oi.sign_vc_jwt(list_credential, issuer), content_type="application/vc+jwt"
    )
    text = issue(issuer, oi.bitstring_entry(5, url=url), jwt=True)
    assert refusal(text, issuer.fetcher).code == "revoked"


def test_unreachable_status_list_is_fetch_failed():
    issuer = oi.did_key_issuer()
    error = refusal(issue(issuer, oi.bitstring_entry(1)), issuer.fetcher)
    assert error.code == "fetch_failed"


def test_status_list_2021_and_revocation_list_2020():
    issuer = oi.did_key_issuer()
    url = "https://issuer.example/status/2021"
    list_credential = {
        "@context": [oi.VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuer": issuer.id,
        "validFrom": oi.VALID_FROM,
        "credentialSubject": {
            "type": "StatusList2021",
            "statusPurpose": "revocation",
            "encodedList": oi.encode_bitstring({42}, multibase=False),
        },
    }
    issuer.fetcher.serve(url, oi.sign_data_integrity(list_credential, issuer))
    entry = {
        "type": "StatusList2021Entry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": url,
    }
    assert refusal(issue(issuer, entry), issuer.fetcher).code == "revoked"
    list_credential["credentialSubject"]["type"] = "RevocationList2020"
    issuer.fetcher.serve(url, oi.sign_data_integrity(list_credential, issuer))
    entry = {
        "type": "RevocationList2020Status",
        "revocationListIndex": "41",
        "revocationListCredential": url,
    }
    assert check(issue(issuer, entry), issuer.fetcher).verification.status == "verified"


def test_several_entries_are_all_checked():
    issuer = oi.did_key_issuer()
    oi.bitstring_list(issuer, set())
    entries = [oi.bitstring_entry(1), oi.revocation_list(issuer)]
    steps = check(issue(issuer, entries), issuer.fetcher).verification.steps
    assert "Status list checked: not revoked" in steps
    assert "Revocation list https://issuer.example/revocations checked: not revoked" in steps


def test_unknown_status_type_is_unsupported_and_named():
    issuer = oi.did_key_issuer()
    entry = {"id": "ethereum:0xDF90", "type": "VelocityRevocationListJan2021"}
    error = refusal(issue(issuer, entry), issuer.fetcher)
    assert error.code == "unsupported"
    assert error.params["type"] == "VelocityRevocationListJan2021"


@pytest.mark.parametrize(
    "entry",
    [
        {"type": "BitstringStatusListEntry", "statusListIndex": "-1"},
        {
            "type": "BitstringStatusListEntry",
            "statusListCredential": "https://x.example/",
            "statusListIndex": "x",
        },
        {"type": "1EdTechRevocationList"},
        {"type": "1EdTechRevocationList", "id": "ftp://issuer.example/list"},
    ],
)
def test_malformed_entries_are_invalid(entry):
    issuer = oi.did_key_issuer()
    assert refusal(issue(issuer, entry), issuer.fetcher).code == "invalid"
