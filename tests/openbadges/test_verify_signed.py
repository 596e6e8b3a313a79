"""Signed (JWS) verification of Open Badges 1.0, 1.1 and 2.0 assertions."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from unittest.mock import patch

import jwt
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from badges.openbadges import guard
from badges.openbadges.errors import ImportRefused
from badges.openbadges.identity import match_email
from badges.openbadges.verify import PayloadText, recheck, verify_payload
from tests.openbadges.fake_issuer import REMOVE, FakeIssuer, apply
from tests.openbadges.test_parse_versions import KEYS, json_ish
from tests.openbadges.test_verify_hosted import RandomIssuer

NOW = datetime(2024, 6, 1, tzinfo=UTC)


@pytest.fixture
def issuer():
    return FakeIssuer()


def check(token, fetcher, **kwargs):
    return verify_payload(PayloadText("jws", token), fetcher, now=NOW, **kwargs)


def refused(token, fetcher) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        check(token, fetcher)
    return caught.value


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.mark.parametrize(("version", "spec"), [("1.0", "1.0"), ("1.1", "1.0"), ("2.0", "2.0")])
def test_signed_badge_verifies(issuer, version, spec):
    token = issuer.signed_assertion("ann@example.org", version)

    credential = check(token + "\n", issuer.fetcher)

    key_url = issuer.key_url if version == "2.0" else issuer.v1_key_url
    assert credential.spec == spec
    assert credential.original == token
    assert credential.name == "Robotics"
    assert credential.verification.method == "signed"
    assert credential.verification.status == "verified"
    assert credential.verification.key_id == key_url
    assert credential.verification.source_url == key_url
    assert credential.verification.algorithm == "RS256"
    assert f"Signature checked with key {key_url} (RS256)." in credential.verification.steps
    assert credential.verification.steps[-2].startswith("Not on the issuer's revocation list")
    assert credential.verification.trust == "issuer_confirmed"
    assert credential.verification.trust_source == "issuer.example"
    assert match_email(credential.recipients, ["ann@example.org"]) == "ann@example.org"


def test_2_0_signed_id_and_issuer(issuer):
    token = issuer.signed_assertion()

    credential = check(token, issuer.fetcher)

    assert credential.id.startswith("urn:uuid:")
    assert credential.issuer.id == issuer.profile_url
    assert "The key is listed in the issuer profile and owned by the issuer." in (
        credential.verification.steps
    )


def test_elliptic_curve_keys_verify():
    issuer = FakeIssuer(key_type="EC")

    credential = check(issuer.signed_assertion(), issuer.fetcher)

    assert credential.verification.algorithm == "ES256"


def test_a_changed_payload_breaks_the_signature(issuer):
    header, _payload, signature = issuer.signed_assertion("ann@example.org").split(".")
    forged = issuer.assertion("mallory@example.org", method="signed")
    token = ".".join([header, b64(json.dumps(forged).encode()), signature])

    error = refused(token, issuer.fetcher)

    assert error.code == "invalid_signature"
    assert error.params["key"] == issuer.key_url


def test_a_badge_signed_with_another_key_is_refused(issuer):
    token = issuer.signed_assertion(key=issuer.stranger_key)

    assert refused(token, issuer.fetcher).code == "invalid_signature"


def test_a_key_not_listed_by_the_issuer_is_refused(issuer):
    issuer.update_profile(publicKey="https://issuer.example/keys/2.json")

    error = refused(issuer.signed_assertion(), issuer.fetcher)

    assert error.code == "invalid_signature"
    assert "not listed in the issuer profile" in str(error)


def test_an_impostor_key_claiming_the_issuer_as_owner_is_refused(issuer):
    evil = FakeIssuer("https://evil.example", fetcher=issuer.fetcher)
    evil.private_key = issuer.stranger_key
    evil.key_document.update(owner=issuer.profile_url, publicKeyPem=evil.public_key_pem)
    evil.publish()
    token = evil.signed_assertion(badge=issuer.badge_url)

    error = refused(token, issuer.fetcher)

    assert error.code == "invalid_signature"
    assert error.params["key"] == evil.key_url


def test_a_key_owned_by_someone_else_is_refused(issuer):
    issuer.key_document["owner"] = "https://other.example/issuer"
    issuer.publish()

    error = refused(issuer.signed_assertion(), issuer.fetcher)

    assert error.code == "invalid_signature"
    assert "https://other.example/issuer" in str(error)


def test_listed_keys_may_be_embedded_objects_with_trailing_slashes(issuer):
    issuer.update_profile(publicKey=[{"id": issuer.key_url + "/", "type": "CryptographicKey"}])

    assert check(issuer.signed_assertion(), issuer.fetcher).verification.status == "verified"


def test_without_a_creator_the_issuers_listed_keys_are_tried(issuer):
    issuer.update_profile(publicKey=["https://issuer.example/keys/old.json", issuer.key_url])
    token = issuer.signed_assertion(verification={"type": "SignedBadge"})

    credential = check(token, issuer.fetcher)

    assert credential.verification.key_id == issuer.key_url


def test_without_a_creator_an_embedded_key_is_used(issuer):
    issuer.update_profile(publicKey={"id": issuer.key_url, "publicKeyPem": issuer.public_key_pem})
    issuer.fetcher.remove(issuer.key_url)
    token = issuer.signed_assertion(verification={"type": "signed"})

    assert check(token, issuer.fetcher).verification.key_id == issuer.key_url


def test_without_a_creator_or_listed_keys_nothing_can_be_checked(issuer):
    issuer.update_profile(publicKey=REMOVE)
    token = issuer.signed_assertion(verification={"type": "SignedBadge"})

    error = refused(token, issuer.fetcher)

    assert error.code == "invalid_signature"
    assert "lists no public key" in str(error)


def test_a_1_0_key_on_another_site_is_refused(issuer):
    evil = FakeIssuer("https://evil.example", fetcher=issuer.fetcher)
    evil.private_key = issuer.stranger_key
    evil.publish()
    token = evil.signed_assertion(version="1.0", badge=issuer.v1_badge_url)

    error = refused(token, issuer.fetcher)

    assert error.code == "invalid_signature"
    assert "evil.example" in str(error)


# --- revocation lists ---------------------------------------------------------------


@pytest.mark.parametrize(("how", "reason"), [("object", "Awarded in error"), ("string", "")])
def test_2_0_revocation_list_hit(issuer, how, reason):
    token = issuer.signed_assertion()
    issuer.revoke(token, reason or "ignored", how=how)

    error = refused(token, issuer.fetcher)

    assert error.code == "revoked"
    assert error.params.get("reason", "") == reason
    assert (issuer.revocation_list_url, "get_uncached") in issuer.fetcher.requests


def test_2_0_revocation_by_legacy_uid(issuer):
    token = issuer.signed_assertion(uid="legacy-7")
    issuer.revoked_assertions.append({"uid": "legacy-7", "revocationReason": "Old"})
    issuer.publish()

    assert refused(token, issuer.fetcher).params["reason"] == "Old"


def test_other_entries_on_the_list_do_not_revoke(issuer):
    issuer.revoked_assertions.extend(["urn:uuid:someone-else", {"id": "urn:uuid:another"}])
    issuer.publish()

    assert check(issuer.signed_assertion(), issuer.fetcher).verification.status == "verified"


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_1_x_revocation_list_maps_uid_to_reason(issuer, version):
    token = issuer.signed_assertion(version=version)
    issuer.revoke(token, "Cheating")

    error = refused(token, issuer.fetcher)

    assert error.code == "revoked"
    assert error.params["reason"] == "Cheating"


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_recheck_reports_a_signed_badge_revoked(issuer, version):
    token = issuer.signed_assertion("ann@example.org", version)
    stored = check(token, issuer.fetcher)
    issuer.revoke(token, "Awarded in error")

    again = recheck(stored.original, stored.verification.source_url, issuer.fetcher, now=NOW)

    assert again.verification.status == "revoked"
    assert again.verification.revocation_reason == "Awarded in error"
    assert again.id == stored.id


def test_an_unreachable_revocation_list_fails_the_check(issuer):
    issuer.fetcher.serve(issuer.revocation_list_url, "oops", status=500)

    error = refused(issuer.signed_assertion(), issuer.fetcher)

    assert error.code == "fetch_failed"
    assert error.params["url"] == issuer.revocation_list_url


def test_no_revocation_list_is_noted(issuer):
    issuer.update_profile(revocationList=REMOVE)

    credential = check(issuer.signed_assertion(), issuer.fetcher)

    assert "The issuer publishes no revocation list." in credential.verification.steps


# --- algorithms and damaged tokens --------------------------------------------------


def test_unsigned_tokens_are_refused(issuer):
    payload = json.dumps(issuer.assertion(method="signed")).encode()
    token = b64(b'{"alg": "none"}') + "." + b64(payload) + "."

    error = refused(token, issuer.fetcher)

    assert error.code == "invalid_signature"
    assert error.params["alg"] == "none"


def test_hmac_tokens_are_refused(issuer):
    payload = json.dumps(issuer.assertion(method="signed")).encode()
    token = jwt.api_jws.encode(payload, "shared-secret-of-32-bytes-or-more!", algorithm="HS256")

    error = refused(token, issuer.fetcher)

    assert error.code == "invalid_signature"
    assert error.params["alg"] == "HS256"


def test_an_rsa_algorithm_with_an_ec_key_is_refused():
    issuer = FakeIssuer(key_type="EC")
    _header, payload, signature = issuer.signed_assertion().split(".")
    token = b64(b'{"alg": "RS256"}') + f".{payload}.{signature}"

    assert refused(token, issuer.fetcher).code == "invalid_signature"


@pytest.mark.parametrize(
    "token",
    [
        "abc",
        "a.b",
        "a.b.c.d",
        "!!.??.**",
        f"{b64(b'[1]')}.{b64(b'{}')}.",
        f"{b64(b'{}')}.{b64(b'not json')}.",
    ],
)
def test_damaged_tokens_are_invalid(issuer, token):
    assert refused(token, issuer.fetcher).code == "invalid"


def test_a_signed_0_5_badge_cannot_exist(issuer):
    token = issuer.sign(issuer.assertion(version="0.5"))

    assert refused(token, issuer.fetcher).code == "unsupported"


def test_a_signed_copy_of_a_hosted_badge_is_checked_at_its_host(issuer):
    url, _text = issuer.hosted_assertion("ann@example.org")
    token = issuer.sign(issuer.assertion("mallory@example.org", id=url))

    credential = check(token, issuer.fetcher)

    assert credential.verification.method == "hosted"
    assert credential.original == token
    assert match_email(credential.recipients, ["mallory@example.org", "ann@example.org"]) == (
        "ann@example.org"
    )


def test_future_signed_badge_is_refused_and_past_expiry_is_expired(issuer):
    future = issuer.signed_assertion(issuedOn="2099-01-01T00:00:00Z")
    expired = issuer.signed_assertion(expires="2024-02-01T00:00:00Z")

    assert refused(future, issuer.fetcher).code == "invalid"
    assert check(expired, issuer.fetcher).verification.status == "expired"


# --- validly signed but malformed payloads never escape as anything else ------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    version=st.sampled_from(["1.0", "1.1", "2.0"]),
    damage=st.dictionaries(st.sampled_from(KEYS), json_ish, max_size=3),
    data=st.data(),
)
def test_signed_verification_only_ever_refuses(version, damage, data):
    issuer = FakeIssuer()
    token = issuer.sign(apply(issuer.assertion(version=version, method="signed"), damage))
    with patch.object(guard, "GUARDED", ()):
        try:
            check(token, RandomIssuer(issuer, data))
            event("verified")
        except ImportRefused as error:
            event(error.code)
            assert error.render()
