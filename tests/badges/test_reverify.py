"""Verifying stored badges again: statuses change, nothing is deleted, every check is kept."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from badges.models import Badge, VerificationCheck
from badges.reverify import reverify_badge, reverify_stale_badges
from badges.services.importing import ImportSource, import_badges

EMAIL = "owner@example.org"


def _import(owner, issuer, **kwargs) -> tuple[Badge, str]:
    url, _text = issuer.hosted_assertion(EMAIL, "2.0", **kwargs)
    [outcome] = import_badges(owner, [ImportSource.from_url(url)])
    assert outcome.ok, outcome.message
    return outcome.badge, url


@pytest.mark.django_db
def test_revoked_hosted_badge_becomes_revoked_with_the_reason(owner, issuer):
    badge, url = _import(owner, issuer)
    issuer.revoke(url, reason="Awarded in error")
    check = reverify_badge(badge, fetcher=issuer.fetcher)
    badge.refresh_from_db()
    assert check.status == badge.status == "revoked"
    assert badge.status_reason == "Awarded in error"
    assert badge.checks.count() == 2


@pytest.mark.django_db
def test_signed_badge_on_the_revocation_list_becomes_revoked(owner, issuer):
    token = issuer.signed_assertion(EMAIL, "2.0")
    [outcome] = import_badges(owner, [ImportSource.from_text(token)])
    issuer.revoke(token, reason="Cheating")
    reverify_badge(outcome.badge, fetcher=issuer.fetcher)
    outcome.badge.refresh_from_db()
    assert (outcome.badge.status, outcome.badge.status_reason) == ("revoked", "Cheating")


@pytest.mark.django_db
def test_unreachable_issuer_makes_it_unverifiable_never_deleted(owner, issuer):
    url, text = issuer.hosted_assertion(EMAIL, "2.0")
    [outcome] = import_badges(owner, [ImportSource.from_url(url)])
    badge = outcome.badge
    issuer.fetcher.serve(url, "down", status=503)
    check = reverify_badge(badge, fetcher=issuer.fetcher)
    badge.refresh_from_db()
    assert check.status == badge.status == "unverifiable"
    assert "issuer.example" in badge.status_reason
    assert Badge.objects.filter(pk=badge.pk).exists()
    # Once the issuer answers again, the badge is verified again.
    issuer.fetcher.serve(url, text)
    assert reverify_badge(badge, fetcher=issuer.fetcher).status == "verified"


@pytest.mark.django_db
def test_badge_past_its_expiry_becomes_expired(owner, issuer):
    badge, _url = _import(owner, issuer, expires="2030-01-01T00:00:00Z")
    later = datetime(2031, 1, 1, tzinfo=UTC)
    assert reverify_badge(badge, fetcher=issuer.fetcher, now=later).status == "expired"


@pytest.mark.django_db
def test_verify_again_button(owner_client, issuer, owner):
    badge, url = _import(owner, issuer)
    issuer.revoke(url, reason="Awarded in error")
    response = owner_client.post(f"/badges/{badge.pk}/verify/", follow=True)
    html = response.content.decode()
    assert "Awarded in error" in html and "Revoked" in html


def test_verify_again_is_post_only_and_owner_only(owner_client, other_client, issuer, owner):
    badge, _url = _import(owner, issuer)
    assert owner_client.get(f"/badges/{badge.pk}/verify/").status_code == 405
    assert other_client.post(f"/badges/{badge.pk}/verify/").status_code == 404


@pytest.mark.django_db
def test_stale_badges_only_are_checked(owner, issuer):
    stale, url = _import(owner, issuer)
    fresh, _url = _import(owner, issuer)
    Badge.objects.filter(pk=stale.pk).update(verified_at=timezone.now() - timedelta(days=30))
    issuer.revoke(url)
    counts = reverify_stale_badges(timedelta(days=7), fetcher=issuer.fetcher)
    assert counts == {"revoked": 1}
    assert VerificationCheck.objects.filter(badge=fresh).count() == 1


@pytest.mark.django_db
def test_reverify_badges_command(owner, issuer):
    badge, _url = _import(owner, issuer)
    Badge.objects.filter(pk=badge.pk).update(verified_at=timezone.now() - timedelta(days=3))
    out = io.StringIO()
    call_command("reverify_badges", "--older-than", "1", stdout=out)
    assert "Checked 1 badge(s) (verified: 1)." in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_badge_another_worker_is_checking_is_skipped(owner, issuer):
    """Two cron runs at once never check the same badge twice (row locks, skip_locked)."""
    from django.db import connection

    if not connection.features.has_select_for_update_skip_locked:
        pytest.skip("this database has no row locks to skip (SQLite); CI runs it on PostgreSQL")
    from tests.locks import held_elsewhere

    busy, _url = _import(owner, issuer)
    free, _url = _import(owner, issuer)
    Badge.objects.update(verified_at=timezone.now() - timedelta(days=30))
    with held_elsewhere(lambda: Badge.objects.select_for_update().get(pk=busy.pk)):
        counts = reverify_stale_badges(timedelta(days=7), fetcher=issuer.fetcher)
    assert counts == {"verified": 1}
    assert VerificationCheck.objects.filter(badge=busy).count() == 1  # only its import
    assert VerificationCheck.objects.filter(badge=free).count() == 2
