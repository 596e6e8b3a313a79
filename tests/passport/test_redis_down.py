"""With Redis configured and then gone, public pages and log-in still answer."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.sharing.factories import make_public_badge

PORT = 18307  # a private redis-server, never the shared one

# Under CI the server must be there (.ci/run installs it): this test never skips there.
pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None and os.environ.get("CI") != "true",
    reason="redis-server is not installed",
)


def _wait_for(port: int, *, up: bool) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            listening = True
        except OSError:
            listening = False
        if listening == up:
            return
        time.sleep(0.05)
    raise AssertionError(f"redis on {port} did not go {'up' if up else 'down'}")


@pytest.fixture
def private_redis(tmp_path, settings):
    process = subprocess.Popen(
        ["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    _wait_for(PORT, up=True)
    settings.CACHES = {
        "default": {
            "BACKEND": "passport.web.cache.SafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{PORT}/0",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield process
    process.kill()
    process.wait()


def _stop(process) -> None:
    process.kill()
    process.wait()
    _wait_for(PORT, up=False)


def test_public_pages_and_log_in_survive_redis_going_away(private_redis, owner, client):
    badge = make_public_badge(owner)
    url = reverse("sharing:badge", args=[badge.public_id])
    assert client.get(url).status_code == 200
    cache.set("probe", 1)
    assert cache.get("probe") == 1  # Redis really is in use

    _stop(private_redis)
    assert cache.get("probe") is None  # a miss, not an exception
    assert client.get(url).status_code == 200
    response = client.post(reverse("account_login"), {"login": owner.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    assert client.get(reverse("badges:gallery")).status_code == 200  # signed in, from the DB


def test_after_a_failure_redis_is_left_alone_for_a_moment(private_redis, monkeypatch):
    _stop(private_redis)
    default = RedisCache
    calls = []
    original = default.get

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(default, "get", counted)
    assert cache.get("a") is None
    assert cache.get("b") is None
    assert cache.get("c", "fallback") == "fallback"
    assert len(calls) == 1  # the breaker kept the next two from waiting on a dead socket


def test_rate_limits_fail_open_without_redis(private_redis, rf):
    from passport.web import ratelimit

    _stop(private_redis)
    request = rf.get("/")
    assert all(ratelimit.consume(request, "x", limit=1, period=60) for _ in range(3))


def test_view_counts_take_one_round_trip_and_survive_redis_going_away(
    private_redis, owner, settings
):
    from sharing.models import PENDING_TIMEOUT, VIEW_BATCH, ShareStats, count_view, views_of

    settings.PUBLIC_PAGE_CACHE = True
    badge = make_public_badge(owner)
    assert [cache.count("counter", 60) for _ in range(3)] == [1, 2, 3]
    client = cache._cache.get_client("x")
    key = cache.make_and_validate_key("counter")
    assert 0 < client.ttl(key) <= 60  # set by the first count, not pushed back by the rest
    for _ in range(VIEW_BATCH + 2):
        count_view(badge=badge)
    assert ShareStats.objects.get(badge=badge).views == VIEW_BATCH  # one batch written
    assert views_of(badge=badge) == VIEW_BATCH + 2
    pending = cache.make_and_validate_key(f"share-views:badge:{badge.pk}")
    assert PENDING_TIMEOUT - 60 < client.ttl(pending) <= PENDING_TIMEOUT

    _stop(private_redis)
    assert cache.count("counter", 60) is None
    count_view(badge=badge)  # straight in the database
    assert ShareStats.objects.get(badge=badge).views == VIEW_BATCH + 1


def test_a_kept_page_and_its_view_count_come_in_one_round_trip(
    private_redis, owner, settings, client, monkeypatch
):
    from sharing.models import VIEW_BATCH, ShareStats, views_of

    settings.PUBLIC_PAGE_CACHE = True
    badge = make_public_badge(owner)
    url = reverse("sharing:badge", args=[badge.public_id])
    cache.set("kept", "page")
    assert cache.get_many_and_count(["kept", "missing"], "c", 60) == ({"kept": "page"}, 1)
    assert cache.get_many_and_count([], "c", 60)[1] == 2
    assert client.get(url).status_code == 200  # drawn and kept

    trips = []
    backend = type(caches["default"])
    real = backend.get_many_and_count
    monkeypatch.setattr(
        backend,
        "get_many_and_count",
        lambda self, *a, **kw: trips.append(a) or real(self, *a, **kw),
    )
    monkeypatch.setattr(backend, "get_many", lambda *a, **kw: pytest.fail("a second trip"))
    monkeypatch.setattr(backend, "count", lambda *a, **kw: pytest.fail("a second trip"))
    for _ in range(VIEW_BATCH - 1):
        answer = client.get(url)
        assert answer.status_code == 200 and answer.has_header("ETag")
    assert len(trips) == VIEW_BATCH - 1
    assert ShareStats.objects.get(badge=badge).views == VIEW_BATCH  # the tenth view wrote
    assert views_of(badge=badge) == VIEW_BATCH

    monkeypatch.undo()
    _stop(private_redis)
    assert cache.get_many_and_count(["kept"], "c", 60) == ({}, None)
    assert client.get(url).status_code == 200
    assert ShareStats.objects.get(badge=badge).views == VIEW_BATCH + 1  # in the database
