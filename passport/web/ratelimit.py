"""A fixed-window counter in Django's cache, keyed by a hash of the client's address.

The cache is Redis in production, so every app server shares the same counts. The
address is found by ``passport.web.client_ip``, as for allauth's own limits (so the same
proxy settings apply), and is never stored: only a keyed hash of it, for at most one
window.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from passport.web.client_ip import client_ip


def client_key(request: HttpRequest) -> str:
    address = client_ip(request)
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


def consume_for_learner(user, action: str, *, cost: int = 1, limit: int, period: int) -> bool:
    """Count ``cost`` attempts at ``action`` by a signed-in learner, whatever their
    address; False (and nothing counted) once ``limit`` would be passed in ``period`` s."""
    key = f"learner-rl:{action}:{user.pk}"
    cache.add(key, 0, timeout=period)  # starts the window only if none is running
    try:
        count = cache.incr(key, cost)
    except ValueError:  # the window ended in between
        cache.add(key, cost, timeout=period)
        count = cost
    if count > limit:
        cache.decr(key, cost)  # a refused attempt spends nothing
        return False
    return True
