"""The project's one way to fetch a URL: the safe fetcher, configured from settings."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from badges.openbadges.fetch import CachingFetcher, SafeFetcher


def get_fetcher() -> CachingFetcher:
    """A fresh fetcher per import run; shared documents are cached in Django's cache."""
    safe = SafeFetcher(allowed_hosts=settings.BADGE_FETCH_ALLOWED_HOSTS)
    return CachingFetcher(safe, cache)
