"""Two app servers side by side share everything a learner needs, and nothing local.

Two real gunicorn processes, with production settings (DEBUG off), the test PostgreSQL
database, Redis for cache and sessions, S3 (moto) for files, and each its own empty
MEDIA_ROOT. A plain HTTP client shows that a session, a rate limit, a badge's image and
a share card made on one are honoured or served by the other.

SQLite is one file per machine, so this needs PostgreSQL (as CI has).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests
from django.db import connection

from badges.models import Badge
from tests.conftest import PASSWORD, make_learner
from tests.redis_service import redis_at
from tests.s3 import Bucket, _wait_for, free_port, s3_environment
from tests.signed_badge import signed_badge_png

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "two.servers@example.org"
SECRET = "two-servers-test-secret-key-" + "x" * 40
REDIS_URL = os.environ.get("PASSPORT_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def _need_postgres_and_redis() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Two servers share one database only on PostgreSQL (CI runs this there)")
    redis_at(REDIS_URL, flush=True)


def _database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _environment(tmp_path: Path, s3_endpoint: str, prefix: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))}
    return (
        env
        | s3_environment(s3_endpoint, prefix)
        | {
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": SECRET,
            "DATABASE_URL": _database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "REDIS_URL": REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "1",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(tmp_path / "static"),
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "2",
        }
    )


@pytest.fixture
def servers(transactional_db, tmp_path, s3_endpoint):
    """Two running servers' base addresses, and the part of the bucket they share."""
    _need_postgres_and_redis()
    prefix = f"servers-{uuid.uuid4().hex[:8]}"
    env = _environment(tmp_path, s3_endpoint, prefix)
    manage = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    subprocess.run(manage, cwd=ROOT, env=env, check=True, timeout=120)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    processes, bases = [], []
    try:
        for number in (1, 2):
            port = free_port(range(18100, 18150))
            media = tmp_path / f"media-{number}"
            log = open(tmp_path / f"server-{number}.log", "wb")  # noqa: SIM115
            process = subprocess.Popen(
                [gunicorn, "-c", "gunicorn.conf.py", "passport.wsgi"],
                cwd=ROOT,
                env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "MEDIA_ROOT": str(media)},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            processes.append(process)
            bases.append(f"http://127.0.0.1:{port}")
            _wait_for(f"{bases[-1]}/", process, seconds=30)
        yield bases, Bucket(s3_endpoint, prefix)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


class Browser:
    """Cookies kept by hand: production cookies are Secure, and these servers speak http."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        response = requests.request(
            method, url, cookies=self.cookies, allow_redirects=False, timeout=30, **kwargs
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post_form(self, page: str, url: str, data: dict, **kwargs) -> requests.Response:
        """POST as a browser would after loading ``page`` (its CSRF token included)."""
        html = self.get(page).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        return self.request("POST", url, data={"csrfmiddlewaretoken": token, **data}, **kwargs)


def _log_in(browser: Browser, base: str, email: str, password: str) -> requests.Response:
    login = f"{base}/accounts/login/"
    return browser.post_form(login, login, {"login": email, "password": password})


def test_two_servers_share_sessions_limits_files_and_cards(servers, settings):
    (one, two), bucket = servers
    # The servers know only production's hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    make_learner(EMAIL, display_name="Sam Servers")
    learner = Browser()

    # A session made on server 1 is valid on server 2.
    assert _log_in(learner, one, EMAIL, PASSWORD).status_code == 302
    assert learner.get(f"{two}/badges/").status_code == 200
    assert Browser().get(f"{two}/badges/").status_code == 302  # no session: log in first

    # A badge uploaded on server 1 shows its image on server 2.
    upload = {"files": ("storage.png", signed_badge_png(EMAIL), "image/png")}
    added = learner.post_form(
        f"{one}/badges/add/", f"{one}/badges/add/", {"way": "upload"}, files=upload
    )
    assert added.status_code == 302
    badge = Badge.objects.get(owner__email=EMAIL)
    image = learner.get(f"{two}/badges/{badge.pk}/image/")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert image.headers["Cache-Control"] == "private, no-cache"

    # A share card drawn on server 1 is served by server 2 from the bucket.
    Badge.objects.filter(pk=badge.pk).update(visibility=Badge.Visibility.PUBLIC)
    card = f"/b/{badge.public_id}/preview.png"
    drawn = requests.get(one + card, timeout=30)
    assert drawn.status_code == 200 and drawn.content.startswith(b"\x89PNG")
    stored = [name for name in bucket.names() if name.startswith("share-previews/")]
    assert len(stored) == 1
    served = requests.get(two + card, timeout=30)
    assert served.content == drawn.content
    assert served.headers["ETag"] == drawn.headers["ETag"]
    again = requests.get(two + card, headers={"If-None-Match": drawn.headers["ETag"]}, timeout=30)
    assert again.status_code == 304
    public_image = requests.get(f"{two}/b/{badge.public_id}/image", timeout=30)
    assert public_image.status_code == 200
    assert public_image.headers["Cache-Control"] == "public, max-age=300"

    # Failed log-ins counted on server 1 lock the address out on server 2 (10 a minute).
    guesser = Browser()
    for number in range(10):
        failed = _log_in(guesser, one, f"nobody{number}@example.org", "wrong")
        assert failed.status_code == 200 and "Too many" not in failed.text
    refused = _log_in(guesser, two, "nobody-else@example.org", "wrong")
    assert "Too many failed login attempts" in refused.text
