"""The skills view: alignments and tags gathered across badges."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from badges.models import (
    Badge,
    tag_key,
)
from badges.services.tags import clean_tag_name


@dataclass
class Skill:
    """One skill the learner shows, and the badges that show it."""

    kind: str  # "alignment" or "tag"
    url: str = ""
    framework: str = ""
    code: str = ""
    description: str = ""
    badges: list[Badge] = field(default_factory=list)
    spellings: Counter[str] = field(default_factory=Counter, repr=False)

    @property
    def name(self) -> str:
        """The spelling most of its badges use (the first one met on a tie)."""
        return self.spellings.most_common(1)[0][0]

    @property
    def badge_count(self) -> int:
        return len(self.badges)

    def add(self, badge: Badge, spelling: str, seen: Skill) -> None:
        """Count ``badge`` once, and fill details this skill lacks from ``seen``."""
        # A badge's skills arrive together, so a repeat is always the last one added.
        if not self.badges or self.badges[-1].pk != badge.pk:
            self.badges.append(badge)
            self.spellings[spelling] += 1
        for detail in ("framework", "code", "description"):
            if not getattr(self, detail):
                setattr(self, detail, getattr(seen, detail))


def gather_skills(badges: Iterable[Badge]) -> list[Skill]:
    """The alignments and tags of ``badges``, each with its badges, most evidenced first.

    Alignments are the same skill when they share a URL (or, without one, a name); tags
    when their names match whatever the case, whether the issuer or the learner set them.
    ``badges`` should come with their class and learner tags loaded (``for_gallery()``).
    """
    skills: dict[tuple[str, str], Skill] = {}
    for badge in badges:
        for key, spelling, skill in _skills_of(badge):
            skills.setdefault(key, skill).add(badge, spelling, skill)
    return sorted(skills.values(), key=lambda s: (-s.badge_count, s.name.casefold(), s.kind))


def _skills_of(badge: Badge) -> Iterator[tuple[tuple[str, str], str, Skill]]:
    """(identity, spelling, a new Skill in case it is the first) for each skill of a badge."""
    for alignment in badge.alignments or []:
        if not isinstance(alignment, dict):
            continue
        name = str(alignment.get("name") or "").strip()
        url = str(alignment.get("url") or "").strip()
        if name or url:
            skill = Skill(
                kind="alignment",
                url=url,
                framework=str(alignment.get("framework") or ""),
                code=str(alignment.get("code") or ""),
                description=str(alignment.get("description") or ""),
            )
            yield ("alignment", url or name.casefold()), name or url, skill
    names = [str(tag) for tag in badge.tags or []]
    names += [tag.name for tag in badge.learner_tags.all()]
    for name in filter(None, map(clean_tag_name, names)):
        yield ("tag", tag_key(name)), name, Skill(kind="tag")
