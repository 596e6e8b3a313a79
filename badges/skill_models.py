"""Each skill a badge's own credential states, one row apiece, written when it is saved;
and each skill a learner shows, counted, written again when one of its badges changes.

A change to a learner's badges or tags notes the keys of the skills it touches
(``SkillChange``), in its own transaction; ``badges.services.skills.settle`` counts
those skills again from the mentions and the learner's tags into ``LearnerSkill``. A
page of skills then reads its own rows, whatever the number of badges.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import models

from badges.models import Badge, fold
from badges.organising_models import tag_key

ALIGNMENT = "alignment"
TAG = "tag"
# A longer key (an alignment's URL, say) is kept as its digest: the learner's skills are
# found by an index over their keys, and an index entry has a size limit.
KEY_AT_MOST = 400


class SkillMention(models.Model):
    """One alignment or issuer's tag of a badge, as its credential states it."""

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="skill_mentions")
    owner_id = models.BigIntegerField()  # the badge's: a learner's skills are found by it
    kind = models.CharField(max_length=10)  # ALIGNMENT or TAG
    # What makes two mentions one skill: an alignment's URL (or, without one, its name
    # whatever the case); a tag's name whatever its case and inner spacing.
    key = models.TextField()
    spelling = models.TextField()  # the name as this badge writes it
    folded = models.CharField(max_length=500)  # the name as sorting compares it
    position = models.PositiveIntegerField()  # its place among the badge's mentions
    url = models.TextField(blank=True)
    framework = models.TextField(blank=True)
    code = models.TextField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["badge", "position"]
        indexes = [models.Index(fields=["owner_id", "key"], name="skill_mention_owner_key")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.spelling}"


class LearnerSkill(models.Model):
    """One skill a learner's badges show, as the skills view lists it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)  # ALIGNMENT or TAG
    key = models.TextField()
    badge_count = models.PositiveIntegerField()
    name = models.TextField()  # the spelling most of its badges use
    folded = models.CharField(max_length=500)  # the name as sorting compares it
    url = models.TextField(blank=True)
    framework = models.TextField(blank=True)
    code = models.TextField(blank=True)
    description = models.TextField(blank=True)
    shown = models.JSONField(default=list)  # [id, name, image] of the badges it draws

    class Meta:
        indexes = [models.Index(fields=["owner", "-badge_count"], name="learner_skill_order")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"


class SkillChange(models.Model):
    """The key of a skill of a learner whose badges or tags changed, not yet counted again.

    A plain number, not a foreign key, for the learner: deleting an account deletes its
    badges, and the changes each deletion notes must not hold the account back."""

    owner_id = models.BigIntegerField(db_index=True)
    key = models.TextField()

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.key}"


def note_changes(owner_id: int, keys: Iterable[str]) -> None:
    """The skills of ``keys`` must be counted again for the learner."""
    SkillChange.objects.bulk_create([SkillChange(owner_id=owner_id, key=key) for key in set(keys)])


def stated_skills(alignments, tags) -> Iterator[dict]:
    """The skills a credential's alignments and tags state, each once (its first
    mention), as ``SkillMention`` fields; an alignment with neither a name nor a URL, or
    an empty tag, states none."""
    seen = set()
    for fields in _mentions(alignments, tags):
        if (fields["kind"], fields["key"]) not in seen:
            seen.add((fields["kind"], fields["key"]))
            yield fields


def _mentions(alignments, tags) -> Iterator[dict]:
    for alignment in alignments or []:
        if not isinstance(alignment, dict):
            continue
        name = str(alignment.get("name") or "").strip()
        url = str(alignment.get("url") or "").strip()
        if name or url:
            yield {
                "kind": ALIGNMENT,
                "key": bounded_key(url or name.casefold()),
                "spelling": name or url,
                "url": url,
                "framework": str(alignment.get("framework") or ""),
                "code": str(alignment.get("code") or ""),
                "description": str(alignment.get("description") or ""),
            }
    for tag in tags or []:
        name = " ".join(str(tag).split())
        if name:
            yield {"kind": TAG, "key": bounded_key(tag_key(name)), "spelling": name}


def bounded_key(key: str) -> str:
    """``key``, or its digest when longer than KEY_AT_MOST: equal keys, equal digests."""
    if len(key) <= KEY_AT_MOST:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def index_skills(badges: Iterable[Badge], *, new: bool = False) -> None:
    """Write the mentions of ``badges`` anew (``new``: they have none yet), noting the
    skills they mentioned and mention now as changed."""
    badges = list(badges)
    owners = {badge.pk: badge.owner_id for badge in badges}
    changed: dict[int, set[str]] = {}
    if not new:
        mentions = SkillMention.objects.filter(badge__in=list(owners))
        for badge_id, key in mentions.values_list("badge_id", "key"):
            changed.setdefault(owners[badge_id], set()).add(key)
        mentions.delete()
    rows = [
        SkillMention(
            badge=badge,
            owner_id=badge.owner_id,
            position=n,
            folded=fold(fields["spelling"])[:500],
            **fields,
        )
        for badge in badges
        for n, fields in enumerate(stated_skills(badge.alignments, badge.tags))
    ]
    if rows:
        SkillMention.objects.bulk_create(rows)
    for row in rows:
        changed.setdefault(row.badge.owner_id, set()).add(row.key)
    for owner_id, keys in changed.items():
        note_changes(owner_id, keys)
