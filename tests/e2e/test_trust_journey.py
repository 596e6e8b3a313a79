"""An employer opens a learner's public pages: two badges, two trust levels, said in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from badges.models import Badge
from badges.services.importing import ImportSource, import_badges
from tests.badges.conftest import png_bytes
from tests.conftest import make_learner
from tests.e2e.conftest import assert_accessible
from tests.openbadges import ob3_issuer as ob3
from tests.openbadges.fake_issuer import FakeIssuer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-results")


def _subject(email: str) -> dict:
    return {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": email,
                "identityType": "emailAddress",
                "hashed": False,
            }
        ],
        "achievement": {
            "id": "urn:uuid:9c7b6a1e-0000-4000-8000-000000000001",
            "type": ["Achievement"],
            "name": "Harvard Leadership",
            "description": "Anyone can sign this with a key of their own.",
            "criteria": {"narrative": "None."},
        },
    }


def test_confirmed_and_unconfirmed_badges_side_by_side(page: Page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    learner = make_learner("learner@example.org", display_name="Amélie Learner")
    learner.profile_is_public = True
    learner.save()
    issuer = FakeIssuer(base="https://issuer.example", name="Robot Academy")
    issuer.fetcher.serve(
        f"{issuer.base}/images/robotics.png", png_bytes(), content_type="image/png"
    )
    settings.BADGE_FETCH_ALLOWED_HOSTS = []
    hosted_url, _text = issuer.hosted_assertion(learner.email, "2.0")
    forger = ob3.did_key_issuer(fetcher=issuer.fetcher)
    token = ob3.sign_vc_jwt(
        ob3.credential(forger, name="Harvard Leadership", subject=_subject(learner.email)),
        forger,
    )
    outcomes = import_badges(
        learner,
        [ImportSource.from_url(hosted_url), ImportSource.from_text(token)],
        fetcher=issuer.fetcher,
    )
    assert all(outcome.ok for outcome in outcomes), [o.message for o in outcomes]
    Badge.objects.update(visibility=Badge.Visibility.PUBLIC)
    confirmed, unconfirmed = (outcome.badge for outcome in outcomes)

    # The public profile: both cards, one green "Verified", one that says what is unknown.
    page.goto(f"{live_server.url}/u/{learner.public_slug}/")
    cards = page.locator(".badge-card")
    expect(cards).to_have_count(2)
    robotics = cards.filter(has_text="Robotics")
    harvard = cards.filter(has_text="Harvard Leadership")
    expect(robotics.locator(".chip-ok")).to_have_text("✓ Verified")
    expect(harvard.locator(".chip-ok")).to_have_count(0)
    expect(harvard).to_contain_text("Signature valid")
    expect(harvard).to_contain_text("Issuer not confirmed")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "trust-profile.png", full_page=True)
    assert_accessible(page)

    # Each badge's own page says who vouches for it, in words.
    page.goto(f"{live_server.url}/b/{confirmed.public_id}/")
    expect(page.locator(".trust-status")).to_have_text("Verified")
    expect(page.locator(".trust-note")).to_contain_text("issued by issuer.example")

    page.goto(f"{live_server.url}/b/{unconfirmed.public_id}/")
    expect(page.locator(".trust-status")).to_have_text("Signature valid, issuer not confirmed")
    expect(page.locator(".trust-note")).to_contain_text("Anyone can make such a key")
    expect(page.locator(".trust-verified")).to_have_count(0)
    page.screenshot(path=SHOTS / "trust-unconfirmed-badge.png", full_page=True)
    assert_accessible(page)
