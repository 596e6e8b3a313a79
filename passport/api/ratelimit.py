"""Per-platform request budgets, counted in Django's cache (shared Redis in production).

``sharing.ratelimit`` counts per client address; a platform calls from many addresses
and for many learners, so its budget is keyed by its OAuth application instead.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

PERIOD_SECONDS = 60


def per_minute() -> int:
    return settings.API_REQUESTS_PER_MINUTE


def allow(application_id: int) -> bool:
    """Count one request by the platform; False once its budget for the minute is spent."""
    key = f"api-rl:{application_id}"
    if cache.add(key, 1, timeout=PERIOD_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, timeout=PERIOD_SECONDS)
        return True
    return count <= per_minute()
