"""'Verify again' through the task queue: asked in the request, checked by a worker.

The badge stores when a check was asked for (``check_requested_at``); the task checks the
badge only while that very request is still open and closes it in the same transaction
as the result, so a task delivered twice (a worker killed before acknowledging it) records
one check. A request left open longer than the task may run shows as not finished.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from badges.models import Badge, VerificationCheck
from badges.reverify import reverify_badge
from passport.web.tasks import enqueue


class CheckState(StrEnum):
    IDLE = "idle"  # nothing asked, or the asked check is done
    PENDING = "pending"
    STUCK = "stuck"  # asked long ago and never finished


def stuck_after() -> timedelta:
    # The worker stops a task at its hard limit; past it (plus queueing) nothing will come.
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


def request_check(badge: Badge) -> None:
    """Mark ``badge`` as being checked and queue the check."""
    requested = timezone.now()
    Badge.objects.filter(pk=badge.pk).update(check_requested_at=requested)
    badge.check_requested_at = requested
    enqueue(check_badge, badge.pk, requested.isoformat())


def run_requested_check(badge_pk: int, requested: str) -> VerificationCheck | None:
    """Do the check asked for at ``requested``; None when it is done already or gone."""
    with transaction.atomic():
        badge = (
            Badge.objects.select_for_update()
            .filter(pk=badge_pk, check_requested_at=datetime.fromisoformat(requested))
            .first()
        )
        if badge is None:
            return None
        check = reverify_badge(badge)
        badge.check_requested_at = None
        badge.save(update_fields=["check_requested_at"])
    return check


@shared_task(name="badges.check_badge")
def check_badge(badge_pk: int, requested: str) -> str | None:
    """The queued check. Not retried: an issuer that cannot be reached is itself a result."""
    check = run_requested_check(badge_pk, requested)
    return check.status if check else None


def check_state(badge: Badge, now: datetime | None = None) -> CheckState:
    if badge.check_requested_at is None:
        return CheckState.IDLE
    if (now or timezone.now()) - badge.check_requested_at > stuck_after():
        return CheckState.STUCK
    return CheckState.PENDING
