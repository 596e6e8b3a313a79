"""Log-in throttling that slows a password guesser without locking the owner out.

allauth's own limits (``ACCOUNT_RATE_LIMITS["login_failed"]``) count wrong passwords
per client address and per account *from that address*, so a guesser elsewhere never
locks the owner out. What they cannot express is a guesser spread over many
addresses: here every wrong password for an account counts, and past
``FREE_FAILURES`` each further attempt must wait twice as long as the one before, up to
``MAX_DELAY``. The owner, logging in from a network they used before, never waits.
The owner hears of it by e-mail after ``ALERT_AFTER`` wrong passwords, once a day.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.utils import build_absolute_uri
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation

from passport.accounts import audit
from passport.accounts.models import SecurityEvent, User
from passport.web.client_ip import client_ip

logger = logging.getLogger(__name__)

FREE_FAILURES = 10  # wrong passwords for one account, from anywhere, before waits begin
FIRST_DELAY = 30  # seconds, then doubled with every further failure
MAX_DELAY = 15 * 60
FAILURE_WINDOW = 60 * 60  # failures are forgotten this long after the last one
KNOWN_NETWORK_FOR = timedelta(days=90)  # a log-in from a network makes it "known" this long
ALERT_AFTER = 5
ALERT_INTERVAL = 24 * 60 * 60


def _now() -> float:
    return time.time()


def _keys(login: str) -> tuple[str, str]:
    digest = hashlib.sha256(login.strip().lower().encode()).hexdigest()[:32]
    return f"login-failures:{digest}", f"login-last-failure:{digest}"


def delay(failures: int) -> int:
    """Seconds to wait after the last failure, once ``failures`` were made."""
    if failures < FREE_FAILURES:
        return 0
    return min(FIRST_DELAY * 2 ** (failures - FREE_FAILURES), MAX_DELAY)


def failures(login: str) -> int:
    """Wrong passwords for ``login`` since it last had a quiet ``FAILURE_WINDOW``."""
    count_key, last_key = _keys(login)
    last = cache.get(last_key)
    if last is None or _now() - last > FAILURE_WINDOW:
        return 0
    return cache.get(count_key, 0)


def must_wait(request: HttpRequest, login: str) -> bool:
    """True when this attempt for ``login`` comes too soon and from an unknown network."""
    count = failures(login)
    if count < FREE_FAILURES:
        return False
    last = cache.get(_keys(login)[1], 0)
    if _now() - last >= delay(count):
        return False
    return not _known_network(request, login)


def _known_network(request: HttpRequest, login: str) -> bool:
    """Whether the account behind ``login`` logged in from this network lately."""
    address_hash = audit.request_address_hash(request)
    return (
        bool(address_hash)
        and SecurityEvent.objects.filter(
            user__in=User.objects.for_login(login),
            kind=SecurityEvent.Kind.LOGIN,
            address_hash=address_hash,
            created_at__gte=timezone.now() - KNOWN_NETWORK_FOR,
        ).exists()
    )


def failed(request: HttpRequest, login: str) -> None:
    """Count a wrong password for ``login``, and tell its owner when they keep coming."""
    count = _count_failure(login)
    if count >= ALERT_AFTER:
        for user in User.objects.for_login(login):
            if _claim_alert(user):
                _send_alert(request, user, count)


def _count_failure(login: str) -> int:
    count_key, last_key = _keys(login)
    if failures(login) == 0:
        cache.set(count_key, 0, FAILURE_WINDOW)
    cache.add(count_key, 0, FAILURE_WINDOW)
    try:
        count = cache.incr(count_key)
    except ValueError:  # expired between add() and incr()
        count = 1
        cache.set(count_key, count, FAILURE_WINDOW)
    cache.touch(count_key, FAILURE_WINDOW)
    cache.set(last_key, _now(), FAILURE_WINDOW)
    return count


def forget(user: User) -> None:
    """A password reset proves the owner: their addresses start afresh."""
    logins = {user.email, *user.emailaddress_set.values_list("email", flat=True)}
    cache.delete_many([key for login in logins for key in _keys(login)])


def _claim_alert(user: User) -> bool:
    key = f"login-alert:{user.pk}"
    now = _now()
    if cache.add(key, now, ALERT_INTERVAL):
        return True
    if now - cache.get(key, now) >= ALERT_INTERVAL:
        cache.set(key, now, ALERT_INTERVAL)
        return True
    return False


def _send_alert(request: HttpRequest, user: User, count: int) -> None:
    adapter = get_adapter(request)
    context = {
        "user": user,
        "failures": count,
        "ip": client_ip(request),
        "user_agent": adapter.get_http_user_agent(request)[:200],
        "timestamp": timezone.now(),
        "password_reset_url": build_absolute_uri(request, reverse("account_reset_password")),
        "activity_url": build_absolute_uri(request, reverse("security_activity")),
    }
    address = user.emailaddress_set.filter(primary=True).values_list("email", flat=True).first()
    try:
        with translation.override(user.preferred_language or translation.get_language()):
            adapter.send_mail("account/email/login_failures", address or user.email, context)
    except Exception:
        # The guesser's request must not fail, nor learn anything, because mail did.
        logger.exception("Could not warn user %s about failed log-ins", user.pk)
