"""System checks on how Passport is deployed, run by ``manage.py check`` and ``migrate``."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register

from badges.openbadges.fetch_budget import BADGE_BUDGET_SECONDS

SQLITE = "django.db.backends.sqlite3"


@register
def sqlite_in_production(app_configs, **kwargs) -> list[Warning]:
    """SQLite is the zero-configuration default; a public site needs a database server."""
    if settings.DEBUG:
        return []
    return [
        Warning(
            f"The {alias!r} database is SQLite while DJANGO_DEBUG is off.",
            hint=(
                "SQLite lets one request write at a time, so learners wait whenever several "
                "import at once. Set DATABASE_URL to a PostgreSQL database for production."
            ),
            id="passport.W001",
        )
        for alias, database in settings.DATABASES.items()
        if database["ENGINE"] == SQLITE
    ]


@register
def deadlines_within_task_limit(app_configs, **kwargs) -> list[Warning]:
    """Every outbound call gives up before the worker's soft time limit stops the task."""
    limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
    deadlines = {
        "EMAIL_TIMEOUT": settings.EMAIL_TIMEOUT,
        "a badge's fetch budget": BADGE_BUDGET_SECONDS,
    }
    return [
        Warning(
            f"{name} ({seconds} s) is not shorter than CELERY_TASK_SOFT_TIME_LIMIT ({limit} s).",
            hint="A task would be stopped mid-call instead of ending with a clear failure.",
            id="passport.W002",
        )
        for name, seconds in deadlines.items()
        if seconds >= limit
    ]
