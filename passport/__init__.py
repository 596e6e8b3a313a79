"""Passport: the project. Loading it loads the task queue, so ``@shared_task`` binds to it."""

from passport.celery import app as celery_app

__all__ = ["celery_app"]
