"""The Open Badges API's scheduled work (run by the beat, see settings)."""

from __future__ import annotations

from celery import shared_task

from passport.api.cleanup import forget_unused_registrations


@shared_task(ignore_result=True, acks_late=True)
def forget_unused_platforms() -> int:
    return forget_unused_registrations()
