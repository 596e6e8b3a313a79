"""A fixed-window counter in Django's cache, keyed by a hash of the client's address.

The cache is Redis in production, so every app server shares the same counts. The
address is found as allauth finds it for its own limits (so the same proxy settings
apply), and is never stored: only a keyed hash of it, for at most one window.
"""

from __future__ import annotations

import hashlib
import hmac

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    address = get_adapter(request).get_client_ip(request)
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]


def consume(request: HttpRequest, action: str, *, limit: int, period: int) -> bool:
    """Count one attempt at ``action``; False once ``limit`` attempts were made in ``period`` s."""
    key = f"sharing-rl:{action}:{client_key(request)}"
    # add() starts the window only if none is running; incr() is atomic in Redis.
    if cache.add(key, 1, timeout=period):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, timeout=period)
        return True
    return count <= limit


def claim(key: str, *, seconds: int) -> bool:
    """True for the first caller in ``seconds``; later callers get False until it expires."""
    return cache.add(f"sharing-claim:{key}", 1, timeout=seconds)
