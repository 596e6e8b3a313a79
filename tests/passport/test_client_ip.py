"""The client's address: REMOTE_ADDR, or what the operator's own proxies vouch for."""

from __future__ import annotations

import pytest

from passport.web import ratelimit
from passport.web.client_ip import client_ip

PROXY = "10.0.0.2"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    return settings


def _request(rf, xff: str | None = None, remote: str = PROXY, **headers):
    if xff is not None:
        headers["HTTP_X_FORWARDED_FOR"] = xff
    return rf.get("/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_the_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(rf, "203.0.113.7", remote="198.51.100.1")) == "198.51.100.1"


def test_behind_one_proxy_the_address_it_appended_counts(rf, behind_one_proxy):
    assert client_ip(_request(rf, "203.0.113.7")) == "203.0.113.7"


def test_a_spoofed_left_most_entry_changes_nothing(rf, behind_one_proxy):
    assert client_ip(_request(rf, "6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request(rf, "not-an-ip,, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_second_entry_from_the_right_counts(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    # The outer proxy appended the client, the inner one appended the outer proxy.
    assert client_ip(_request(rf, "6.6.6.6, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"


def test_a_custom_header_holding_one_address(rf, behind_one_proxy):
    behind_one_proxy.CLIENT_IP_HEADER = "X-Real-IP"
    request = _request(rf, "6.6.6.6", HTTP_X_REAL_IP="203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


@pytest.mark.parametrize(
    ("entry", "address"),
    [
        ("203.0.113.7:41234", "203.0.113.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_ports_and_brackets_are_dropped(rf, behind_one_proxy, entry, address):
    assert client_ip(_request(rf, entry)) == address


@pytest.mark.parametrize("xff", [None, "", "garbage", "203.0.113.7, <script>"])
def test_a_missing_or_malformed_header_falls_back_to_the_peer(rf, behind_one_proxy, xff):
    assert client_ip(_request(rf, xff)) == PROXY


def test_fewer_entries_than_proxies_falls_back_to_the_peer(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(_request(rf, "203.0.113.7, 10.0.0.9")) == PROXY


def test_allauth_asks_the_same_helper(rf, behind_one_proxy):
    from allauth.account.adapter import get_adapter

    request = _request(rf, "6.6.6.6, 203.0.113.7")
    assert get_adapter(request).get_client_ip(request) == "203.0.113.7"


# --- passport.web.ratelimit behind a proxy ---------------------------------------------


def test_sharing_limits_key_on_the_client_not_on_the_proxy(rf, behind_one_proxy):
    first = ratelimit.client_key(_request(rf, "203.0.113.7"))
    spoofed = ratelimit.client_key(_request(rf, "6.6.6.6, 203.0.113.7"))
    second = ratelimit.client_key(_request(rf, "198.51.100.4"))
    assert first == spoofed
    assert first != second


def test_two_clients_behind_one_proxy_are_limited_separately(rf, behind_one_proxy):
    def attempt(xff: str) -> bool:
        request = rf.post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=xff)
        return ratelimit.consume(request, "unlock", limit=3, period=60)

    assert all(attempt("203.0.113.7") for _ in range(3))
    assert not attempt("203.0.113.7")
    assert not attempt("1.2.3.4, 203.0.113.7")  # a made-up left entry is no way out
    assert attempt("198.51.100.4")


# --- settings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT must be 0 or more"),
        ({"TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT must be a whole number"),
        ({"CLIENT_IP_HEADER": "X Forwarded: For"}, "CLIENT_IP_HEADER must be a header name"),
    ],
)
def test_malformed_proxy_settings_are_a_clear_start_up_error(env, message):
    from tests.passport.test_deploy_settings import _manage

    result = _manage("check", DJANGO_DEBUG="1", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_only_an_unusable_header_is_warned_about(rf, behind_one_proxy, caplog):
    client_ip(_request(rf))  # a health check straight from the proxy's host
    assert not caplog.records
    client_ip(_request(rf, "garbage"))
    assert "X-Forwarded-For does not hold 1 trusted address" in caplog.text
