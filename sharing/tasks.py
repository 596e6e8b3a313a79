"""Share cards drawn by the worker, ahead of the link-preview robots that fetch them.

A public page names its card in ``og:image``; the robot of LinkedIn, X or Facebook asks
for it moments after the page. Drawing it (fonts, images, PNG compression) is queued when
the page is built, so the robot's request usually finds it stored. If the robot is
quicker, the preview view still draws it itself: a card is never missing.
"""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from passport.web.tasks import enqueue
from sharing import previews


@shared_task(name="sharing.draw_card", ignore_result=True, soft_time_limit=30, time_limit=40)
def draw_card(fields: dict) -> None:
    """Idempotent: a card already stored under its digest is read, not drawn again."""
    previews.get_png(previews.card_from(fields))


# A card is queued once a day at most: sending a task took a page drawn after an edit
# longer than checking this mark in the cache. A card the worker did not draw after all is
# drawn by the preview's own request.
QUEUED_TIMEOUT = 24 * 3600


def prepare(card: previews.Card) -> None:
    """Queue the drawing of ``card``, unless it was queued already. Without a worker
    (tasks run eagerly) it would run in the page's own request, so there the preview's
    first request draws it instead."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    if cache.add(f"share-card-queued:{card.digest}", True, timeout=QUEUED_TIMEOUT):
        enqueue(draw_card, asdict(card))
