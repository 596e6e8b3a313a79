"""Twenty learners importing at once on SQLite, the default database: every import is
stored or refused, none fails with "database is locked"."""

from __future__ import annotations

import copy
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from tests.badges.conftest import png_bytes
from tests.openbadges.fake_issuer import FakeIssuer

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="tests SQLite's locking settings; this run's database is not SQLite",
)
LEARNERS = 20


@pytest.fixture
def file_default_database(tmp_path, django_db_blocker):
    """For the threads of this test, the default database is a migrated SQLite file
    configured like production's (WAL, IMMEDIATE, busy timeout); tests otherwise keep
    it in memory, where there are no file locks to wait on."""
    original = connections.settings["default"]
    configured = copy.deepcopy(original)
    configured["NAME"] = str(tmp_path / "parallel.sqlite3")
    configured["TEST"] = {**configured.get("TEST", {}), "NAME": configured["NAME"]}
    connections.settings["default"] = configured
    with django_db_blocker.unblock():
        with ThreadPoolExecutor(1) as pool:  # a thread of its own: a connection of its own
            pool.submit(_migrate).result()
        yield
    connections.settings["default"] = original


def _migrate() -> None:
    try:
        call_command("migrate", verbosity=0, interactive=False)
    finally:
        connections.close_all()


def _import(n: int, issuer: FakeIssuer, start: threading.Barrier):
    from badges.services.importing import ImportSource, import_badges
    from tests.conftest import make_learner

    try:
        learner = make_learner(f"learner{n}@example.org")
        url, _text = issuer.hosted_assertion(learner.email, "2.0")
        start.wait()
        (outcome,) = import_badges(learner, [ImportSource.from_url(url)], fetcher=issuer.fetcher)
        return outcome.ok, outcome.code
    finally:
        connections.close_all()  # a connection belongs to its thread


def test_twenty_parallel_imports_are_all_stored(file_default_database, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    issuer = FakeIssuer(base="https://issuer.example", name="Robot Academy")
    issuer.fetcher.serve(
        f"{issuer.base}/images/robotics.png", png_bytes(), content_type="image/png"
    )
    # Publish every assertion first: the fake issuer's routes are then only read.
    start = threading.Barrier(LEARNERS)

    with ThreadPoolExecutor(LEARNERS) as pool:
        futures = [pool.submit(_import, n, issuer, start) for n in range(LEARNERS)]
        results = [future.result() for future in futures]

    assert results == [(True, "")] * LEARNERS
    with ThreadPoolExecutor(1) as pool:
        stored = pool.submit(_count).result()
    assert stored == LEARNERS
    assert (tmp_path / "parallel.sqlite3").stat().st_size > 0  # the file, not memory


def _count() -> int:
    from badges.models import Badge

    try:
        return Badge.objects.count()
    finally:
        connections.close_all()
