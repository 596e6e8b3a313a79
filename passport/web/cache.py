"""A Redis cache that degrades to "no cache" instead of failing the request.

Django's RedisCache raises when Redis is unreachable, which turns every page that
touches the cache (public pages, rate limits, cached sessions) into a 500. Here an
error is logged and answered as a miss (reads) or a no-op (writes); after one, the
backend stays away from Redis for ``BREAK_SECONDS`` so each request does not wait for
the connect timeout again. Sessions (``cached_db``) then come from the database.

Rate limits fail open while Redis is away: ``add()`` answers "added" (as if this caller
were the first) and ``incr()`` a missing key, so every counter starts afresh and lets
the attempt through. allauth's log-in limit takes a lock with ``add()``, so a "not
added" would refuse every log-in for the whole outage; the limits are a brake on abuse,
not a security boundary (passwords are hashed slowly anyway), and a learner locked out
by our outage is the worse failure. The re-verification cooldown opens too; issuers are
still reached only through the safe fetcher and its per-badge budget.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

BREAK_SECONDS = 5.0
# Short: a page waits at most this long for Redis before going on without it.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


class _Breaker:
    """Open for ``BREAK_SECONDS`` after a failure; shared by the threads of a process."""

    def __init__(self) -> None:
        self._open_until = 0.0
        self._lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self) -> None:
        with self._lock:
            self._open_until = time.monotonic() + BREAK_SECONDS

    def reset(self) -> None:
        self._open_until = 0.0


class _ReusedClients(RedisCacheClient):
    """Django's client makes a new ``redis.Redis`` for every call, and building one (its
    table of reply parsers, its argument checks) took longer than the call to Redis. One
    per connection pool is kept instead: they are safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _glob_escaped(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)


class SafeRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        params["OPTIONS"] = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        super().__init__(server, params)
        self._class = _ReusedClients
        self.breaker = _Breaker()

    def _call(self, name: str, fallback, *args, **kwargs):
        if self.breaker.is_open():
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except ValueError:  # incr() of a missing key: not an outage
            raise
        except Exception as error:  # redis.ConnectionError, TimeoutError, ...
            self.breaker.trip()
            logger.warning("cache %s failed, going on without Redis: %s", name, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        result = self._call("incr", None, key, delta, version)
        if result is None:  # Redis away: as if the key had expired
            raise ValueError(f"Key '{key}' not found")
        return result

    def count(self, key, timeout: int, version=None) -> int | None:
        """Add one to the counter at ``key`` (made at 0 if missing, kept ``timeout``
        seconds from its first count): one round trip where add() and incr() take three.
        None while Redis is away."""
        if self.breaker.is_open():
            return None
        try:
            key = self.make_and_validate_key(key, version=version)
            pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
            pipe.incr(key)
            pipe.expire(key, timeout, nx=True)
            return pipe.execute()[0]
        except Exception as error:
            self.breaker.trip()
            logger.warning("cache count failed, going on without Redis: %s", error)
            return None

    def delete_prefixed(self, prefix: str, version=None) -> None:
        """Delete every key beginning with ``prefix`` (see ``delete_prefixed``)."""
        if self.breaker.is_open():
            return
        try:
            pattern = _glob_escaped(self.make_and_validate_key(prefix, version=version)) + "*"
            client = self._cache.get_client(write=True)
            batch = []
            for key in client.scan_iter(match=pattern, count=1000):
                batch.append(key)
                if len(batch) >= 500:
                    client.delete(*batch)
                    batch = []
            if batch:
                client.delete(*batch)
        except Exception as error:
            self.breaker.trip()
            logger.warning("cache delete_prefixed failed, going on without Redis: %s", error)

    def get_many_and_count(self, keys, counter_key, timeout: int, version=None):
        """``get_many(keys)`` and ``count(counter_key, timeout)`` in one round trip:
        ``({key: value}, count)``; ``({}, None)`` while Redis is away."""
        if self.breaker.is_open():
            return {}, None
        try:
            names = {self.make_and_validate_key(key, version=version): key for key in keys}
            counter = self.make_and_validate_key(counter_key, version=version)
            pipe = self._cache.get_client(counter, write=True).pipeline(transaction=False)
            pipe.mget(list(names))
            pipe.incr(counter)
            pipe.expire(counter, timeout, nx=True)
            values, count, _ = pipe.execute()
        except Exception as error:
            self.breaker.trip()
            logger.warning("cache get_many_and_count failed, going on without Redis: %s", error)
            return {}, None
        loads = self._cache._serializer.loads
        pairs = zip(names, values, strict=True)
        return {names[name]: loads(value) for name, value in pairs if value is not None}, count

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)

    def clear(self):
        return self._call("clear", False)


def delete_prefixed(prefix: str, alias: str = DEFAULT_CACHE_ALIAS) -> None:
    """Delete every key of the cache that begins with ``prefix``: for an account's
    deletion, whose kept parts are keyed by digests no one can list. A scan of the keys
    on Redis (a rare, deliberate act); the local-memory cache of development and tests
    is read directly."""
    backend = caches[alias]
    if isinstance(backend, SafeRedisCache):
        backend.delete_prefixed(prefix)
    elif isinstance(backend, LocMemCache):
        made = backend.make_key(prefix)
        with backend._lock:
            for key in [key for key in backend._cache if key.startswith(made)]:
                backend._delete(key)
