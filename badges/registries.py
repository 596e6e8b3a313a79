"""The issuer registries the operator trusts (``ISSUER_REGISTRIES``), read for verification.

A registry is a file on the server or an https URL fetched through the safe fetcher and
kept in the cache for a day. One that cannot be read is left out, with a warning in the
log: it can only ever raise a badge to "issuer confirmed", so without it badges are
shown as not confirmed, never refused.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch_types import Fetcher
from badges.openbadges.trust import Registry, read_registry

logger = logging.getLogger(__name__)
CACHE_SECONDS = 24 * 60 * 60
MAX_REGISTRY_BYTES = 5 * 1024 * 1024


def trusted_registries(fetcher: Fetcher) -> list[Registry]:
    """The configured registries that could be read, in the operator's order."""
    registries = []
    for name, location in settings.ISSUER_REGISTRIES:
        document = cache.get(_cache_key(location))
        if document is None:
            document = _load(location, fetcher)
            if document is not None:
                cache.set(_cache_key(location), document, CACHE_SECONDS)
        try:
            registries.append(read_registry(name, document))
        except ValueError as error:
            logger.warning("Issuer registry %s (%s) left out: %s", name, location, error)
    return registries


def _load(location: str, fetcher: Fetcher):
    try:
        if location.startswith("https://"):
            content = _fetch(location, fetcher)
        else:
            path = Path(location)
            if path.stat().st_size > MAX_REGISTRY_BYTES:
                raise ValueError("the file is too large")
            content = path.read_bytes()
        return json.loads(content)
    except (OSError, ValueError, ImportRefused) as error:
        logger.warning("Issuer registry %s could not be read: %s", location, error)
        return None


def _fetch(url: str, fetcher: Fetcher) -> bytes:
    response = fetcher.get(url, accept="application/json")
    if response.status != 200:
        raise ValueError(f"the server answered {response.status}")
    return response.content


def _cache_key(location: str) -> str:
    return f"issuer-registry:{location}"
