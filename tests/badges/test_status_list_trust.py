"""A stored badge whose status list can no longer be trusted is "could not be checked",
never quietly "verified"."""

from __future__ import annotations

import json

import pytest

from badges.models import Badge
from badges.reverify import reverify_badge
from badges.services.importing import ImportSource, import_badges
from tests.conftest import make_learner
from tests.openbadges import ob3_issuer as oi

LIST_URL = "https://issuer.example/status/1"


@pytest.fixture
def badge(db) -> tuple[Badge, oi.TestIssuer]:
    learner = make_learner("learner@example.org")
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, set(), validUntil="2099-01-01T00:00:00Z")
    document = oi.credential(issuer, credentialStatus=oi.bitstring_entry(4))
    signed = json.dumps(oi.sign_data_integrity(document, issuer))
    [outcome] = import_badges(learner, [ImportSource.from_text(signed)], fetcher=issuer.fetcher)
    assert outcome.ok, outcome.message
    return outcome.badge, issuer


@pytest.mark.django_db
def test_an_expired_status_list_makes_the_badge_unverifiable(badge):
    badge, issuer = badge
    oi.bitstring_list(issuer, {4}, validUntil="2024-02-01T00:00:00Z")  # revoked, but stale

    check = reverify_badge(badge, fetcher=issuer.fetcher)

    badge.refresh_from_db()
    assert check.status == badge.status == Badge.Status.UNVERIFIABLE
    assert "could not be checked" in badge.status_reason
    assert "expired on 2024-02-01" in badge.status_reason


@pytest.mark.django_db
def test_a_tampered_status_list_makes_the_badge_unverifiable(badge):
    badge, issuer = badge
    oi.bitstring_list(issuer, {4})
    tampered = json.loads(issuer.fetcher.routes[LIST_URL][1])
    tampered["credentialSubject"]["encodedList"] = oi.encode_bitstring(set())  # un-revoked
    issuer.fetcher.serve(LIST_URL, tampered)

    check = reverify_badge(badge, fetcher=issuer.fetcher)

    assert check.status == Badge.Status.UNVERIFIABLE
    assert "not properly signed" in Badge.objects.get(pk=badge.pk).status_reason
