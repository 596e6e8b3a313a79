"""Connections that keep to one fetch's budget: a deadline and caps on the headers.

``fetch.SafeFetcher`` builds one ``Limits`` per ``get`` and hands it to every connection
of that ``get`` (one per redirect hop) through ``LimitedHTTPPool``/``LimitedHTTPSPool``:

- connecting (TCP, then the TLS handshake as a whole) waits at most what is left;
- before each read of the status line, the headers or the body, the socket timeout is
  cut to what is left, so a server sending one byte at a time cannot stretch the budget
  (a socket timeout applies to each read alone, so every byte would restart it);
- while http.client reads the status line and headers, their lines and bytes are counted,
  and ``HeadersTooLarge`` stops the read as soon as a cap is passed.
"""

from __future__ import annotations

import functools
import http.client
import io
import socket
import time
from dataclasses import dataclass
from types import SimpleNamespace

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

# Issuers' servers and CDNs send a few dozen headers and a few KB of them; http.client
# alone would read 100 lines of 64 KB each.
MAX_HEADER_COUNT = 64
MAX_HEADER_BYTES = 32 * 1024


@dataclass(frozen=True)
class Limits:
    """What one ``get`` may spend: a deadline (``time.monotonic()``) and header caps."""

    deadline: float
    max_header_count: int = MAX_HEADER_COUNT
    max_header_bytes: int = MAX_HEADER_BYTES

    def seconds_left(self) -> float:
        return self.deadline - time.monotonic()

    def socket_timeout(self, limit: float | None) -> float:
        """``limit``, cut to what is left of the budget; ``TimeoutError`` once it is spent."""
        left = self.seconds_left()
        if left <= 0:
            raise TimeoutError("the fetch used up its time budget")
        return left if limit is None else min(limit, left)


class HeadersTooLarge(Exception):
    """The status line and headers passed the caps (not an ``OSError``, so urllib3 and
    requests let it through unwrapped for the fetcher to refuse)."""


class _BudgetedSocketReader(io.RawIOBase):
    """Reads a socket, cutting its timeout to what is left of the budget before each read."""

    def __init__(self, sock: socket.socket, limits: Limits):
        super().__init__()
        self._sock = sock
        # socket.makefile keeps the socket open while this reader is, as http.client expects.
        self._raw = sock.makefile("rb", buffering=0)
        self._limits = limits
        self._per_read = sock.gettimeout()  # urllib3 has just set it to the read timeout

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        self._sock.settimeout(self._limits.socket_timeout(self._per_read))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _HeaderCappedReader(io.BufferedReader):
    """Counts the lines and bytes http.client reads until ``in_headers`` is cleared."""

    def __init__(self, raw: io.RawIOBase, limits: Limits):
        super().__init__(raw)
        self._lines_left = limits.max_header_count + 2  # with the status and the blank line
        self._bytes_left = limits.max_header_bytes
        self.in_headers = True

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        if self.in_headers:
            self._lines_left -= 1
            self._bytes_left -= len(line)
            if self._lines_left < 0 or self._bytes_left < 0:
                raise HeadersTooLarge
        return line


class _LimitedResponse(http.client.HTTPResponse):
    """An http.client response read through the budget and the header caps."""

    def __init__(self, sock: socket.socket, *args, limits: Limits, **kwargs):
        self._limited_reader = _HeaderCappedReader(_BudgetedSocketReader(sock, limits), limits)
        # http.client only asks its socket for a file to read; hand it the limited one.
        shim = SimpleNamespace(makefile=lambda _mode: self._limited_reader)
        super().__init__(shim, *args, **kwargs)

    def begin(self) -> None:
        super().begin()
        self._limited_reader.in_headers = False


class _LimitedConnectionMixin:
    """A urllib3 connection that connects and reads within ``limits`` (when given)."""

    def __init__(self, *args, limits: Limits | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._limits = limits
        if limits is not None:
            self.response_class = functools.partial(_LimitedResponse, limits=limits)

    def _new_conn(self) -> socket.socket:
        if self._limits is None:
            return super()._new_conn()
        self.timeout = self._connect_timeout()
        sock = super()._new_conn()
        try:
            # A TLS handshake that follows waits at most this long as a whole.
            sock.settimeout(self._connect_timeout())
        except BaseException:
            sock.close()
            raise
        return sock

    def _connect_timeout(self) -> float:
        limit = self.timeout if isinstance(self.timeout, int | float) else None
        try:
            return self._limits.socket_timeout(limit)
        except TimeoutError as exc:
            raise urllib3.exceptions.ConnectTimeoutError(self, str(exc)) from exc


class _LimitedHTTPConnection(_LimitedConnectionMixin, HTTPConnection):
    pass


class _LimitedHTTPSConnection(_LimitedConnectionMixin, HTTPSConnection):
    pass


class LimitedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _LimitedHTTPConnection


class LimitedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _LimitedHTTPSConnection
