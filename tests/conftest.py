"""The three standing actors of every view test: the owner, another learner, a visitor."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Every test stores files in its own folder, never in the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _public_page_cache(settings):
    # On everywhere, as with Redis in production: every test of a public page then
    # also proves that the cached copy follows the change it makes.
    settings.PUBLIC_PAGE_CACHE = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits, cooldowns and fetched documents live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_at_once(monkeypatch):
    """A test's transaction never commits, so queued tasks are sent (and, eager, run) at once.

    tests/passport/test_tasks_after_commit.py checks the real wait for the commit.
    """
    from passport.web import tasks

    monkeypatch.setattr(tasks, "on_commit", lambda fn: fn())


def make_learner(email: str, *, verified: bool = True, **fields):
    from allauth.account.models import EmailAddress

    from passport.accounts.models import User

    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


@pytest.fixture
def owner(db):
    return make_learner("owner@example.org", display_name="Olive Owner")


@pytest.fixture
def other(db):
    return make_learner("other@example.org", display_name="Oscar Other")


@pytest.fixture
def owner_client(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def other_client(other) -> Client:
    client = Client()
    client.force_login(other)
    return client


@pytest.fixture
def anon_client() -> Client:
    return Client()


# Object storage on a real S3 API (moto's server), for the tests that ask for it.
from tests.s3 import s3_endpoint, s3_storage  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _import_jobs_start_at_once(monkeypatch):
    # A test runs inside one transaction that never commits; outside one (as in a real
    # request) on_commit runs the callback at once, which this reproduces.
    monkeypatch.setattr("badges.import_jobs.on_commit", lambda fn, using=None: fn())
