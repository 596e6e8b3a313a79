"""One budget for all the documents one badge needs: time and number of requests."""

from __future__ import annotations

import pytest

from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch_budget import BudgetedFetcher
from tests.openbadges.ob3_issuer import FakeFetcher


def _fetcher():
    inner = FakeFetcher()
    for n in range(5):
        inner.serve(f"https://issuer.example/{n}", {"n": n})
    return inner


def test_requests_within_the_budget_go_through():
    budget = BudgetedFetcher(_fetcher(), seconds=10, max_requests=3)

    answers = [
        budget.get("https://issuer.example/0"),
        budget.get_uncached("https://issuer.example/1"),
    ]

    assert [a.status for a in answers] == [200, 200] and budget.requests == 2


def test_one_request_too_many_is_refused_before_it_is_sent():
    inner = _fetcher()
    budget = BudgetedFetcher(inner, seconds=10, max_requests=2)
    budget.get("https://issuer.example/0")
    budget.get("https://issuer.example/1")

    with pytest.raises(ImportRefused) as refused:
        budget.get("https://issuer.example/2")

    assert refused.value.code == "fetch_failed"
    assert "2 documents" in refused.value.render()
    assert "https://issuer.example/2" not in inner.requests


def test_past_the_deadline_every_request_is_refused():
    now = [0.0]
    budget = BudgetedFetcher(_fetcher(), seconds=30, max_requests=99, clock=lambda: now[0])
    budget.get("https://issuer.example/0")
    now[0] = 31.0

    with pytest.raises(ImportRefused) as refused:
        budget.get_uncached("https://issuer.example/1")

    assert refused.value.code == "fetch_failed" and "30 seconds" in refused.value.render()
