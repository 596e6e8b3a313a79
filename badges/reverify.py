"""Keeping badges honest over time: verify stored badges again and record each check.

A badge is never deleted here. A revoked or expired badge changes status; when the
issuer cannot be reached (or its answer no longer verifies) the badge is kept and
marked ``unverifiable`` until a later check succeeds.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from badges import fetching
from badges.images import load_image
from badges.links import keep_web_links
from badges.models import Badge, VerificationCheck
from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch_types import Fetcher
from badges.openbadges.verify import recheck
from badges.registries import trusted_registries
from badges.services import display_fields, render_refusal, save_image, verification_fields


def reverify_badge(
    badge: Badge, *, fetcher: Fetcher | None = None, now: datetime | None = None
) -> VerificationCheck:
    """Check ``badge`` with its issuer now, store the result and return the check.

    When the issuer now serves a newer version of this very credential (same issuer,
    same id), the badge's display data is replaced by it; nothing else ever changes it.
    """
    now = now or timezone.now()
    fetcher = fetcher or fetching.get_fetcher()
    source_url = badge.verification.get("source_url", "") or badge.source_url
    try:
        credential = recheck(
            badge.original,
            source_url,
            fetcher,
            now=now,
            registries=trusted_registries(fetcher),
        )
    except ImportRefused as refusal:
        return _record(badge, now, Badge.Status.UNVERIFIABLE, reason=render_refusal(refusal))
    credential = keep_web_links(credential)
    fields = verification_fields(credential.verification)
    if _same_credential(badge, credential):
        fields |= display_fields(credential)
        image_source = fields["image_source"]
        if image_source != badge.image_source or not badge.image:
            fields["image"] = _fresh_image(credential, fetcher)
    return _record(badge, now, fields["status"], fields=fields, steps=credential.verification.steps)


def _same_credential(badge: Badge, credential) -> bool:
    return (
        credential.id[:2000] == badge.credential_id
        and display_fields(credential)["issuer_identifier"] == badge.issuer_identifier
    )


def _fresh_image(credential, fetcher: Fetcher) -> tuple[bytes, str] | None:
    if not credential.image:
        return None
    try:
        return load_image(credential.image, fetcher)
    except ImportRefused:
        return None  # keep the image the badge has


def _record(
    badge: Badge,
    now: datetime,
    status: str,
    *,
    reason: str = "",
    fields: dict[str, Any] | None = None,
    steps: tuple[str, ...] | None = None,
) -> VerificationCheck:
    changes = dict(fields or {"status": status, "status_reason": reason})
    changes["verified_at"] = now
    image = changes.pop("image", False)
    saved: list[str] = []
    previous_image = badge.image.name if image else ""
    for name, value in changes.items():
        setattr(badge, name, value)
    method = badge.verification.get("method", "")
    detail = "\n".join(steps if steps is not None else [reason])
    try:
        with transaction.atomic():
            update = set(changes)
            if image:
                save_image(badge, image, saved)
                update.add("image")
            badge.save(update_fields=update)
            check = VerificationCheck.objects.create(
                badge=badge, checked_at=now, status=status, method=method, detail=detail
            )
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    if previous_image and previous_image != badge.image.name:
        default_storage.delete(previous_image)
    return check


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
