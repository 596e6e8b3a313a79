"""The learner's security activity: record what happened to an account, and read it back.

Any app may call ``record(user, kind, detail)``; the accounts app records log-ins,
e-mail, password and two-factor changes from allauth's signals (``signals.py``).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from passport.accounts.models import SecurityEvent, User
from passport.web.client_ip import client_ip

Kind = SecurityEvent.Kind

# Entries older than this are deleted at the learner's next log-in.
RETENTION = timedelta(days=365)
PAGE_SIZE = 50
DETAIL_MAX = SecurityEvent._meta.get_field("detail").max_length


def address_hash(address: str) -> str:
    """A keyed hash of the client's network: the address, or its /64 for IPv6.

    IPv6 clients change their address within their network often; the network is
    what says "the same place as before".
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    network = ipaddress.ip_network(f"{ip}/64", strict=False) if ip.version == 6 else ip
    secret = settings.SECRET_KEY.encode()
    message = f"security-event:{network}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def request_address_hash(request: HttpRequest | None) -> str:
    return address_hash(client_ip(request)) if request is not None else ""


def record(
    user: User, kind: str, detail: str = "", *, request: HttpRequest | None = None
) -> SecurityEvent:
    """Add an entry to ``user``'s security activity. ``kind`` is a ``SecurityEvent.Kind``.

    ``detail`` is shown as given (an address, a badge's name), cut to 200 characters.
    """
    if kind not in Kind.values:
        raise ValueError(f"{kind!r} is not a kind of security event")
    event = SecurityEvent.objects.create(
        user=user,
        kind=kind,
        detail=detail[:DETAIL_MAX],
        address_hash=request_address_hash(request),
    )
    if kind == Kind.LOGIN:
        prune(user)
    return event


def visibility_changed(request: HttpRequest, what: str, shown_to: str) -> SecurityEvent:
    """``what`` (a badge's, collection's or page's name, or "3 badges") is now ``shown_to``."""
    detail = _("“%(what)s”: %(visibility)s") % {"what": what, "visibility": shown_to}
    return record(request.user, Kind.VISIBILITY_CHANGED, detail, request=request)


def prune(user: User) -> None:
    cutoff = timezone.now() - RETENTION
    SecurityEvent.objects.filter(user=user, created_at__lt=cutoff).delete()


def recent(user: User) -> list[SecurityEvent]:
    """What the security activity page shows: the newest entries, newest first."""
    return list(SecurityEvent.objects.filter(user=user)[:PAGE_SIZE])


def export(user: User) -> list[dict]:
    return [
        {
            "at": event.created_at.isoformat(),
            "kind": event.kind,
            "what": str(event.get_kind_display()),
            "detail": event.detail,
            "address_hash": event.address_hash,
        }
        for event in SecurityEvent.objects.filter(user=user)
    ]
