"""The one safe way to fetch a URL: no private networks, no DNS rebinding, bounded size and time.

Every document the backpack fetches (hosted assertions, issuer profiles, badge classes,
keys, status lists) names a URL chosen by someone else, so each hop is checked before any
byte is sent:

1. only ``http``/``https``, and no user name or password in the address;
2. the host name is resolved once and refused if *any* address is not a public one
   (loopback, private, link-local, multicast, reserved, or an IPv6 form embedding one),
   unless the operator listed the host in ``allowed_hosts``;
3. the connection goes to the address that was checked, while the ``Host`` header, TLS
   SNI and certificate check use the original host name, so a second DNS answer cannot
   send the request elsewhere;
4. redirects of a GET are followed here, each target going through steps 1–3 again
   (extra headers such as ``Authorization`` are dropped when a redirect leaves the
   origin); a POST's redirect is returned as it is, never followed;
5. one wall-clock budget covers the whole ``get`` (connecting, the status line, headers and
   body of every hop): before each socket read the timeout is cut to what is left, so a
   server trickling one byte at a time cannot stretch it, and the status line and headers
   are capped in count and size while they are read (see ``fetch_limits``).

``CachingFetcher`` (in ``fetch_cache``) wraps a ``SafeFetcher`` to cache shared documents.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import logging
import math
import socket
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool

from badges.openbadges.errors import ImportRefused, _
from badges.openbadges.fetch_addresses import (  # noqa: F401 - also imported from here
    IPAddress,
    is_public_address,
    parse_allowed_hosts,
)
from badges.openbadges.fetch_cache import CachingFetcher
from badges.openbadges.fetch_limits import (
    MAX_HEADER_BYTES,
    MAX_HEADER_COUNT,
    HeadersTooLarge,
    LimitedHTTPPool,
    LimitedHTTPSPool,
    Limits,
)
from badges.openbadges.fetch_types import MAX_FILE_BYTES, Response

__all__ = ["CachingFetcher", "PinnedAdapter", "SafeFetcher", "is_public_address"]

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "Passport-Backpack/1.0 (Open Badges verifier)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
CHUNK_SIZE = 64 * 1024

_NETWORK_ERRORS = (
    requests.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
)


@dataclass(frozen=True)
class _Call:
    """What one ``get`` or ``post`` sends, whatever hop it is at."""

    method: str
    url: str
    accept: str
    headers: Mapping[str, str]
    body: bytes | None = None


# Headers a caller may not set: the fetcher owns where the request goes and how it is framed.
_RESERVED_HEADERS = frozenset(
    {"host", "content-length", "transfer-encoding", "connection", "user-agent", "accept"}
)


def _extra_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    extra = dict(headers or {})
    for name, value in extra.items():
        if name.lower() in _RESERVED_HEADERS or any(c in value for c in "\r\n\x00"):
            raise ValueError(f"header {name!r} cannot be set by the caller")
    return extra


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").rstrip("."), port or DEFAULT_PORTS.get(scheme)


@dataclass(frozen=True)
class _Target:
    """One checked hop: where to connect and what to call the host on the wire."""

    url: str
    scheme: str
    hostname: str
    port: int
    address: str

    @property
    def host_header(self) -> str:
        host = f"[{self.hostname}]" if ":" in self.hostname else self.hostname
        if self.port != DEFAULT_PORTS[self.scheme]:
            host = f"{host}:{self.port}"
        return host


class PinnedAdapter(HTTPAdapter):
    """Sends requests for ``hostname`` to the already-checked ``address``.

    The pool connects to ``address``; for https, SNI and certificate matching use
    ``hostname`` (``server_hostname``/``assert_hostname``). The caller sets the ``Host``
    header. Never reads proxy settings, never retries. With ``limits``, connecting and
    every read stay within its deadline and the headers within its caps.
    """

    def __init__(self, address: str, hostname: str, limits: Limits | None = None):
        super().__init__(pool_connections=1, pool_maxsize=1, max_retries=0)
        self.address = address
        self.hostname = hostname
        self.limits = limits
        self._pools: list[HTTPConnectionPool] = []

    def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None):
        host_params, pool_kwargs = self.build_connection_pool_key_attributes(request, verify, cert)
        if host_params["host"] != self.hostname:
            raise requests.exceptions.InvalidURL(f"adapter is pinned to {self.hostname}")
        scheme = host_params["scheme"]
        port = host_params["port"] or DEFAULT_PORTS[scheme]
        if scheme == "https":
            pool = LimitedHTTPSPool(
                self.address,
                port,
                server_hostname=self.hostname,
                assert_hostname=self.hostname,
                limits=self.limits,
                **pool_kwargs,
            )
        else:
            pool = LimitedHTTPPool(self.address, port, limits=self.limits)
        self._pools.append(pool)
        return pool

    def close(self) -> None:
        super().close()
        for pool in self._pools:
            pool.close()


class SafeFetcher:
    """Implements ``fetch_types.Fetcher`` for untrusted URLs. See the module docstring.

    ``allowed_hosts`` lists ``"host"`` or ``"host:port"`` entries (case-insensitive) that
    may resolve to private or local addresses, e.g. an issuer on the same network.
    ``timeout`` is (connect, read) in seconds per socket operation; ``total_timeout``
    bounds a whole ``get``, redirects included: no socket operation may wait longer than
    what is left of it, so a slow trickle cannot hold a worker. ``max_header_count`` and
    ``max_header_bytes`` cap the headers of each answer (the status line counts as bytes).
    """

    def __init__(
        self,
        allowed_hosts: Iterable[str] = (),
        timeout: tuple[float, float] = (5, 10),
        max_bytes: int = MAX_FILE_BYTES,
        max_redirects: int = 5,
        user_agent: str = DEFAULT_USER_AGENT,
        *,
        total_timeout: float = 30.0,
        max_header_count: int = MAX_HEADER_COUNT,
        max_header_bytes: int = MAX_HEADER_BYTES,
    ):
        self.allowed_hosts = parse_allowed_hosts(allowed_hosts)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.user_agent = user_agent
        self.total_timeout = total_timeout
        self.max_header_count = max_header_count
        self.max_header_bytes = max_header_bytes

    def get_uncached(self, url: str, *, accept: str = "application/json") -> Response:
        return self.get(url, accept=accept)  # this fetcher keeps nothing

    def get(
        self,
        url: str,
        *,
        accept: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """GET ``url``, following redirects; ``headers`` are sent on top of Passport's."""
        return self._request(_Call("GET", url, accept, _extra_headers(headers)))

    def post(
        self,
        url: str,
        *,
        json_body: Any = None,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        accept: str = "application/json",
    ) -> Response:
        """POST a JSON (``json_body``) or form-encoded (``form``) body; redirects are not
        followed (a 3xx comes back as the answer), so a body is never sent elsewhere."""
        if (json_body is None) == (form is None):
            raise ValueError("post() takes exactly one of json_body or form")
        if form is not None:
            body, kind = urlencode(dict(form)).encode(), "application/x-www-form-urlencoded"
        else:
            body, kind = json.dumps(json_body).encode(), "application/json"
        if len(body) > self.max_bytes:
            raise ValueError("request body larger than the fetcher's cap")
        extra = {**_extra_headers(headers), "Content-Type": kind}
        return self._request(_Call("POST", url, accept, extra, body))

    def _request(self, call: _Call) -> Response:
        limits = Limits(
            time.monotonic() + self.total_timeout, self.max_header_count, self.max_header_bytes
        )
        url, origin = call.url, _origin(call.url)
        for _hop in range(self.max_redirects + 1):
            if limits.seconds_left() <= 0:
                raise _timed_out(urlsplit(url).hostname or url)
            target = self._check(url)
            adapter = PinnedAdapter(target.address, target.hostname, limits)
            # Credentials in extra headers go to the origin they were meant for only.
            extra = call.headers if _origin(url) == origin else {}
            try:
                location, response = self._send(target, adapter, call, extra, limits)
            finally:
                adapter.close()
            if response is not None:
                return response
            url = location
        raise ImportRefused(
            "fetch_failed",
            _("The address %(host)s redirected more than %(count)s times."),
            {"host": target.hostname, "count": self.max_redirects},
        )

    def _check(self, url: str) -> _Target:
        """Validate one hop and resolve it to the address to connect to."""
        scheme, hostname, port, normalised = _split(url)
        addresses = _resolve(hostname, port)
        if not self._is_allowed(hostname, port):
            for address in addresses:
                if not is_public_address(ipaddress.ip_address(address.split("%")[0])):
                    logger.info("Refused to fetch %s: it resolves to %s", hostname, address)
                    raise ImportRefused(
                        "blocked_url",
                        _(
                            "The address %(host)s points to a private or local network "
                            "and cannot be fetched."
                        ),
                        {"host": hostname},
                    )
        return _Target(normalised, scheme, hostname, port, addresses[0])

    def _is_allowed(self, hostname: str, port: int) -> bool:
        host = hostname.rstrip(".")
        return (host, None) in self.allowed_hosts or (host, port) in self.allowed_hosts

    def _send(
        self,
        target: _Target,
        adapter: PinnedAdapter,
        call: _Call,
        extra: Mapping[str, str],
        limits: Limits,
    ) -> tuple[str, Response | None]:
        """One request; ``(next_url, None)`` for a redirect to follow, else ``("", answer)``."""
        headers = {
            **extra,
            "Host": target.host_header,
            "User-Agent": self.user_agent,
            "Accept": call.accept,
        }
        prepared = requests.Request(
            call.method, target.url, headers=headers, data=call.body
        ).prepare()
        try:
            answer = adapter.send(prepared, stream=True, timeout=self.timeout, proxies={})
            with answer:
                location = answer.headers.get("location")
                if call.method == "GET" and answer.status_code in REDIRECT_STATUSES and location:
                    return urljoin(target.url, _decode_location(location)), None
                return "", self._read(target, answer, limits)
        except HeadersTooLarge as exc:
            raise ImportRefused(
                "fetch_failed",
                _("The server at %(host)s sent more header data than Passport accepts."),
                {"host": target.hostname},
            ) from exc
        except _NETWORK_ERRORS as exc:
            raise _network_failure(target.hostname, exc) from exc

    def _read(self, target: _Target, answer: requests.Response, limits: Limits) -> Response:
        declared = answer.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large(target)
        body = bytearray()
        # read1 returns whatever one socket read brings, so the deadline is checked while a
        # server trickles bytes (iter_content would wait for each full chunk).
        while chunk := answer.raw.read1(CHUNK_SIZE, decode_content=True):
            body += chunk
            if len(body) > self.max_bytes:
                raise self._too_large(target)
            if limits.seconds_left() <= 0:
                raise _timed_out(target.hostname)
        headers = {name.lower(): value for name, value in answer.headers.items()}
        return Response(target.url, answer.status_code, bytes(body), headers)

    def _too_large(self, target: _Target) -> ImportRefused:
        return ImportRefused(
            "too_large",
            _("The document at %(host)s is larger than %(max_kb)s KB and cannot be imported."),
            {"host": target.hostname, "max_kb": max(1, math.ceil(self.max_bytes / 1024))},
        )


