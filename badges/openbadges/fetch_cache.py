"""Caching of shared documents (issuer profiles, badge classes, keys) around a ``Fetcher``.

Which method to call:

- ``get`` for documents that many badges share and that rarely change: issuer profiles,
  badge classes, public keys, JSON-LD contexts. Answers come from the per-run memo, then
  the shared cache, then the network.
- ``get_uncached`` for anything that says whether a badge is valid *now*: hosted
  assertions, revocation lists, status lists, and images (each badge keeps its own copy).
  Never read from or stored in the shared cache; within one run (one import of many
  files, one re-check) a URL is still fetched once, so fifty badges of one issuer ask for
  its revocation list and image once. That memo is capped in bytes.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, Protocol

from badges.openbadges.fetch_types import Fetcher, Response

logger = logging.getLogger(__name__)

KEY_PREFIX = "openbadges:fetch:v1:"
FRESH_MEMO_BYTES = 32 * 1024 * 1024  # fresh answers one run keeps (images are the big ones)


class Cache(Protocol):
    """The part of Django's cache API used here; ``django.core.cache.cache`` fits."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any, timeout: float | None = None) -> None: ...


class CachingFetcher:
    """A ``Fetcher`` that remembers answers: per instance always, in ``cache`` when given.

    Make one per import run: its memo means the run never fetches a URL twice. Only
    ``200`` answers go to the shared cache, for the ``Cache-Control`` ``s-maxage`` or
    ``max-age`` clamped to ``[min_ttl, max_ttl]`` seconds (``default_ttl`` without one);
    ``no-store`` answers are not stored. ``Expires`` and ``no-cache`` are not consulted:
    ``min_ttl`` is the floor that keeps a busy backpack from hammering an issuer.
    """

    def __init__(
        self,
        inner: Fetcher,
        cache: Cache | None,
        *,
        default_ttl: int = 300,
        min_ttl: int = 60,
        max_ttl: int = 86400,
    ):
        self.inner = inner
        self.cache = cache
        self.default_ttl = default_ttl
        self.min_ttl = min_ttl
        self.max_ttl = max_ttl
        self._memo: dict[tuple[str, str], Response] = {}
        self._fresh: OrderedDict[tuple[str, str], Response] = OrderedDict()
        self._fresh_bytes = 0

    def get(self, url: str, *, accept: str = "application/json") -> Response:
        memo_key = (url, accept)
        if memo_key in self._memo:
            return self._memo[memo_key]
        key = cache_key(url, accept)
        response = self._cache_get(key)
        if response is None:
            response = self.inner.get(url, accept=accept)
            ttl = self.ttl_for(response)
            if ttl is not None:
                self._cache_set(key, response, ttl)
        self._memo[memo_key] = response
        return response

    def get_uncached(self, url: str, *, accept: str = "application/json") -> Response:
        """Fetch fresh, never from the shared cache; once per run (hosted assertions,
        revocation and status lists, images)."""
        memo_key = (url, accept)
        if memo_key in self._fresh:
            self._fresh.move_to_end(memo_key)
            return self._fresh[memo_key]
        response = self.inner.get(url, accept=accept)
        if response.status == 200 and len(response.content) <= FRESH_MEMO_BYTES:
            self._fresh[memo_key] = response
            self._fresh_bytes += len(response.content)
            while self._fresh_bytes > FRESH_MEMO_BYTES:
                _, dropped = self._fresh.popitem(last=False)
                self._fresh_bytes -= len(dropped.content)
        return response

    def ttl_for(self, response: Response) -> int | None:
        """Seconds to keep ``response`` in the shared cache, or ``None`` not to store it."""
        if response.status != 200:
            return None
        directives = parse_cache_control(response.headers.get("cache-control", ""))
        if "no-store" in directives:
            return None
        for name in ("s-maxage", "max-age"):
            value = directives.get(name, "")
            if value.isdigit():
                return min(max(int(value), self.min_ttl), self.max_ttl)
        return self.default_ttl

    def _cache_get(self, key: str) -> Response | None:
        if self.cache is None:
            return None
        try:
            stored = self.cache.get(key)
        except Exception:
            # A cache outage must not stop imports; the network still answers.
            logger.warning("Fetch cache unavailable for get", exc_info=True)
            return None
        return _from_stored(stored)

    def _cache_set(self, key: str, response: Response, ttl: int) -> None:
        if self.cache is None:
            return
        try:
            self.cache.set(key, _to_stored(response), ttl)
        except Exception:
            logger.warning("Fetch cache unavailable for set", exc_info=True)


def cache_key(url: str, accept: str) -> str:
    digest = hashlib.sha256(f"{accept}\n{url}".encode()).hexdigest()
    return KEY_PREFIX + digest


def parse_cache_control(value: str) -> dict[str, str]:
    """``"public, max-age=60"`` → ``{"public": "", "max-age": "60"}`` (names lower-cased)."""
    directives = {}
    for part in value.split(","):
        name, _sep, argument = part.partition("=")
        if name.strip():
            directives[name.strip().lower()] = argument.strip().strip('"')
    return directives


# Plain values in the cache, so a stored entry outlives changes to the Response class.
def _to_stored(response: Response) -> dict[str, Any]:
    return {
        "url": response.url,
        "status": response.status,
        "content": response.content,
        "headers": dict(response.headers),
    }


def _from_stored(stored: Any) -> Response | None:
    if not isinstance(stored, Mapping):
        return None
    try:
        return Response(
            url=str(stored["url"]),
            status=int(stored["status"]),
            content=bytes(stored["content"]),
            headers=dict(stored["headers"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
