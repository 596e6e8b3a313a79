"""Each skill a badge's own credential states, one row apiece, written when it is saved.

The skills view counts, orders and pages skills in SQL over these rows and the learner's
tags (``badges.services.skills``), so drawing it reads the skills of one page, not the
alignments and tags of every badge the learner holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import models

from badges.models import Badge, fold
from badges.organising_models import tag_key

ALIGNMENT = "alignment"
TAG = "tag"


class SkillMention(models.Model):
    """One alignment or issuer's tag of a badge, as its credential states it."""

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="skill_mentions")
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

    def __str__(self) -> str:
        return f"{self.kind}: {self.spelling}"


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
                "key": url or name.casefold(),
                "spelling": name or url,
                "url": url,
                "framework": str(alignment.get("framework") or ""),
                "code": str(alignment.get("code") or ""),
                "description": str(alignment.get("description") or ""),
            }
    for tag in tags or []:
        name = " ".join(str(tag).split())
        if name:
            yield {"kind": TAG, "key": tag_key(name), "spelling": name}


def index_skills(badges: Iterable[Badge], *, new: bool = False) -> None:
    """Write the mentions of ``badges`` anew (``new``: they have none yet)."""
    badges = list(badges)
    if not new:
        SkillMention.objects.filter(badge__in=[badge.pk for badge in badges]).delete()
    rows = [
        SkillMention(badge=badge, position=n, folded=fold(fields["spelling"])[:500], **fields)
        for badge in badges
        for n, fields in enumerate(stated_skills(badge.alignments, badge.tags))
    ]
    if rows:
        SkillMention.objects.bulk_create(rows)


def reindex_saved_badge(sender, instance: Badge, created: bool, raw: bool = False, **kwargs):
    """``post_save`` of a badge: its mentions follow its alignments and tags."""
    update_fields = kwargs.get("update_fields")
    if raw or (update_fields is not None and not {"alignments", "tags"} & set(update_fields)):
        return
    index_skills([instance], new=created)
