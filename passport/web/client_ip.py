"""The address of the client, as far as the operator's own proxies vouch for it.

Behind a reverse proxy every request arrives from the proxy, so ``REMOTE_ADDR`` is the
same for everyone. Each proxy appends the address it received the request from to
``X-Forwarded-For``; anything to the left of what the operator's proxies appended was
written by the client and proves nothing. With ``TRUSTED_PROXY_COUNT = N`` the address
that counts is therefore the N-th entry from the right: with one proxy, the last one.

Every limit keyed on the client (allauth's and ``passport.web.ratelimit``) asks this module,
so one setting covers them all.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The client's address; the peer's when no trusted proxy vouches for another."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return _clean(remote) or remote
    header = request.headers.get(settings.CLIENT_IP_HEADER, "")
    entries = header.split(",") if header else []
    vouched = _clean(entries[-count]) if len(entries) >= count else None
    if vouched is None:
        # A request that bypassed the proxies (a health check), or proxies set up
        # differently from TRUSTED_PROXY_COUNT: count it against the peer rather than
        # fail the request. Only a header that is there but unusable is worth a warning.
        if header:
            logger.warning(
                "%s does not hold %d trusted address(es); using the peer address",
                settings.CLIENT_IP_HEADER,
                count,
            )
        return _clean(remote) or remote
    return vouched


def _clean(entry: str) -> str | None:
    """``entry`` as a normalised IP address, without a port or brackets; None if it is none."""
    entry = entry.strip()
    if entry.startswith("["):  # "[2001:db8::1]:443"
        entry = entry[1:].partition("]")[0]
    elif entry.count(":") == 1:  # "203.0.113.7:41234"
        entry = entry.partition(":")[0]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return None
