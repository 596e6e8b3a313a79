"""The task queue's settings (Celery, ``passport.celery``), star-imported by
``passport.settings``, which they would otherwise push past a readable length."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from passport.env import env_bool, env_int, env_str

RUNNING_TESTS = "PYTEST_VERSION" in os.environ

# Redis is the broker by default. With none (a bare `make run`), tasks run eagerly in the
# request; tests run them eagerly too unless a test starts a real worker.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", env_str("REDIS_URL"))
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL or RUNNING_TESTS
)
CELERY_TASK_EAGER_PROPAGATES = RUNNING_TESTS
CELERY_TASK_IGNORE_RESULT = True  # results the pages show are stored in our own rows
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged when it has finished, so a worker killed in the middle of one
# leaves it on the queue for another worker; every task is written to be run twice safely.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than one badge's whole budget of documents (60 s) so a slow issuer ends in a
# refusal the learner reads, not a killed task.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 100)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 120)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task a worker took and never acknowledged (the worker died) goes back on the queue
# after this many seconds; longer than any task may run (the sweep's 3300 s limit).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TIMEZONE = "UTC"
# Task modules the worker loads besides each app's ``tasks``.
CELERY_IMPORTS = ("badges.import_jobs",)
# celery beat: what cron did. Every badge last checked more than BADGE_REVERIFY_AFTER_DAYS
# ago is checked again, each hour a sweep (the sweep skips badges another one holds).
BADGE_REVERIFY_AFTER_DAYS = env_int("BADGE_REVERIFY_AFTER_DAYS", 7)
if BADGE_REVERIFY_AFTER_DAYS < 1:
    raise ImproperlyConfigured(
        f"BADGE_REVERIFY_AFTER_DAYS must be 1 or more, not {BADGE_REVERIFY_AFTER_DAYS}."
    )
CELERY_BEAT_SCHEDULE: dict = {
    "reverify-stale-badges": {"task": "badges.reverify_stale", "schedule": 3600.0},
    "delete-expired-exports": {"task": "accounts.delete_expired_exports", "schedule": 86400.0},
    "prune-import-jobs": {"task": "badges.import_jobs.prune_jobs", "schedule": 86400.0},
    "forget-unused-platforms": {
        "task": "passport.api.tasks.forget_unused_platforms",
        "schedule": 86400.0,
    },
}
# Where beat keeps when each entry last ran (a file; its folder must be writable).
CELERY_BEAT_SCHEDULE_FILENAME = env_str("CELERY_BEAT_SCHEDULE_FILENAME", "celerybeat-schedule")
