"""VC-JWT: algorithms, where the key comes from, and claims that must match."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import jwt
import pytest

from badges.openbadges import ob3
from badges.openbadges.errors import ImportRefused
from tests.openbadges import ob3_issuer as oi

NOW = datetime(2025, 6, 1, tzinfo=UTC)


def verify(token: str, fetcher):
    return ob3.verify_vc_jwt(token, fetcher, now=NOW)


def refusal(token: str, fetcher) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        verify(token, fetcher)
    return caught.value


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("make_issuer", "algorithm", "self_asserted"),
    [
        (lambda: oi.did_key_issuer("ed25519"), "EdDSA", True),
        (lambda: oi.did_key_issuer("p256"), "ES256", True),
        (lambda: oi.did_jwk_issuer("p256"), "ES256", True),
        (lambda: oi.did_key_issuer("p384"), "ES384", True),
        (lambda: oi.did_jwk_issuer("p384"), "ES384", True),
        (lambda: oi.did_web_issuer("ed25519"), "EdDSA", False),
        (lambda: oi.did_web_issuer("p256"), "ES256", False),
        (lambda: oi.did_web_issuer("p384"), "ES384", False),
        (lambda: oi.did_web_issuer("rsa"), "RS256", False),
        (lambda: oi.jwks_issuer("rsa"), "RS256", False),
        (lambda: oi.jwks_issuer("p256"), "ES256", False),
        (lambda: oi.jwks_issuer("p384"), "ES384", False),
    ],
)
@pytest.mark.parametrize("vcdm", ["2.0", "1.1"])
def test_signed_credential_verifies(make_issuer, algorithm, self_asserted, vcdm):
    issuer = make_issuer()
    token = oi.sign_vc_jwt(oi.credential(issuer, vcdm=vcdm), issuer, vcdm=vcdm)
    credential = verify(token, issuer.fetcher)
    verification = credential.verification
    assert verification.method == "vc-jwt"
    assert verification.status == "verified"
    assert verification.algorithm == algorithm
    assert verification.key_id == issuer.key_id
    assert verification.self_asserted_key is self_asserted
    assert credential.original == token
    assert credential.spec == "3.0"
    assert credential.issuer.id == issuer.id


def test_key_in_the_header_is_self_asserted():
    issuer = oi.jwks_issuer("rsa")
    token = oi.sign_vc_jwt(oi.credential(issuer), issuer, header="jwk")
    verification = verify(token, oi.FakeFetcher()).verification
    assert verification.self_asserted_key
    assert verification.key_id.startswith("urn:ietf:params:oauth:jwk-thumbprint:sha-256:")
    assert "key taken from the token's own header" in verification.steps


def test_kid_relative_to_the_issuer_did():
    issuer = oi.did_web_issuer("p256")
    token = oi.sign_vc_jwt(oi.credential(issuer), issuer, extra_headers={"kid": "#key-1"})
    verification = verify(token, issuer.fetcher).verification
    assert verification.key_id == "did:web:issuer.example#key-1"
    assert not verification.self_asserted_key


def test_private_key_in_the_header_is_refused():
    issuer = oi.did_key_issuer("p256")
    token = oi.sign_vc_jwt(
        oi.credential(issuer),
        issuer,
        header="none",
        extra_headers={"jwk": oi.private_jwk(issuer.key)},
    )
    error = refusal(token, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "private key" in error.render()


def test_alg_none_is_refused():
    issuer = oi.did_key_issuer()
    payload = {**oi.credential(issuer), "iss": issuer.id}
    token = f"{_b64({'alg': 'none', 'kid': issuer.key_id})}.{_b64(payload)}."
    error = refusal(token, issuer.fetcher)
    assert error.code in ("invalid_signature", "invalid")


def test_alg_none_with_a_signature_part_is_refused_as_unsigned():
    issuer = oi.did_key_issuer()
    token = f"{_b64({'alg': 'none'})}.{_b64(oi.credential(issuer))}.c2ln"
    error = refusal(token, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "not signed" in error.render()


def test_hmac_is_refused():
    issuer = oi.did_key_issuer()
    token = jwt.encode(oi.credential(issuer), "shared secret of 32 bytes or more!", "HS256")
    error = refusal(token, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert error.params["alg"] == "HS256"


def test_other_algorithms_are_unsupported_and_named():
    issuer = oi.did_web_issuer("rsa")
    token = oi.sign_vc_jwt(oi.credential(issuer), issuer, algorithm="PS256")
    error = refusal(token, issuer.fetcher)
    assert error.code == "unsupported"
    assert error.params["alg"] == "PS256"


def test_algorithm_must_fit_the_key():
    issuer = oi.did_web_issuer("rsa")
    header = {"alg": "ES256", "kid": issuer.key_id}
    token = f"{_b64(header)}.{_b64(oi.credential(issuer))}.c2ln"
    assert refusal(token, issuer.fetcher).code == "invalid_signature"


@pytest.mark.parametrize(("kind", "algorithm"), [("p256", "ES384"), ("p384", "ES256")])
def test_ecdsa_algorithm_must_name_the_keys_curve(kind, algorithm):
    """ES256 is P-256 with SHA-256 and ES384 is P-384 with SHA-384, never a mix."""
    issuer = oi.did_key_issuer(kind)
    header = {"alg": algorithm, "kid": issuer.key_id}
    token = f"{_b64(header)}.{_b64(oi.credential(issuer))}.c2ln"
    error = refusal(token, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert error.params == {"key": issuer.key_id, "alg": algorithm}


def test_es384_tampered_payload_is_refused():
    issuer = oi.did_jwk_issuer("p384")
    header, _payload, signature = oi.sign_vc_jwt(oi.credential(issuer), issuer).split(".")
    forged = oi.credential(issuer, name="Forged Badge")
    forged.update(iss=issuer.id, jti=forged["id"])
    error = refusal(f"{header}.{_b64(forged)}.{signature}", issuer.fetcher)
    assert error.code == "invalid_signature"


def test_tampered_payload_is_refused():
    issuer = oi.did_key_issuer()
    token = oi.sign_vc_jwt(oi.credential(issuer), issuer)
    header, _payload, signature = token.split(".")
    forged = oi.credential(issuer, name="Forged Badge")
    forged.update(iss=issuer.id, jti=forged["id"])
    error = refusal(f"{header}.{_b64(forged)}.{signature}", issuer.fetcher)
    assert error.code == "invalid_signature"


def test_one_flipped_character_in_the_signature_is_refused():
    issuer = oi.did_web_issuer("p256")
    token = oi.sign_vc_jwt(oi.credential(issuer), issuer)
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    assert refusal(flipped, issuer.fetcher).code == "invalid_signature"


def test_no_key_at_all_is_refused():
    issuer = oi.did_key_issuer()
    token = oi.sign_vc_jwt(oi.credential(issuer), issuer, header="none")
    error = refusal(token, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "does not say which key signed it" in error.render()


def test_key_of_another_issuer_is_refused():
    issuer = oi.did_web_issuer()
    impostor = oi.did_key_issuer()
    document = oi.credential(issuer)
    token = oi.sign_vc_jwt(document, impostor, claims={"iss": issuer.id})
    error = refusal(token, issuer.fetcher)
    assert error.code == "invalid_signature"
    assert "does not belong to the issuer" in error.render()


def test_jwks_on_another_host_does_not_speak_for_the_issuer():
    issuer = oi.jwks_issuer()
    document = oi.credential(issuer)
    document["issuer"] = {"id": "https://other.example/", "type": "Profile"}
    token = oi.sign_vc_jwt(document, issuer, claims={"iss": "https://other.example/"})
    assert refusal(token, issuer.fetcher).code == "invalid_signature"


@pytest.mark.parametrize(
    ("claims", "claim"),
    [
        ({"iss": "did:web:someone.example"}, "iss"),
        ({"jti": "urn:uuid:another"}, "jti"),
        ({"sub": "did:example:someone-else"}, "sub"),
        ({"nbf": 1_600_000_000}, "nbf"),
        ({"exp": 1_900_000_000}, "exp"),
    ],
)
def test_claims_must_match_the_credential(claims, claim):
    issuer = oi.did_key_issuer()
    subject = oi.credential(issuer)["credentialSubject"] | {"id": "did:example:learner"}
    document = oi.credential(issuer, subject=subject, validUntil="2030-01-01T00:00:00Z")
    token = oi.sign_vc_jwt(document, issuer, claims=claims)
    error = refusal(token, issuer.fetcher)
    assert error.code == "invalid"
    assert error.params["claim"] == claim


def test_vcdm11_claims_fill_in_what_the_credential_leaves_out():
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, vcdm="1.1")
    for name in ("id", "issuanceDate"):
        document.pop(name)
    token = oi.sign_vc_jwt(
        document,
        issuer,
        vcdm="1.1",
        claims={"jti": "urn:uuid:from-claim", "nbf": 1_700_000_000, "exp": 1_720_000_000},
    )
    credential = verify(token, issuer.fetcher)
    assert credential.id == "urn:uuid:from-claim"
    assert credential.issued_on == datetime.fromtimestamp(1_700_000_000, UTC)
    assert credential.expires == datetime.fromtimestamp(1_720_000_000, UTC)
    assert credential.verification.status == "expired"


def test_nbf_in_the_future_is_refused_with_the_date():
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, validFrom="2030-01-01T00:00:00Z")
    error = refusal(oi.sign_vc_jwt(document, issuer), issuer.fetcher)
    assert error.code == "invalid"
    assert error.params["date"].startswith("2030-01-01")


def test_lone_exp_claim_counts_as_expiry():
    issuer = oi.did_key_issuer()
    token = oi.sign_vc_jwt(oi.credential(issuer), issuer, claims={"exp": 1_720_000_000})
    assert verify(token, issuer.fetcher).verification.status == "expired"


def test_payload_without_an_ob3_credential_is_refused():
    issuer = oi.did_key_issuer()
    token = jwt.encode(
        {"iss": issuer.id, "hello": "world"}, issuer.key, "EdDSA", headers={"kid": issuer.key_id}
    )
    assert refusal(token, issuer.fetcher).code == "invalid"


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "eyJ.eyJ.", "eyJhbGciOi.x.y", "." * 5])
def test_garbage_tokens_are_invalid(token):
    assert refusal(token, oi.FakeFetcher()).code in ("invalid", "invalid_signature")


def test_unreachable_did_web_is_fetch_failed():
    issuer = oi.did_web_issuer(publish=False)
    token = oi.sign_vc_jwt(oi.credential(issuer), issuer)
    error = refusal(token, issuer.fetcher)
    assert error.code == "fetch_failed"
    assert issuer.fetcher.requests == ["https://issuer.example/.well-known/did.json"]
