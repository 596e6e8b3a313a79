"""One budget for all the documents a single badge needs.

Each fetch has its own deadline (``fetch.SafeFetcher``); a badge may need many: the
assertion, its badge class, the issuer, keys, revocation and status lists, endorsements,
a schema, a refresh. ``BudgetedFetcher`` caps them together, in wall-clock time and in
number, so one hostile issuer cannot hold an import (or a worker) for long by answering
each of many requests just in time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .errors import ImportRefused, _
from .fetch_types import Fetcher, Response

BADGE_BUDGET_SECONDS = 60.0
BADGE_BUDGET_REQUESTS = 40


class BudgetedFetcher:
    """``inner`` while the badge's budget lasts; then every request is refused."""

    def __init__(
        self,
        inner: Fetcher,
        *,
        seconds: float = BADGE_BUDGET_SECONDS,
        max_requests: int = BADGE_BUDGET_REQUESTS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.inner = inner
        self.seconds = seconds
        self.max_requests = max_requests
        self.clock = clock
        self.deadline = clock() + seconds
        self.requests = 0

    def part(self) -> BudgetedFetcher:
        """A budget for one part of this item, e.g. a credential inside a learner record,
        which becomes a badge of its own: as many documents as a badge may need, within
        this item's wall-clock deadline (so a record never takes longer than a badge)."""
        part = BudgetedFetcher(
            self.inner, seconds=self.seconds, max_requests=self.max_requests, clock=self.clock
        )
        part.deadline = self.deadline
        return part

    def get(self, url: str, *, accept: str = "application/json") -> Response:
        self._spend()
        return self.inner.get(url, accept=accept)

    def get_uncached(self, url: str, *, accept: str = "application/json") -> Response:
        self._spend()
        return self.inner.get_uncached(url, accept=accept)

    def _spend(self) -> None:
        if self.requests >= self.max_requests or self.clock() > self.deadline:
            raise ImportRefused(
                "fetch_failed",
                _(
                    "Checking this badge needed more time or more documents from the web "
                    "than Passport allows for one badge (%(seconds)s seconds, "
                    "%(requests)s documents). Try again later, or tell the issuer."
                ),
                {"seconds": int(self.seconds), "requests": self.max_requests},
            )
        self.requests += 1


def part_of(fetcher: Fetcher) -> Fetcher:
    """``fetcher.part()`` for a budgeted fetcher; any other fetcher as it is."""
    return fetcher.part() if isinstance(fetcher, BudgetedFetcher) else fetcher
