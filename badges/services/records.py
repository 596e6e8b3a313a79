"""Reading a stored learner record for its page: achievements with their relations."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from badges.models import Badge, LearnerRecord

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
