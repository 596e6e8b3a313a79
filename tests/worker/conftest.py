"""A real ``celery -A passport worker`` (the Makefile's WORKER_CMD) for the tests here.

It runs in its own process against Redis (database TEST_REDIS_DB, 6 unless told) and the
test database, so the tests use ``transactional_db``: the worker sees committed rows only.
On SQLite the test database lives in this process's memory, which no worker can share, so
these tests skip there; on PostgreSQL (as in CI) they run, and under ``CI=true`` a missing
Redis fails them instead of skipping.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import kombu.pools
import pytest
import redis
from django.db import connection

from passport.celery import app as celery_app
from tests.badges.conftest import png_bytes
from tests.commands import ROOT, command
from tests.openbadges.fake_issuer import FakeIssuer

REDIS_URL = os.environ.get(
    "TEST_REDIS_URL", f"redis://127.0.0.1:6379/{os.environ.get('TEST_REDIS_DB', '6')}"
)


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} The worker tests must run in CI.")
    pytest.skip(reason)


@pytest.fixture
def broker(monkeypatch) -> Iterator[str]:
    """An empty Redis database, and this process's Celery app sending to it, not eager."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        _skip_or_fail(f"Redis does not answer at {REDIS_URL}.")
    client.flushdb()
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", REDIS_URL)
    _fresh_connections()
    yield REDIS_URL
    _fresh_connections()
    client.flushdb()


def _fresh_connections() -> None:
    """Close every pooled broker connection; the app makes new ones for its settings."""
    kombu.pools.reset()  # kombu keeps producer pools by URL, across apps and tests
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("The worker needs a database it can share: run with PostgreSQL.")
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """One worker process (its own process group, so a kill takes its children too)."""

    def __init__(self, env: dict[str, str], log: Path):
        self.log = log
        self.process = subprocess.Popen(
            command("WORKER_CMD", Path(sys.executable).parent),
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b"ready." in self.log.read_bytes():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail("The worker did not start:\n" + self.log.read_text(errors="replace")[-3000:])

    def kill(self) -> None:
        """SIGKILL the worker and its pool at once, as a lost machine or OOM would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_database(transactional_db) -> str:
    return _database_url()


@pytest.fixture
def start_worker(worker_database, broker, tmp_path, media_root) -> Iterator[Callable]:
    """Start workers sharing this test's database, storage and mail folder."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "REDIS_URL"}}
    env.update(
        DJANGO_DEBUG="0",
        SECRET_KEY="worker-test-" + "x" * 50,
        DATABASE_URL=worker_database,
        CELERY_BROKER_URL=broker,
        MEDIA_ROOT=str(media_root),
        PASSPORT_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        CELERY_VISIBILITY_TIMEOUT="10",
    )
    workers: list[Worker] = []

    def start(**extra: str) -> Worker:
        worker = Worker({**env, **extra}, tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        worker.stop()


def wait_for(predicate: Callable[[], object], timeout: float = 60, what: str = "it") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail(f"Timed out waiting for {what}.")


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server: IssuerServer = self.server.owner  # type: ignore[attr-defined]
        answer = server.issuer.fetcher._answer(server.issuer.base + self.path)
        server.requests.append(self.path)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        if self.path in server.slow:
            server.slow_started.set()
            step = max(1, len(answer.content) // 20)
            for start in range(0, len(answer.content), step):  # trickle, over about 5 s
                self.wfile.write(answer.content[start : start + step])
                self.wfile.flush()
                time.sleep(0.25)
        else:
            self.wfile.write(answer.content)

    def log_message(self, *args) -> None:
        pass


class IssuerServer:
    """A FakeIssuer served over real HTTP on 127.0.0.1, for a worker in another process."""

    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.host = f"127.0.0.1:{self.httpd.server_port}"
        self.issuer = FakeIssuer(base=f"http://{self.host}", name="Robot Academy")
        self.issuer.fetcher.serve(
            f"{self.issuer.base}/images/robotics.png", png_bytes(), content_type="image/png"
        )
        self.requests: list[str] = []
        self.slow: set[str] = set()
        self.slow_started = threading.Event()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def issuer_server(monkeypatch, settings) -> Iterator[IssuerServer]:
    server = IssuerServer()
    monkeypatch.setattr("badges.fetching.get_fetcher", lambda: server.issuer.fetcher)
    yield server
    server.close()
