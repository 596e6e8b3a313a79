"""Slow badge work for the worker: each task is safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from badges.checking import check_badge
from badges.reverify import reverify_stale_badges

__all__ = ["check_badge", "reverify_stale"]


# The sweep checks badges one by one, each within its own 60 s budget of documents; it may
# run long, and a sweep cut short leaves the rest stale for the next one.
@shared_task(name="badges.reverify_stale", soft_time_limit=3000, time_limit=3300)
def reverify_stale() -> dict[str, int]:
    return reverify_stale_badges(timedelta(days=settings.BADGE_REVERIFY_AFTER_DAYS))
