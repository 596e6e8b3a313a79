"""Slow badge work for the worker: each task is safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from badges.checking import check_badge
from badges.reverify import reverify_stale_badges
from badges.services.skills import kept_skills

__all__ = ["check_badge", "gather_skills", "reverify_stale"]


@shared_task(name="badges.gather_skills", ignore_result=True, soft_time_limit=30, time_limit=40)
def gather_skills(owner_id: int) -> None:
    """Idempotent: skills kept under the learner's current version are left as they are."""
    kept_skills(owner_id)


# The sweep checks badges one by one, each within its own 60 s budget of documents; it may
# run long, and a sweep cut short leaves the rest stale for the next one.
@shared_task(name="badges.reverify_stale", soft_time_limit=3000, time_limit=3300)
def reverify_stale() -> dict[str, int]:
    return reverify_stale_badges(timedelta(days=settings.BADGE_REVERIFY_AFTER_DAYS))
