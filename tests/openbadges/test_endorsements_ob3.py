"""Open Badges 3.0 endorsements are EndorsementCredentials, verified like any credential:
their own proof (embedded or VC-JWT), status and dates. One that fails is shown as not
verified; none ever refuses the badge it endorses."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from badges.openbadges import ob3, trust
from tests.openbadges import ob3_issuer as oi

ACHIEVEMENT = "https://issuer.example/achievements/teamwork"


@pytest.fixture
def issuer() -> oi.TestIssuer:
    return oi.did_web_issuer()


@pytest.fixture
def endorser(issuer) -> oi.TestIssuer:
    found = oi.did_web_issuer(host="accreditor.example", fetcher=issuer.fetcher)
    found.name = "Accreditor"
    return found


def badge_with(by: oi.TestIssuer, *, jwt: bool = False, now=None, **fields):
    unsigned = oi.credential(by, **fields)
    if jwt:
        return ob3.verify_vc_jwt(oi.sign_vc_jwt(unsigned, by), by.fetcher, now=now)
    document = oi.sign_data_integrity(unsigned, by)
    return ob3.verify_credential_json(json.dumps(document), by.fetcher, now=now)


def only(credential):
    assert credential.verification.status == "verified"  # the badge is never refused
    (endorsement,) = credential.endorsements
    return endorsement, credential.verification.steps


@pytest.mark.parametrize("jwt", [False, True])
def test_signed_endorsement_of_the_achievement_is_verified(issuer, endorser, jwt):
    signed = oi.sign_data_integrity(oi.endorsement_credential(endorser, ACHIEVEMENT), endorser)

    found, steps = only(badge_with(issuer, jwt=jwt, endorsement=[signed]))

    assert (found.issuer_name, found.comment) == ("Accreditor", "A rigorous programme.")
    assert found.issuer_id == endorser.id
    assert found.issued_on == datetime(2024, 1, 1, tzinfo=UTC)
    assert (found.verified, found.trust) == (True, trust.ISSUER_CONFIRMED)
    assert any(s.startswith("Endorsement by Accreditor verified") for s in steps)


def test_endorsement_as_a_vc_jwt_is_verified(issuer, endorser):
    token = oi.sign_vc_jwt(oi.endorsement_credential(endorser, ACHIEVEMENT), endorser)

    found, _steps = only(badge_with(issuer, endorsementJwt=[token]))

    assert (found.verified, found.comment) == (True, "A rigorous programme.")


def test_endorsement_signed_with_a_did_key_is_verified_but_not_confirmed(issuer):
    endorser = oi.did_key_issuer(fetcher=issuer.fetcher)
    signed = oi.sign_data_integrity(oi.endorsement_credential(endorser, ACHIEVEMENT), endorser)

    found, _steps = only(badge_with(issuer, endorsement=[signed]))

    assert (found.verified, found.trust) == (True, trust.ISSUER_NOT_CONFIRMED)


def test_endorsement_of_the_issuer_on_its_profile_is_verified(issuer, endorser):
    signed = oi.sign_data_integrity(oi.endorsement_credential(endorser, issuer.id), endorser)
    profile = {"id": issuer.id, "type": ["Profile"], "name": issuer.name, "endorsement": [signed]}

    found, _steps = only(badge_with(issuer, issuer=profile))

    assert found.verified is True


def test_endorsement_changed_after_it_was_signed_is_not_verified(issuer, endorser):
    signed = oi.sign_data_integrity(oi.endorsement_credential(endorser, ACHIEVEMENT), endorser)
    signed["credentialSubject"]["endorsementComment"] = "The best programme in the world."

    found, steps = only(badge_with(issuer, endorsement=[signed]))

    assert (found.verified, found.trust) == (False, "")
    assert found.comment == "The best programme in the world."  # shown, as not verified
    assert any("Endorsement by Accreditor not verified" in s and "changed" in s for s in steps)


def test_endorsement_jwt_changed_after_it_was_signed_is_not_verified(issuer, endorser):
    token = oi.sign_vc_jwt(oi.endorsement_credential(endorser, ACHIEVEMENT), endorser)
    other = oi.sign_vc_jwt(oi.endorsement_credential(endorser, ACHIEVEMENT, comment="!"), endorser)
    forged = ".".join([*other.split(".")[:2], token.split(".")[2]])

    found, _steps = only(badge_with(issuer, endorsementJwt=[forged]))

    assert (found.verified, found.comment) == (False, "!")


def test_endorsement_without_a_proof_is_not_verified(issuer, endorser):
    unsigned = oi.endorsement_credential(endorser, ACHIEVEMENT)

    found, steps = only(badge_with(issuer, endorsement=[unsigned]))

    assert found.verified is False
    assert any("not verified" in s and "no proof" in s for s in steps)


def test_endorsement_signed_by_someone_else_is_not_verified(issuer, endorser):
    stranger = oi.did_web_issuer(host="stranger.example", fetcher=issuer.fetcher)
    document = oi.endorsement_credential(endorser, ACHIEVEMENT)
    signed = oi.sign_data_integrity(document, stranger)  # claims the accreditor as issuer

    found, _steps = only(badge_with(issuer, endorsement=[signed]))

    assert found.verified is False


def test_endorsement_of_something_else_is_not_verified(issuer, endorser):
    document = oi.endorsement_credential(endorser, "https://elsewhere.example/achievement")
    signed = oi.sign_data_integrity(document, endorser)

    found, steps = only(badge_with(issuer, endorsement=[signed]))

    assert found.verified is False
    assert any("endorses something else" in s for s in steps)


def test_expired_endorsement_is_not_verified(issuer, endorser):
    document = oi.endorsement_credential(endorser, ACHIEVEMENT, validUntil="2024-03-01T00:00:00Z")
    signed = oi.sign_data_integrity(document, endorser)
    now = datetime(2024, 6, 1, tzinfo=UTC)

    found, steps = only(badge_with(issuer, endorsement=[signed], now=now))

    assert found.verified is False
    assert any("expired on 2024-03-01" in s for s in steps)


def test_revoked_endorsement_is_not_verified(issuer, endorser):
    document = oi.endorsement_credential(endorser, ACHIEVEMENT)
    entry = oi.revocation_list(
        endorser, {document["id"]: "Withdrawn"}, url="https://accreditor.example/revoked"
    )
    signed = oi.sign_data_integrity({**document, "credentialStatus": entry}, endorser)

    found, steps = only(badge_with(issuer, endorsement=[signed]))

    assert found.verified is False
    assert any("revoked" in s for s in steps)


def test_endorsement_whose_status_cannot_be_checked_is_not_verified(issuer, endorser):
    entry = {"id": "https://accreditor.example/unreachable", "type": "1EdTechRevocationList"}
    document = oi.endorsement_credential(endorser, ACHIEVEMENT, credentialStatus=entry)
    signed = oi.sign_data_integrity(document, endorser)

    found, _steps = only(badge_with(issuer, endorsement=[signed]))

    assert found.verified is False


def test_an_unreadable_endorsement_jwt_is_left_out(issuer):
    credential = badge_with(issuer, endorsementJwt=["not-a-token"])

    assert credential.verification.status == "verified"
    assert credential.endorsements == ()


def test_only_a_few_endorsements_are_checked(issuer, endorser):
    signed = [
        oi.sign_data_integrity(
            oi.endorsement_credential(endorser, ACHIEVEMENT, credential_id=f"urn:uuid:e-{n}"),
            endorser,
        )
        for n in range(ob3.MAX_ENDORSEMENTS + 2)
    ]

    credential = badge_with(issuer, endorsement=signed)

    verified = [e.verified for e in credential.endorsements]
    assert verified == [True] * ob3.MAX_ENDORSEMENTS + [False, False]
    assert any("2 more endorsements not checked" in s for s in credential.verification.steps)
