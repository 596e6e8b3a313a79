"""Wallet-bound OB 3.0 credentials: a subject named only by ``name``, or not at all.

OB 3.0 says a subject MUST have an ``id`` or an ``identifier``; many wallets leave both
out. Passport keeps such a credential when its proof verifies, with the recipient not
confirmed, and still checks signature, status and validity window in that order.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from badges.openbadges.credential import Recipient
from badges.openbadges.errors import ImportRefused
from badges.openbadges.verify import PayloadText, verify_payload
from tests.openbadges import ob3_issuer as oi

NOW = datetime(2025, 6, 1, tzinfo=UTC)
FORMATS = ("data-integrity", "vc-jwt")
WALLET_STEP = (
    "The credential does not identify its recipient (no id or identifier), which Open "
    "Badges 3.0 requires; its signature is genuine, so it is kept with the recipient not "
    "confirmed."
)


def wallet_bound(issuer: oi.TestIssuer, *, name: str | None = "Ada Learner", **fields) -> dict:
    """A credential whose subject has no id and no identifier."""
    vcdm = fields.pop("vcdm", "2.0")
    subject = oi.credential(issuer)["credentialSubject"]
    del subject["identifier"]
    if name is not None:
        subject["name"] = name
    return oi.credential(issuer, vcdm=vcdm, subject=subject, **fields)


def sign(
    document: dict, issuer: oi.TestIssuer, how: str, *, vcdm: str = "2.0", **claims
) -> PayloadText:
    if how == "vc-jwt":
        return PayloadText("jws", oi.sign_vc_jwt(document, issuer, vcdm=vcdm, claims=claims))
    return PayloadText("json", json.dumps(oi.sign_data_integrity(document, issuer)))


def check(payload: PayloadText, issuer: oi.TestIssuer, **options):
    return verify_payload(payload, issuer.fetcher, now=NOW, **options)


def refusal(payload: PayloadText, issuer: oi.TestIssuer, **options) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        check(payload, issuer, **options)
    return caught.value


def tampered(payload: PayloadText) -> PayloadText:
    """The payload with its display name changed after signing, signature kept."""
    if payload.kind == "json":
        document = json.loads(payload.text)
        document["name"] = "Forged Badge"
        return PayloadText("json", json.dumps(document))
    header, body, signature = payload.text.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims.get("vc", claims)["name"] = "Forged Badge"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return PayloadText("jws", f"{header}.{forged}.{signature}")


# --- valid ----------------------------------------------------------------------------


@pytest.mark.parametrize("how", FORMATS)
@pytest.mark.parametrize("vcdm", ["2.0", "1.1"])
def test_subject_named_only_by_name_is_kept_with_the_recipient_not_confirmed(how, vcdm):
    issuer = oi.did_web_issuer()
    payload = sign(wallet_bound(issuer, vcdm=vcdm), issuer, how, vcdm=vcdm)

    credential = check(payload, issuer)

    assert credential.verification.status == "verified"
    assert credential.verification.method == how
    assert credential.name == "Teamwork Badge"
    assert credential.recipients == (Recipient("name", "Ada Learner"),)
    assert WALLET_STEP in credential.verification.steps


@pytest.mark.parametrize("how", FORMATS)
def test_subject_with_nothing_but_the_achievement_is_kept(how):
    issuer = oi.did_key_issuer()
    document = wallet_bound(issuer, name=None)
    assert set(document["credentialSubject"]) == {"type", "achievement"}

    credential = check(sign(document, issuer, how), issuer)

    assert credential.verification.status == "verified"
    assert credential.recipients == ()
    assert credential.badge_class_id == "https://issuer.example/achievements/teamwork"
    assert WALLET_STEP in credential.verification.steps


@pytest.mark.parametrize("how", FORMATS)
def test_the_note_comes_after_the_signature_and_status_checks(how):
    issuer = oi.did_web_issuer()
    credential = check(sign(wallet_bound(issuer), issuer, how), issuer)

    steps = credential.verification.steps
    signature = next(i for i, s in enumerate(steps) if "checked with did:web" in s)
    status = steps.index("No status list declared")
    assert signature < status < steps.index(WALLET_STEP)


@pytest.mark.parametrize("how", FORMATS)
def test_identified_subject_gets_no_such_note(how):
    issuer = oi.did_key_issuer()
    credential = check(sign(oi.credential(issuer), issuer, how), issuer)

    assert WALLET_STEP not in credential.verification.steps


# --- tampered -------------------------------------------------------------------------


@pytest.mark.parametrize("how", FORMATS)
def test_tampered_wallet_bound_credential_is_an_invalid_signature(how):
    issuer = oi.did_web_issuer()
    payload = tampered(sign(wallet_bound(issuer), issuer, how))

    assert refusal(payload, issuer).code == "invalid_signature"


@pytest.mark.parametrize("how", FORMATS)
def test_key_of_another_issuer_is_an_invalid_signature(how):
    issuer = oi.did_web_issuer()
    stranger = oi.did_key_issuer()
    payload = sign(wallet_bound(issuer), stranger, how, iss=issuer.id)

    assert refusal(payload, issuer).code == "invalid_signature"


# --- revoked --------------------------------------------------------------------------


@pytest.mark.parametrize("how", FORMATS)
def test_revoked_on_a_bitstring_status_list(how):
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, {7})
    document = wallet_bound(issuer, credentialStatus=oi.bitstring_entry(7))

    error = refusal(sign(document, issuer, how), issuer)

    assert error.code == "revoked"


@pytest.mark.parametrize("how", FORMATS)
def test_not_revoked_on_a_bitstring_status_list(how):
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, {8})
    document = wallet_bound(issuer, credentialStatus=oi.bitstring_entry(7))

    credential = check(sign(document, issuer, how), issuer)

    assert credential.verification.status == "verified"
    assert "Status list checked: not revoked" in credential.verification.steps


@pytest.mark.parametrize("how", FORMATS)
def test_revoked_on_a_1edtech_list_with_the_reason(how):
    issuer = oi.did_web_issuer()
    document = wallet_bound(issuer)
    entry = oi.revocation_list(issuer, {document["id"]: "Issued in error"})
    document["credentialStatus"] = entry

    error = refusal(sign(document, issuer, how), issuer)

    assert error.code == "revoked"
    assert error.params["reason"] == "Issued in error"


@pytest.mark.parametrize("how", FORMATS)
def test_revoked_comes_back_as_revoked_when_asked(how):
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, {7})
    document = wallet_bound(issuer, credentialStatus=oi.bitstring_entry(7))

    credential = check(sign(document, issuer, how), issuer, raise_on_revoked=False)

    assert credential.verification.status == "revoked"
    assert credential.recipients == (Recipient("name", "Ada Learner"),)


@pytest.mark.parametrize("how", FORMATS)
def test_unreachable_status_list_is_a_fetch_failure(how):
    issuer = oi.did_web_issuer()
    document = wallet_bound(issuer, credentialStatus=oi.bitstring_entry(7))

    assert refusal(sign(document, issuer, how), issuer).code == "fetch_failed"


# --- validity window ------------------------------------------------------------------


@pytest.mark.parametrize("how", FORMATS)
def test_expired_is_kept_as_expired(how):
    issuer = oi.did_web_issuer()
    document = wallet_bound(issuer, validUntil="2025-01-01T00:00:00Z")

    credential = check(sign(document, issuer, how), issuer)

    assert credential.verification.status == "expired"
    assert credential.expires == datetime(2025, 1, 1, tzinfo=UTC)
    assert "Expired on 2025-01-01T00:00:00+00:00" in credential.verification.steps
    assert WALLET_STEP in credential.verification.steps


@pytest.mark.parametrize("how", FORMATS)
def test_not_yet_valid_is_refused_with_the_date(how):
    issuer = oi.did_web_issuer()
    document = wallet_bound(issuer, validFrom="2026-03-01T09:00:00Z")

    error = refusal(sign(document, issuer, how), issuer)

    assert error.code == "invalid"
    assert error.params["date"] == "2026-03-01T09:00:00+00:00"


# --- the order of the checks ----------------------------------------------------------


@pytest.mark.parametrize("how", FORMATS)
def test_signature_is_checked_before_status(how):
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, {7})
    document = wallet_bound(issuer, credentialStatus=oi.bitstring_entry(7))

    error = refusal(tampered(sign(document, issuer, how)), issuer)

    assert error.code == "invalid_signature"
    assert "https://issuer.example/status/1" not in issuer.fetcher.requests


@pytest.mark.parametrize("how", FORMATS)
def test_status_is_checked_before_the_validity_window(how):
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, {7})
    document = wallet_bound(
        issuer, credentialStatus=oi.bitstring_entry(7), validFrom="2026-03-01T09:00:00Z"
    )

    assert refusal(sign(document, issuer, how), issuer).code == "revoked"


@pytest.mark.parametrize("how", FORMATS)
def test_revoked_and_expired_is_revoked(how):
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, {7})
    document = wallet_bound(
        issuer, credentialStatus=oi.bitstring_entry(7), validUntil="2025-01-01T00:00:00Z"
    )

    assert refusal(sign(document, issuer, how), issuer).code == "revoked"
    credential = check(sign(document, issuer, how), issuer, raise_on_revoked=False)
    assert credential.verification.status == "revoked"
