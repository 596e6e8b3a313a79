"""Keeping badges honest over time: verify stored badges again and record each check.

A badge is never deleted here. A revoked or expired badge changes status; when the
issuer cannot be reached (or its answer no longer verifies) the badge is kept and
marked ``unverifiable`` until a later check succeeds.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from badges import fetching
from badges.models import Badge, VerificationCheck
from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch_types import Fetcher
from badges.openbadges.verify import recheck
from badges.services import render_refusal, to_json


def reverify_badge(
    badge: Badge, *, fetcher: Fetcher | None = None, now: datetime | None = None
) -> VerificationCheck:
    """Check ``badge`` with its issuer now, store the result and return the check."""
    now = now or timezone.now()
    source_url = badge.verification.get("source_url", "") or badge.source_url
    try:
        credential = recheck(badge.original, source_url, fetcher or fetching.get_fetcher(), now=now)
    except ImportRefused as refusal:
        return _record(badge, now, Badge.Status.UNVERIFIABLE, reason=render_refusal(refusal))
    verification = credential.verification
    return _record(
        badge,
        now,
        verification.status,
        reason=verification.revocation_reason,
        verification=to_json(verification),
    )


def _record(badge: Badge, now: datetime, status: str, *, reason: str = "", verification=None):
    badge.status = status
    badge.status_reason = reason
    badge.verified_at = now
    fields = ["status", "status_reason", "verified_at"]
    if verification is not None:
        badge.verification = verification
        fields.append("verification")
    method = badge.verification.get("method", "")
    steps = badge.verification.get("steps", []) if verification is not None else [reason]
    with transaction.atomic():
        badge.save(update_fields=fields)
        return VerificationCheck.objects.create(
            badge=badge, checked_at=now, status=status, method=method, detail="\n".join(steps)
        )


def reverify_stale_badges(
    older_than: timedelta, *, fetcher: Fetcher | None = None
) -> dict[str, int]:
    """Re-check every badge last checked before ``older_than`` ago; counts by status.

    Safe to run in several processes at once: each badge is locked while it is checked
    (``skip_locked`` passes over one another worker holds) and skipped when another
    worker checked it meanwhile. Callable from cron (``reverify_badges``) or any task
    queue.
    """
    fetcher = fetcher or fetching.get_fetcher()
    cutoff = timezone.now() - older_than
    counts: dict[str, int] = {}
    candidates = Badge.objects.filter(verified_at__lt=cutoff).order_by("verified_at")
    for pk in candidates.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            badge = (
                Badge.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, verified_at__lt=cutoff)
                .first()
            )
            if badge is None:
                continue
            check = reverify_badge(badge, fetcher=fetcher)
        counts[check.status] = counts.get(check.status, 0) + 1
    return counts
