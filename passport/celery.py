"""The task queue: one Celery app, configured from Django's settings (``CELERY_*``).

With no broker configured (``make run`` on a bare machine) tasks run eagerly inside the
request, so nothing needs a worker; production sets ``CELERY_BROKER_URL`` (or
``REDIS_URL``) and runs ``celery -A passport worker`` and ``celery -A passport beat``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passport.settings")

app = Celery("passport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
