"""System checks on how Passport is deployed, run by ``manage.py check`` and ``migrate``."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register

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
