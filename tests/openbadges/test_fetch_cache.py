"""Caching of shared documents: per run always, in the shared cache for 200 answers."""

from __future__ import annotations

import pytest

from badges.openbadges.fetch import CachingFetcher
from badges.openbadges.fetch_cache import cache_key, parse_cache_control
from badges.openbadges.fetch_types import Response

URL = "https://issuer.example/profile"


class CountingFetcher:
    """Answers every URL with one prepared response and counts the calls."""

    def __init__(self, status=200, cache_control=None):
        headers = {"content-type": "application/json"}
        if cache_control is not None:
            headers["cache-control"] = cache_control
        self.response = Response(URL, status, b'{"name": "Issuer"}', headers)
        self.calls = []

    def get(self, url, *, accept="application/json"):
        self.calls.append((url, accept))
        return self.response


class DictCache:
    """The ``get``/``set(key, value, timeout)`` part of Django's cache API."""

    def __init__(self):
        self.entries = {}

    def get(self, key, default=None):
        return self.entries.get(key, (default, None))[0]

    def set(self, key, value, timeout=None):
        self.entries[key] = (value, timeout)

    def timeout_of(self, url, accept="application/json"):
        return self.entries[cache_key(url, accept)][1]


class BrokenCache:
    def get(self, key, default=None):
        raise ConnectionError("cache down")

    def set(self, key, value, timeout=None):
        raise ConnectionError("cache down")


@pytest.fixture
def cache():
    return DictCache()


def test_two_gets_make_one_upstream_request(cache):
    upstream = CountingFetcher()
    fetcher = CachingFetcher(upstream, cache)

    first, second = fetcher.get(URL), fetcher.get(URL)

    assert first == second == upstream.response
    assert len(upstream.calls) == 1


def test_the_shared_cache_serves_the_next_import_run(cache):
    upstream = CountingFetcher()
    CachingFetcher(upstream, cache).get(URL)

    response = CachingFetcher(upstream, cache).get(URL)

    assert response == upstream.response
    assert len(upstream.calls) == 1


def test_without_a_cache_one_run_still_fetches_each_url_once():
    upstream = CountingFetcher(status=404)
    fetcher = CachingFetcher(upstream, None)

    fetcher.get(URL)
    fetcher.get(URL)
    CachingFetcher(upstream, None).get(URL)

    assert len(upstream.calls) == 2  # once per run


def test_accept_is_part_of_the_key(cache):
    upstream = CountingFetcher()
    fetcher = CachingFetcher(upstream, cache)

    fetcher.get(URL)
    fetcher.get(URL, accept="application/ld+json")

    assert upstream.calls == [(URL, "application/json"), (URL, "application/ld+json")]
    assert cache_key(URL, "application/json") != cache_key(URL, "application/ld+json")


@pytest.mark.parametrize(
    ("cache_control", "timeout"),
    [
        (None, 300),
        ("public", 300),
        ("public, max-age=3600", 3600),
        ("max-age=0", 60),
        ("max-age=5", 60),
        ("max-age=9999999", 86400),
        ('max-age="120"', 120),
        ("max-age=600, s-maxage=1200", 1200),
        ("Max-Age=700", 700),
        ("max-age=soon", 300),
    ],
)
def test_max_age_is_honoured_within_the_bounds(cache, cache_control, timeout):
    CachingFetcher(CountingFetcher(cache_control=cache_control), cache).get(URL)

    assert cache.timeout_of(URL) == timeout


def test_bounds_and_default_are_configurable(cache):
    upstream = CountingFetcher(cache_control="max-age=1")
    CachingFetcher(upstream, cache, default_ttl=10, min_ttl=5, max_ttl=20).get(URL)

    assert cache.timeout_of(URL) == 5


@pytest.mark.parametrize("cache_control", ["no-store", "private, no-store", "NO-STORE"])
def test_no_store_is_not_cached(cache, cache_control):
    upstream = CountingFetcher(cache_control=cache_control)

    CachingFetcher(upstream, cache).get(URL)
    CachingFetcher(upstream, cache).get(URL)

    assert cache.entries == {}
    assert len(upstream.calls) == 2


@pytest.mark.parametrize("status", [203, 301, 404, 410, 500])
def test_only_200_answers_are_cached(cache, status):
    upstream = CountingFetcher(status=status, cache_control="max-age=3600")

    CachingFetcher(upstream, cache).get(URL)
    CachingFetcher(upstream, cache).get(URL)

    assert cache.entries == {}
    assert len(upstream.calls) == 2


def test_get_uncached_never_uses_the_shared_cache_and_fetches_once_per_run(cache):
    upstream = CountingFetcher()
    fetcher = CachingFetcher(upstream, cache)
    fetcher.get(URL)  # a shared answer does not stand in for a fresh one

    fetcher.get_uncached(URL)
    fetcher.get_uncached(URL)  # the same run: once
    fetcher.get_uncached(URL, accept="application/ld+json")

    assert len(upstream.calls) == 3
    assert list(cache.entries) == [cache_key(URL, "application/json")]
    CachingFetcher(upstream, cache).get_uncached(URL)  # a new run goes upstream again
    assert len(upstream.calls) == 4


def test_fresh_answers_that_failed_are_asked_again(cache):
    upstream = CountingFetcher(status=503)
    fetcher = CachingFetcher(upstream, cache)
    fetcher.get_uncached(URL)
    fetcher.get_uncached(URL)
    assert len(upstream.calls) == 2


def test_the_fresh_memo_of_a_run_is_capped_in_bytes(cache, monkeypatch):
    monkeypatch.setattr("badges.openbadges.fetch_cache.FRESH_MEMO_BYTES", 40)
    upstream = CountingFetcher()  # 18-byte answers: two fit, a third pushes the oldest out
    fetcher = CachingFetcher(upstream, cache)
    for url in ("https://a.example/1", "https://a.example/2", "https://a.example/3"):
        fetcher.get_uncached(url)
    fetcher.get_uncached("https://a.example/3")
    fetcher.get_uncached("https://a.example/2")
    assert len(upstream.calls) == 3
    fetcher.get_uncached("https://a.example/1")
    assert len(upstream.calls) == 4


def test_cache_holds_plain_values(cache):
    CachingFetcher(CountingFetcher(), cache).get(URL)

    (stored, _timeout), *_ = cache.entries.values()

    assert stored == {
        "url": URL,
        "status": 200,
        "content": b'{"name": "Issuer"}',
        "headers": {"content-type": "application/json"},
    }


def test_unreadable_cache_entries_are_ignored(cache):
    upstream = CountingFetcher()
    cache.set(cache_key(URL, "application/json"), {"url": URL}, 60)

    assert CachingFetcher(upstream, cache).get(URL) == upstream.response
    assert len(upstream.calls) == 1


def test_a_broken_cache_does_not_stop_fetching():
    upstream = CountingFetcher()

    assert CachingFetcher(upstream, BrokenCache()).get(URL) == upstream.response


def test_cache_keys_fit_every_django_backend():
    key = cache_key("https://issuer.example/" + "a" * 5000 + " with spaces", "application/json")

    assert len(key) < 250
    assert " " not in key


def test_cache_control_is_parsed_into_directives():
    assert parse_cache_control('Public, MAX-AGE="60", , no-transform') == {
        "public": "",
        "max-age": "60",
        "no-transform": "",
    }
