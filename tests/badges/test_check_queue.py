"""'Verify again' is queued: the page says so, the worker checks once, a stuck check shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from badges import checking
from badges.models import Badge, VerificationCheck
from badges.tasks import reverify_stale
from tests.badges.factories import make_badge


@pytest.fixture
def queued(monkeypatch) -> list[tuple]:
    """A broker stands in: what is sent is recorded, nothing runs."""
    sent: list[tuple] = []
    monkeypatch.setattr(checking.check_badge, "delay", lambda *args: sent.append(args))
    return sent


@pytest.fixture
def fake_check(monkeypatch) -> list[int]:
    calls: list[int] = []

    def reverify(badge):
        calls.append(badge.pk)
        Badge.objects.filter(pk=badge.pk).update(status="revoked")
        return VerificationCheck.objects.create(badge=badge, status="revoked", method="hosted")

    monkeypatch.setattr("badges.checking.reverify_badge", reverify)
    return calls


def test_verify_again_queues_the_check_and_the_page_says_so(owner_client, owner, queued):
    badge = make_badge(owner)

    response = owner_client.post(reverse("badges:verify", args=[badge.pk]), follow=True)

    badge.refresh_from_db()
    assert queued == [(badge.pk, badge.check_requested_at.isoformat())]
    html = response.content.decode()
    assert "Checking again with the issuer" in html
    assert "Being checked again with the issuer…" in html
    assert reverse("badges:check_status", args=[badge.pk]) in html
    assert "js/check-status.js" in html


def test_the_worker_checks_once_however_often_the_task_arrives(owner, queued, fake_check):
    badge = make_badge(owner)
    checking.request_check(badge)
    [args] = queued

    assert checking.check_badge(*args) == "revoked"
    assert checking.check_badge(*args) is None  # delivered again: already done

    badge.refresh_from_db()
    assert fake_check == [badge.pk]
    assert badge.checks.count() == 1
    assert badge.status == "revoked" and badge.check_requested_at is None
    assert checking.check_state(badge) == checking.CheckState.IDLE


def test_a_badge_deleted_before_its_check_is_left_alone(owner, queued, fake_check):
    badge = make_badge(owner)
    checking.request_check(badge)
    badge.delete()

    assert checking.check_badge(*queued[0]) is None
    assert fake_check == []


def test_the_status_view_tells_the_owner_only(owner_client, other_client, owner, queued):
    badge = make_badge(owner)
    url = reverse("badges:check_status", args=[badge.pk])
    assert owner_client.get(url).json() == {"state": "idle", "status": "verified"}

    checking.request_check(badge)

    response = owner_client.get(url)
    assert response.json()["state"] == "pending"
    assert response["Cache-Control"] == "no-store"
    assert other_client.get(url).status_code == 404
    assert owner_client.post(url).status_code == 405


def test_a_check_that_never_finished_shows_as_not_finished(owner_client, owner):
    badge = make_badge(owner)
    long_ago = timezone.now() - checking.stuck_after() - timedelta(seconds=1)
    Badge.objects.filter(pk=badge.pk).update(check_requested_at=long_ago)

    html = owner_client.get(reverse("badges:detail", args=[badge.pk])).content.decode()
    state = owner_client.get(reverse("badges:check_status", args=[badge.pk])).json()["state"]

    assert "The check asked for did not finish" in html
    assert "Being checked again" not in html and "check-status.js" not in html
    assert state == "stuck"


def test_without_a_worker_the_result_shows_at_once(owner_client, owner, fake_check):
    badge = make_badge(owner)

    response = owner_client.post(reverse("badges:verify", args=[badge.pk]), follow=True)

    assert "Checked just now: the issuer has revoked this badge." in response.content.decode()
    assert fake_check == [badge.pk]


def test_the_public_page_shows_a_check_in_progress(anon_client, owner, queued):
    badge = make_badge(owner, visibility="public")

    response = anon_client.post(reverse("sharing:verify", args=[badge.public_id]), follow=True)

    html = response.content.decode()
    assert "Checking again with the issuer: reload this page soon." in html
    assert "Being checked again with the issuer…" in html
    assert len(queued) == 1


def test_beat_runs_the_stale_sweep_every_hour(monkeypatch):
    entry = settings.CELERY_BEAT_SCHEDULE["reverify-stale-badges"]
    assert entry == {"task": "badges.reverify_stale", "schedule": 3600.0}
    assert reverify_stale.name == entry["task"]
    seen = []
    monkeypatch.setattr("badges.tasks.reverify_stale_badges", lambda age: seen.append(age) or {})

    reverify_stale()

    assert seen == [timedelta(days=settings.BADGE_REVERIFY_AFTER_DAYS)]
    # The sweep's own limit stays under the broker's redelivery of unacknowledged tasks.
    assert (
        reverify_stale.time_limit < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )
