"""Stored learner records: their page (achievements and relations), re-checks, deletion."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges import fetching
from badges.models import Badge, LearnerRecord
from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch_budget import BudgetedFetcher
from badges.openbadges.fetch_types import Fetcher
from badges.openbadges.jws import looks_like_jws
from badges.openbadges.verify import PayloadText, verify_payload
from badges.registries import trusted_registries
from badges.services.importing import render_refusal, verification_fields

# CLR 2.0 associationType, read from the source achievement's side.
RELATIONS = {
    "exactMatchOf": _("exact match of"),
    "isChildOf": _("child of"),
    "isParentOf": _("parent of"),
    "isPartOf": _("part of"),
    "isPeerOf": _("peer of"),
    "isRelatedTo": _("related to"),
    "precedes": _("precedes"),
    "replacedBy": _("replaced by"),
}


@dataclass
class ShownAchievement:
    name: str
    description: str
    achievement_type: str
    badge: Badge | None = None  # the verified credential that awards it, if stored
    relations: list[tuple[str, str]] = field(default_factory=list)  # (relation, other name)


def achievements_of(record: LearnerRecord, badges: list[Badge]) -> list[ShownAchievement]:
    """The record's achievements in order, each with its badge and its associations."""
    by_credential = {badge.credential_id: badge for badge in badges}
    names = {a.get("id"): a.get("name", "") for a in record.achievements if a.get("id")}
    shown: dict[str, ShownAchievement] = {}
    for position, item in enumerate(record.achievements):
        shown[item.get("id") or f"#{position}"] = ShownAchievement(
            name=item.get("name", ""),
            description=item.get("description", ""),
            achievement_type=item.get("achievement_type", ""),
            badge=by_credential.get(item.get("credential_id") or None),
        )
    for association in record.associations:
        source = shown.get(association.get("source_id"))
        relation = RELATIONS.get(association.get("type"))
        if source is not None and relation is not None:
            target = association.get("target_id", "")
            source.relations.append((str(relation), names.get(target) or target))
    return list(shown.values())


def delete_record(record: LearnerRecord) -> None:
    """Remove the record; its badges stay in the backpack, no longer grouped."""
    record.delete()


def verify_record_again(
    record: LearnerRecord, *, fetcher: Fetcher | None = None, now: datetime | None = None
) -> str:
    """Check the record itself with its issuer now; store and return its status.

    Its badges are checked on their own, like any badge; what the record lists is
    kept as imported.
    """
    now = now or timezone.now()
    fetcher = BudgetedFetcher(fetcher or fetching.get_fetcher())
    kind = "jws" if looks_like_jws(record.original) else "json"
    try:
        verified = verify_payload(
            PayloadText(kind, record.original),
            fetcher,
            now=now,
            raise_on_revoked=False,
            registries=trusted_registries(fetcher),
            records=True,
        )
    except ImportRefused as refusal:
        record.status, record.status_reason = Badge.Status.UNVERIFIABLE, render_refusal(refusal)
    else:
        verification = verified.credential.verification
        fields = verification_fields(verification)
        record.status, record.status_reason = fields["status"], fields["status_reason"]
        record.trust, record.trust_source = fields["trust"], fields["trust_source"]
        record.verification = fields["verification"]
    record.verified_at = now
    record.save(
        update_fields=[
            "status",
            "status_reason",
            "trust",
            "trust_source",
            "verification",
            "verified_at",
        ]
    )
    return record.status
