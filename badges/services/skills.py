"""The skills view: alignments and tags gathered across badges."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from badges.models import (
    Badge,
    BadgeQuerySet,
    Tag,
    fold,
    tag_key,
)
from badges.services.tags import clean_tag_name

BADGES_SHOWN = 30  # badges drawn under one skill; the rest are a gallery search away


@dataclass(frozen=True)
class SkillSource:
    """What one badge says of its skills: no more of the badge is read to gather them."""

    pk: int
    alignments: list
    tags: list
    learner_tags: tuple[str, ...] = ()


def sources_of(badges: BadgeQuerySet) -> list[SkillSource]:
    """The skills ``badges`` show, in two queries however many badges there are."""
    rows = list(badges.values_list("pk", "alignments", "tags"))
    learner_tags: dict[int, list[str]] = defaultdict(list)
    through = Tag.badges.through.objects.filter(badge__in=badges.values("pk"))
    for badge_id, name in through.order_by("tag__name").values_list("badge_id", "tag__name"):
        learner_tags[badge_id].append(name)
    return [
        SkillSource(pk, alignments, tags, tuple(learner_tags.get(pk, ())))
        for pk, alignments, tags in rows
    ]


def show_badges(skills: list[Skill], badges: BadgeQuerySet) -> None:
    """Load the first BADGES_SHOWN badges of each of ``skills`` (one query) to draw them."""
    wanted = {pk for skill in skills for pk in skill.badge_ids[:BADGES_SHOWN]}
    loaded = badges.filter(pk__in=wanted).only("pk", "name", "image").in_bulk()
    for skill in skills:
        skill.badges = [loaded[pk] for pk in skill.badge_ids[:BADGES_SHOWN] if pk in loaded]


@dataclass
class Skill:
    """One skill the learner shows, and the badges that show it."""

    kind: str  # "alignment" or "tag"
    url: str = ""
    framework: str = ""
    code: str = ""
    description: str = ""
    badge_ids: list[int] = field(default_factory=list)
    badges: list[Badge] = field(default_factory=list)  # the ones drawn (show_badges)
    spellings: Counter[str] = field(default_factory=Counter, repr=False)

    @property
    def name(self) -> str:
        """The spelling most of its badges use (the first one met on a tie)."""
        return self.spellings.most_common(1)[0][0]

    @property
    def badge_count(self) -> int:
        return len(self.badge_ids)

    def add(self, badge_id: int, spelling: str, details: dict | None) -> None:
        """Count the badge once, and fill details this skill lacks from ``details``."""
        # A badge's skills arrive together, so a repeat is always the last one added.
        if not self.badge_ids or self.badge_ids[-1] != badge_id:
            self.badge_ids.append(badge_id)
            self.spellings[spelling] += 1
        if details:
            for detail in ("framework", "code", "description"):
                if not getattr(self, detail):
                    setattr(self, detail, details[detail])


def gather_skills(sources: Iterable[SkillSource]) -> list[Skill]:
    """The alignments and tags of the badges, each with its badges' ids, most evidenced
    first (see ``sources_of``).

    Alignments are the same skill when they share a URL (or, without one, a name); tags
    when their names match whatever the case, whether the issuer or the learner set them.
    """
    skills: dict[tuple[str, str], Skill] = {}
    for source in sources:
        for key, spelling, details in _skills_of(source):
            skill = skills.get(key)
            if skill is None:  # a Skill is made only for the first badge that shows it
                skill = skills[key] = Skill(kind=key[0], **(details or {}))
            skill.add(source.pk, spelling, details)
    return sorted(skills.values(), key=lambda s: (-s.badge_count, fold(s.name), s.kind))


def _skills_of(badge: SkillSource) -> Iterator[tuple[tuple[str, str], str, dict | None]]:
    """(identity, spelling, details) for each skill of a badge; a tag has no details."""
    for alignment in badge.alignments or []:
        if not isinstance(alignment, dict):
            continue
        name = str(alignment.get("name") or "").strip()
        url = str(alignment.get("url") or "").strip()
        if name or url:
            details = {
                "url": url,
                "framework": str(alignment.get("framework") or ""),
                "code": str(alignment.get("code") or ""),
                "description": str(alignment.get("description") or ""),
            }
            yield ("alignment", url or name.casefold()), name or url, details
    names = [str(tag) for tag in badge.tags or []]
    names += badge.learner_tags
    for name in filter(None, map(clean_tag_name, names)):
        yield ("tag", tag_key(name)), name, None
