"""Keeping badges honest over time: verify stored badges again and record each check.

A badge is never deleted here. A revoked or expired badge changes status; when the
issuer cannot be reached (or its answer no longer verifies) the badge is kept and
marked ``unverifiable`` until a later check succeeds. An Open Badges 3.0 credential that
names a refresh service is replaced by the newer version the service gives, when that
verifies and belongs to the same issuer and recipient (``openbadges.refresh``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from badges import fetching, step_log
from badges.images import load_image
from badges.links import keep_web_links
from badges.models import Badge, VerificationCheck, identity_key
from badges.notices import NOTIFIED_STATUSES, notify_status_change
from badges.openbadges.credential import Credential
from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch_budget import BudgetedFetcher
from badges.openbadges.fetch_types import Fetcher
from badges.openbadges.log import Step, step
from badges.openbadges.refresh import Refresh, refresh
from badges.openbadges.verify import recheck
from badges.registries import trusted_registries
from badges.services.importing import (
    display_fields,
    render_refusal,
    save_image,
    to_json,
    verification_fields,
)


def reverify_badge(
    badge: Badge, *, fetcher: Fetcher | None = None, now: datetime | None = None
) -> VerificationCheck:
    """Check ``badge`` with its issuer now, store the result and return the check.

    When the issuer now serves a newer version of this very credential (same issuer,
    same id), the badge's display data is replaced by it. When the credential names a
    refresh service, the newer version that service gives replaces the stored
    credential and its display data, if it verifies, comes from the same issuer and
    names the same recipient. Nothing else ever changes them.
    """
    now = now or timezone.now()
    fetcher = BudgetedFetcher(fetcher or fetching.get_fetcher())
    registries = trusted_registries(fetcher)
    source_url = badge.verification.get("source_url", "") or badge.source_url
    try:
        credential = recheck(badge.original, source_url, fetcher, now=now, registries=registries)
        failure = None
    except ImportRefused as refusal:
        credential, failure = None, refusal
    newer = _refresh(badge, fetcher, now, registries)
    steps = newer.steps if newer else ()
    if newer is not None and newer.credential is not None:
        clash = _held_elsewhere(badge, newer.credential)
        if not clash:
            return _adopt(badge, keep_web_links(newer.credential), fetcher, now, steps)
        steps = (*steps, clash)
    if failure is not None:
        reason = render_refusal(failure)
        steps = (failure.step(), *steps)
        return _record(badge, now, Badge.Status.UNVERIFIABLE, reason=reason, steps=steps)
    credential = _with_steps(keep_web_links(credential), steps)
    if not _same_credential(badge, credential):
        # The address now answers with another credential: what it says of itself is
        # no news of this badge, which is kept as it was and marked not checked.
        other = step(
            "The issuer's address now answers with another credential than this badge, "
            "so this badge could not be checked."
        )
        reason = step_log.translated(other)
        return _record(badge, now, Badge.Status.UNVERIFIABLE, reason=reason, steps=(other,))
    fields = verification_fields(credential.verification) | display_fields(credential)
    image_source = fields["image_source"]
    if image_source != badge.image_source or not badge.image:
        fields["image"] = _fresh_image(credential, fetcher)
    return _record(badge, now, fields["status"], fields=fields, steps=credential.verification.steps)


def _refresh(badge: Badge, fetcher: Fetcher, now: datetime, registries) -> Refresh | None:
    """What the credential's refresh service gives now; None when it names none."""
    if badge.spec != "3.0" or not isinstance(badge.document, dict):
        return None
    return refresh(
        badge.document,
        fetcher,
        recipient_email=badge.recipient_email,
        now=now,
        registries=registries,
    )


def _held_elsewhere(badge: Badge, credential: Credential) -> Step | None:
    """Why a newer version may not become this badge: the learner already holds it."""
    key = identity_key(display_fields(credential)["issuer_identifier"], credential.id[:2000])
    others = Badge.objects.filter(owner_id=badge.owner_id, identity_key=key).exclude(pk=badge.pk)
    if not others.exists():
        return None
    return step(
        "The newer version is already in the backpack as another badge; this one is kept as it was."
    )


def _adopt(
    badge: Badge, credential: Credential, fetcher: Fetcher, now: datetime, steps: tuple[Step, ...]
) -> VerificationCheck:
    """Replace the stored credential and everything the badge shows by ``credential``."""
    credential = _with_steps(credential, steps, before=True)
    fields = verification_fields(credential.verification) | display_fields(credential)
    fields |= {
        "original": credential.original,
        "document": to_json(credential.document),
        "credential_id": credential.id[:2000],
        "identity_key": identity_key(fields["issuer_identifier"], credential.id[:2000]),
    }
    if fields["image_source"] != badge.image_source or not badge.image:
        fields["image"] = _fresh_image(credential, fetcher)
    discard = []
    if badge.original_file:
        # The file as received carries the old version; downloads bake the new one.
        discard.append(badge.original_file.name)
        fields["original_file"] = None
    return _record(
        badge,
        now,
        fields["status"],
        fields=fields,
        steps=credential.verification.steps,
        discard=discard,
    )


def _with_steps(
    credential: Credential, steps: tuple[Step, ...], *, before: bool = False
) -> Credential:
    if not steps:
        return credential
    own = credential.verification.steps
    combined = (*steps, *own) if before else (*own, *steps)
    return replace(credential, verification=replace(credential.verification, steps=combined))


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
    steps: tuple[Step, ...] = (),
    discard: list[str] | None = None,
) -> VerificationCheck:
    """Store the check; ``discard`` names stored files to delete once it is committed."""
    was = badge.status
    changes = dict(fields or {"status": status, "status_reason": reason})
    changes["verified_at"] = now
    image = changes.pop("image", False)
    saved: list[str] = []
    previous_image = badge.image.name if image else ""
    for name, value in changes.items():
        setattr(badge, name, value)
    method = badge.verification.get("method", "")
    try:
        with transaction.atomic():
            update = set(changes)
            if image:
                save_image(badge, image, saved)
                update.add("image")
            badge.save(update_fields=update)
            check = VerificationCheck.objects.create(
                badge=badge,
                checked_at=now,
                status=status,
                trust=badge.trust,
                method=method,
                **step_log.check_fields(steps),
            )
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    if previous_image and previous_image != badge.image.name:
        default_storage.delete(previous_image)
    for name in discard or ():
        default_storage.delete(name)
    if status != was and status in NOTIFIED_STATUSES:
        transaction.on_commit(lambda: notify_status_change(badge))
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
