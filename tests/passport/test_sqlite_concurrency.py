"""SQLite, the default database, holds concurrent writers: they wait their turn, none fails."""

from __future__ import annotations

import copy
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connections, transaction

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="tests SQLite's locking settings; this run's database is not SQLite",
)

ALIAS = "concurrency_file"
WRITERS = 20


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """A SQLite file configured like the default database (same OPTIONS), as another alias.

    Tests keep the default database in memory, where there are no file locks to wait on,
    so these tests leave it alone (no ``django_db`` mark) and open only this file.
    """
    configured = copy.deepcopy(connections.settings["default"])
    configured["NAME"] = str(tmp_path / "concurrency.sqlite3")
    connections.settings[ALIAS] = configured
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, seen INTEGER NOT NULL)")
        yield connections[ALIAS]
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def _write(start: threading.Barrier) -> None:
    """One import's shape: read first, then write, in one transaction."""
    try:
        start.wait()
        with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM entry")
            (seen,) = cursor.fetchone()
            time.sleep(0.01)  # let the other writers start theirs meanwhile
            cursor.execute("INSERT INTO entry (seen) VALUES (%s)", [seen])
    finally:
        connections[ALIAS].close()  # a connection belongs to its thread


def test_concurrent_write_transactions_all_succeed(file_database):
    start = threading.Barrier(WRITERS)

    with ThreadPoolExecutor(WRITERS) as pool:
        futures = [pool.submit(_write, start) for _ in range(WRITERS)]
    errors = [future.exception() for future in futures if future.exception()]

    assert errors == []
    with file_database.cursor() as cursor:
        cursor.execute("SELECT seen FROM entry ORDER BY id")
        seen = [row[0] for row in cursor.fetchall()]
    # The writers took turns: each one read what all earlier ones had written.
    assert seen == list(range(WRITERS))


def test_the_file_database_uses_write_ahead_logging(file_database):
    with file_database.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] > 0
