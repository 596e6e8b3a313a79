"""The Redis the tests that need a real one talk to."""

from __future__ import annotations

import os

import pytest


def redis_at(url: str, *, flush: bool = False):
    """A client of the Redis at ``url`` (its database emptied with ``flush``). Without
    one the test is skipped, except under CI=true, which runs every test."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2)
    try:
        client.flushdb() if flush else client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"No Redis at {url}")
    return client
