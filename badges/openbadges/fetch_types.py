"""What a fetcher is, so readers and verifiers can be handed a fake one in tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

# The largest badge file, document or image Passport reads, uploaded or fetched.
MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Response:
    url: str  # final URL after redirects
    status: int
    content: bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Fetcher(Protocol):
    def get(self, url: str, *, accept: str = "application/json") -> Response:
        """Fetch ``url``.

        Returns any HTTP answer, whatever its status. Raises ``ImportRefused`` with
        ``blocked_url`` (forbidden target), ``fetch_failed`` (network error, timeout,
        too many redirects) or ``too_large`` (body over the cap). A fetcher that caches
        may answer from its cache.
        """
        ...

    def get_uncached(self, url: str, *, accept: str = "application/json") -> Response:
        """Fetch ``url`` from the network, never from a cache: for what says whether a
        badge is valid *now* (hosted assertions, revocation and status lists)."""
        ...
