"""Open Badges 2.0 endorsements are checked like hosted badges: fetched from their own id,
published by their endorser, about this badge. One that fails is shown as not verified;
none ever refuses the badge."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from badges.openbadges import trust
from badges.openbadges.verify import PayloadText, verify_payload
from tests.openbadges.fake_issuer import FakeIssuer

NOW = datetime(2024, 6, 1, tzinfo=UTC)
ENDORSER = "https://endorser.example/profile"


@pytest.fixture
def issuer() -> FakeIssuer:
    fake = FakeIssuer()
    fake.fetcher.serve(ENDORSER, {"id": ENDORSER, "type": "Profile", "name": "Guild"})
    return fake


def endorsement(url: str, claim: str, *, by: str = ENDORSER, **fields) -> dict:
    return {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Endorsement",
        "id": url,
        "issuer": by,
        "claim": {"id": claim, "endorsementComment": "A rigorous programme."},
        "issuedOn": "2023-05-01T00:00:00Z",
        "verification": {"type": "HostedBadge"},
        **fields,
    }


def publish(issuer: FakeIssuer, url: str, claim: str | None = None, **fields) -> dict:
    doc = endorsement(url, claim or issuer.badge_url, **fields)
    issuer.fetcher.serve(url, doc)
    return doc


def endorsements_of(issuer: FakeIssuer, *refs):
    issuer.update_badge_class(endorsement=list(refs))
    url, _text = issuer.hosted_assertion()
    credential = verify_payload(PayloadText("url", url), issuer.fetcher, now=NOW)
    assert credential.verification.status == "verified"  # never refused for an endorsement
    return credential.endorsements, credential.verification.steps


def test_hosted_endorsement_by_its_endorser_is_verified(issuer):
    publish(issuer, "https://endorser.example/e/1")

    (found,), steps = endorsements_of(issuer, "https://endorser.example/e/1")

    assert (found.issuer_name, found.comment) == ("Guild", "A rigorous programme.")
    assert found.verified is True
    assert found.trust == trust.ISSUER_CONFIRMED
    assert any(s.startswith("Endorsement by Guild verified") for s in steps)


def test_embedded_endorsement_is_checked_against_its_hosted_copy(issuer):
    hosted = publish(issuer, "https://endorser.example/e/2")
    supplied = {**hosted, "claim": {"id": issuer.badge_url, "endorsementComment": "Forged."}}

    (found,), _steps = endorsements_of(issuer, supplied)

    assert found.verified is True
    assert found.comment == "A rigorous programme."  # the endorser's copy, not the supplied one


def test_embedded_endorsement_without_an_address_is_shown_not_verified(issuer):
    supplied = endorsement("urn:uuid:1", issuer.badge_url)

    (found,), steps = endorsements_of(issuer, supplied)

    assert (found.issuer_name, found.comment) == ("Guild", "A rigorous programme.")
    assert found.verified is False
    assert found.trust == ""
    assert any("not verified" in s and "web address" in s for s in steps)


def test_endorsement_published_outside_its_endorsers_site_is_not_verified(issuer):
    publish(issuer, "https://elsewhere.example/e/3")

    (found,), steps = endorsements_of(issuer, "https://elsewhere.example/e/3")

    assert found.verified is False
    assert any("not verified" in s and "elsewhere.example" in s for s in steps)


def test_endorsers_allowed_origins_are_honoured(issuer):
    issuer.fetcher.serve(
        ENDORSER,
        {
            "id": ENDORSER,
            "type": "Profile",
            "name": "Guild",
            "verification": {"allowedOrigins": ["badges.endorser.example"]},
        },
    )
    publish(issuer, "https://badges.endorser.example/e/4")

    (found,), _steps = endorsements_of(issuer, "https://badges.endorser.example/e/4")

    assert found.verified is True


def test_endorsement_of_something_else_is_not_verified(issuer):
    publish(issuer, "https://endorser.example/e/5", claim="https://other.example/badge")

    (found,), steps = endorsements_of(issuer, "https://endorser.example/e/5")

    assert found.verified is False
    assert any("not verified" in s and "endorses something else" in s for s in steps)


def test_endorsement_of_the_issuer_or_the_assertion_counts(issuer):
    publish(issuer, "https://endorser.example/e/6", claim=issuer.profile_url)

    (found,), _steps = endorsements_of(issuer, "https://endorser.example/e/6")

    assert found.verified is True


def test_endorsement_whose_endorser_cannot_be_fetched_is_not_verified(issuer):
    publish(issuer, "https://endorser.example/e/7", by="https://endorser.example/missing")

    (found,), steps = endorsements_of(issuer, "https://endorser.example/e/7")

    assert found.verified is False
    assert found.issuer_id == "https://endorser.example/missing"
    assert any("not verified" in s and "endorser.example/missing" in s for s in steps)


def test_withdrawn_endorsement_is_not_verified(issuer):
    publish(issuer, "https://endorser.example/e/8", revoked=True)

    (found,), steps = endorsements_of(issuer, "https://endorser.example/e/8")

    assert found.verified is False
    assert any("withdrawn" in s for s in steps)


def test_endorsement_over_plain_http_is_verified_but_its_endorser_not_confirmed(issuer):
    endorser = "http://plain.example/profile"
    issuer.fetcher.serve(endorser, {"id": endorser, "type": "Profile", "name": "Plain"})
    publish(issuer, "http://plain.example/e/9", by=endorser)

    (found,), _steps = endorsements_of(issuer, "http://plain.example/e/9")

    assert found.verified is True
    assert found.trust == trust.ISSUER_NOT_CONFIRMED


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"type": "Assertion"}'])
def test_unreadable_endorsement_is_skipped_and_the_badge_kept(issuer, body):
    issuer.fetcher.serve("https://endorser.example/e/10", body)

    found, _steps = endorsements_of(issuer, "https://endorser.example/e/10")

    assert found == ()


def test_an_endorsers_profile_is_fetched_once_for_several_endorsements(issuer):
    for n in (11, 12, 13):
        publish(issuer, f"https://endorser.example/e/{n}")

    found, _steps = endorsements_of(
        issuer, *(f"https://endorser.example/e/{n}" for n in (11, 12, 13))
    )

    assert [e.verified for e in found] == [True, True, True]
    assert issuer.fetcher.fetched(ENDORSER) == 1


def test_embedded_endorsement_whose_address_does_not_answer_is_not_verified(issuer):
    supplied = endorsement("https://endorser.example/e/gone", issuer.badge_url)

    (found,), steps = endorsements_of(issuer, supplied)

    assert (found.verified, found.comment) == (False, "A rigorous programme.")
    assert any("https://endorser.example/e/gone could not be fetched" in s for s in steps)


def test_signed_endorsement_is_not_taken_as_hosted(issuer):
    publish(
        issuer,
        "https://endorser.example/e/14",
        verification={"type": "SignedBadge", "creator": "https://endorser.example/key"},
    )

    (found,), _steps = endorsements_of(issuer, "https://endorser.example/e/14")

    assert found.verified is False
