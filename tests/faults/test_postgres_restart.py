"""PostgreSQL restarted under a running gunicorn: clear error pages, then back by itself.

A throwaway cluster of this test's own (initdb in a temporary folder, as the postgres
user when run as root) serves a real ``gunicorn -c gunicorn.conf.py passport.wsgi`` (the
Makefile's SERVE_CMD). Requests while it is down get the site's own error page, never a
stack trace; once it is back the same workers answer 200 again (``conn_health_checks``),
with no restart of the app.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.commands import ROOT, command

PG_PORT = 18231
APP_PORT = 18232


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, timeout=120, **kwargs)


class Cluster:
    def __init__(self, bin_dir: Path, folder: Path):
        self.bin, self.data = bin_dir, folder / "data"
        folder.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(folder, user.pw_uid, user.pw_gid)
        _as_postgres([str(bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres",
                      "--auth=trust", "--no-sync"])  # fmt: skip
        self.log = folder / "postgres.log"

    def start(self) -> None:
        options = f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {self.data}"
        _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                      "-l", str(self.log), "-w", "start"])  # fmt: skip

    def stop(self) -> None:
        _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                      "-w", "stop"])  # fmt: skip


def _get(path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{APP_PORT}{path}", timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"Nothing answers on port {port}.")


@pytest.fixture
def cluster():
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("initdb is not installed (apt-get install postgresql).")
    # Not under pytest's own temporary folder, which the postgres user may not enter.
    folder = Path(tempfile.mkdtemp(prefix="passport-pg-"))
    try:
        db = Cluster(bin_dir, folder)
        db.start()
        yield db
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            db.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app_server(cluster, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "REDIS_URL"}}
    env.update(
        DJANGO_DEBUG="0",
        SECRET_KEY="fault-test-" + "y" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres",
        GUNICORN_BIND=f"127.0.0.1:{APP_PORT}",
        GUNICORN_WORKERS="2",
        CELERY_BROKER_URL="",
    )
    # The error page links the site's stylesheet through the manifest collectstatic writes.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=300,
    )  # fmt: skip
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        command("SERVE_CMD", Path(sys.executable).parent),
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_for_port(APP_PORT)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_requests_fail_clearly_while_postgres_restarts_then_recover(cluster, app_server):
    for _ in range(5):
        assert _get("/healthz/") == (200, '{"status": "ok"}')

    cluster.stop()
    down = [_get("/healthz/") for _ in range(6)]
    cluster.start()

    for status, body in down:
        assert status in (500, 503)
        assert "Something went wrong" in body  # the site's own error page
        assert "Traceback" not in body and "psycopg2" not in body and "OperationalError" not in body
    # Every worker reconnects by itself, the same process still serving.
    back = [_get("/healthz/") for _ in range(8)]
    assert back == [(200, '{"status": "ok"}')] * 8
    assert app_server.poll() is None
