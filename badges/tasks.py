"""Slow badge work for the worker: each task is safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from badges.checking import check_badge
from badges.reverify import reverify_stale_badges
from badges.services.skills import settle

__all__ = ["check_badge", "reverify_stale", "settle_skills"]


@shared_task(name="badges.settle_skills", ignore_result=True, soft_time_limit=30, time_limit=40)
def settle_skills(owner_id: int) -> None:
    """Idempotent: with no change noted since, a second run counts nothing."""
    settle(owner_id)


# The sweep checks badges one by one, each within its own 60 s budget of documents; it may
# run long, and a sweep cut short leaves the rest stale for the next one.
@shared_task(name="badges.reverify_stale", soft_time_limit=3000, time_limit=3300)
def reverify_stale() -> dict[str, int]:
    return reverify_stale_badges(timedelta(days=settings.BADGE_REVERIFY_AFTER_DAYS))
