"""Behind the TLS proxy every request comes from the proxy: limits must key on the client."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD

PROXY = "10.0.0.2"
TOO_MANY = b"Too many failed login attempts"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"


def _fail_until_refused(client: Client, xff: str, limit: int = 40) -> int:
    """Wrong passwords, each for a new address (so only the per-client limit applies)."""
    for attempt in range(limit):
        response = client.post(
            "/accounts/login/",
            {"login": f"nobody{attempt}@example.org", "password": "guess"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=xff,
        )
        if TOO_MANY in response.content:
            return attempt
    raise AssertionError(f"{limit} failed log-ins were never refused")


@pytest.mark.django_db
def test_one_clients_failures_do_not_lock_out_another_client(owner):
    attacker = Client()
    _fail_until_refused(attacker, "203.0.113.66")

    learner = Client()
    learner.post(
        "/accounts/login/",
        {"login": owner.email, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert int(learner.session["_auth_user_id"]) == owner.pk


@pytest.mark.django_db
def test_a_spoofed_left_most_entry_does_not_reset_the_limit(owner):
    attacker = Client()
    _fail_until_refused(attacker, "203.0.113.66")
    response = attacker.post(
        "/accounts/login/",
        {"login": "someone-else@example.org", "password": "guess"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.66",
    )
    assert TOO_MANY in response.content