def _split(url: str) -> tuple[str, str, int, str]:
    """(scheme, hostname, port, normalised URL) or ``blocked_url``."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ImportRefused(
            "blocked_url",
            _("Only http and https addresses can be fetched."),
        )
    if "@" in parts.netloc:
        raise ImportRefused(
            "blocked_url",
            _("Addresses containing a user name or password cannot be fetched."),
        )
    try:
        # requests normalises the URL (IDNA host, percent-encoding) exactly as it will send it.
        normalised = requests.Request("GET", url.strip()).prepare().url
        parts = urlsplit(normalised)
        hostname = (parts.hostname or "").rstrip(".")
        port = parts.port or DEFAULT_PORTS[scheme]
    except (requests.RequestException, ValueError):
        hostname = ""
    if not hostname:
        raise ImportRefused(
            "blocked_url", _("%(url)s is not a valid web address."), {"url": _shorten(url)}
        )
    return scheme, hostname, port, normalised


def _resolve(hostname: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        infos = []
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise ImportRefused(
            "fetch_failed",
            _(
                "The host name %(host)s could not be found. Check the address for a typing "
                "mistake; if it is right, the issuer's site may have moved or closed: ask the "
                "issuer for the badge file instead."
            ),
            {"host": hostname},
        )
    return addresses


def _decode_location(location: str) -> str:
    # http.client decodes headers as latin-1; servers send UTF-8 (as requests assumes too).
    try:
        return location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return location


def _network_failure(hostname: str, exc: Exception) -> ImportRefused:
    if isinstance(exc, requests.exceptions.SSLError):
        return ImportRefused(
            "fetch_failed",
            _("The secure connection to %(host)s could not be verified."),
            {"host": hostname},
        )
    if isinstance(exc, requests.Timeout) or _caused_by_timeout(exc):
        return _timed_out(hostname)
    return ImportRefused(
        "fetch_failed",
        _("The server at %(host)s could not be reached. Try again later, or ask the issuer."),
        {"host": hostname},
    )


def _caused_by_timeout(exc: BaseException) -> bool:
    # While streaming, requests wraps urllib3's ReadTimeoutError in a ConnectionError.
    return any(
        isinstance(arg, TimeoutError | urllib3.exceptions.TimeoutError) for arg in exc.args
    ) or isinstance(exc, TimeoutError | urllib3.exceptions.TimeoutError)


def _timed_out(hostname: str) -> ImportRefused:
    return ImportRefused(
        "fetch_failed", _("The server at %(host)s took too long to answer."), {"host": hostname}
    )


def _shorten(url: str, limit: int = 200) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
