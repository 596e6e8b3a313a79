"""A check is told as the chips tell it: "verified" only when the issuer was confirmed."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from badges.models import Badge, TrustLevel, VerificationCheck
from badges.services.importing import ImportSource, import_badges
from tests.badges.factories import make_badge
from tests.conftest import make_learner

CONFIRMED, NOT_CONFIRMED = TrustLevel.ISSUER_CONFIRMED, TrustLevel.ISSUER_NOT_CONFIRMED
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def check_finds(monkeypatch):
    """The issuer answers: the badge is genuine, with the trust given (no worker)."""
    found = {"trust": CONFIRMED}

    def reverify(badge):
        Badge.objects.filter(pk=badge.pk).update(status="verified", trust=found["trust"])
        return VerificationCheck.objects.create(
            badge=badge, status="verified", trust=found["trust"], method="signed"
        )

    monkeypatch.setattr("badges.checking.reverify_badge", reverify)
    return found


def _history(html: str) -> str:
    return html.split('<details class="check-history">', 1)[1].split("</details>", 1)[0]


def test_a_badge_whose_issuer_is_not_confirmed_is_never_said_verified(
    owner_client, owner, check_finds
):
    badge = make_badge(owner, trust=NOT_CONFIRMED, verification={"method": "signed"})
    check_finds["trust"] = NOT_CONFIRMED

    html = owner_client.post(reverse("badges:verify", args=[badge.pk]), follow=True)
    html = html.content.decode()

    assert "is verified" not in html
    assert "but Passport could not confirm who issued it." in html
    assert "Signature valid, issuer not confirmed" in _history(html)
    assert "Verified" not in _history(html)


def test_a_badge_whose_issuer_is_confirmed_is_said_verified(owner_client, owner, check_finds):
    badge = make_badge(owner, trust=CONFIRMED)

    html = owner_client.post(reverse("badges:verify", args=[badge.pk]), follow=True)
    html = html.content.decode()

    assert "Checked just now: this badge is verified." in html
    assert "— Verified" in _history(html)


def test_the_public_page_says_the_same(owner, check_finds):
    badge = make_badge(owner, trust=NOT_CONFIRMED, visibility=Badge.Visibility.PUBLIC)
    check_finds["trust"] = NOT_CONFIRMED

    response = Client().post(reverse("sharing:verify", args=[badge.public_id]), follow=True, **FR)

    html = unescape(response.content.decode())
    assert "est vérifié" not in html
    assert "Passport n'a pas pu confirmer qui l'a émis" in html


def test_earlier_checks_say_how_far_the_issuer_was_confirmed(owner_client, owner):
    badge = make_badge(owner, trust=NOT_CONFIRMED, verification={"method": "hosted"})
    for trust, method in [(CONFIRMED, "hosted"), (NOT_CONFIRMED, "hosted"), ("", "signed")]:
        badge.checks.create(status="verified", trust=trust, method=method)
    badge.checks.create(status="revoked", trust=CONFIRMED, method="hosted")

    history = _history(owner_client.get(reverse("badges:detail", args=[badge.pk])).content.decode())

    assert "— Verified" in history
    assert "— Valid, issuer not confirmed" in history
    assert "— Valid; whether the issuer was confirmed was not recorded" in history  # before
    assert "— Revoked" in history


@pytest.mark.django_db
def test_a_check_keeps_the_trust_its_import_found(issuer):
    learner = make_learner("learner@example.org")  # the address the issuer awarded
    url, _text = issuer.hosted_assertion()

    [outcome] = import_badges(learner, [ImportSource.from_url(url)], fetcher=issuer.fetcher)

    check = outcome.badge.checks.get()
    assert check.trust == outcome.badge.trust != ""
