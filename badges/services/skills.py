"""The skills view: alignments and tags gathered across badges, counted and paged in SQL.

A skill's badges are those whose credential states it (``badges.skill_models``) or that
the learner tagged with it; revoked badges show none. Alignments are the same skill when
they share a URL (or, without one, a name whatever the case); tags when their names match
whatever the case, whether the issuer or the learner set them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection

from badges.models import Badge, SkillMention, Tag

BADGES_SHOWN = 30  # badges drawn under one skill; the rest are a gallery search away

# Each (skill, badge) once: what the issuer states (each skill once, see
# ``stated_skills``), and the learner's own tags the issuer did not already give it.
# Skills are compared byte for byte (``{binary}``): only their names sort as words.
_FIRSTS = """
WITH firsts AS (
    SELECT m.kind{binary} AS kind, m.key{binary} AS key, m.spelling{binary} AS spelling,
           m.folded, m.badge_id, m.url, m.framework, m.code, m.description, b.issued_on
    FROM {mention} m JOIN {badge} b ON b.id = m.badge_id
    WHERE b.owner_id = %(owner)s AND b.status <> %(revoked)s
  UNION ALL
    SELECT 'tag', t.key{binary}, t.name{binary}, t.folded, tb.badge_id, '', '', '', '',
           b.issued_on
    FROM {tag_badges} tb JOIN {tag} t ON t.id = tb.tag_id JOIN {badge} b ON b.id = tb.badge_id
    WHERE t.owner_id = %(owner)s AND b.status <> %(revoked)s AND NOT EXISTS (
        SELECT 1 FROM {mention} same WHERE same.badge_id = tb.badge_id
        AND same.kind = 'tag' AND same.key = t.key)
)
"""

_COUNT = "SELECT COUNT(*) FROM (SELECT 1 FROM firsts GROUP BY kind, key) AS skills"

# One page of skills in three parts. Each skill (0): how many skills there are in all,
# its badges, its details and what it sorts by (most evidenced first; among as many
# badges, by the first of its spellings). Each spelling (1): how many badges use it and
# the first of them. Its first BADGES_SHOWN badges (2), in the gallery's order. One
# statement, so the database plans it once and gathers the mentions once; grouped, not
# sorted, wherever it can be.
_PAGE = """, skill AS (
    SELECT kind, key, COUNT(*) AS badges, MIN(folded) AS sort_name,
           COUNT(*) OVER () AS skills, MAX(url) AS url, MAX(framework) AS framework,
           MAX(code) AS code, MAX(description) AS description,
           ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, MIN(folded), kind) AS number
    FROM firsts GROUP BY kind, key
    ORDER BY badges DESC, sort_name, kind LIMIT %(limit)s OFFSET %(offset)s
), ranked AS (
    SELECT skill.kind, skill.key, firsts.spelling, firsts.badge_id,
        ROW_NUMBER() OVER (PARTITION BY skill.number  -- a number sorts faster than a key
                           ORDER BY firsts.issued_on DESC NULLS LAST, firsts.badge_id DESC)
        AS shown
    FROM firsts JOIN skill ON skill.kind = firsts.kind AND skill.key = firsts.key
)
SELECT 0, kind, key, skills, badges, sort_name, url, framework, code, description
FROM skill
UNION ALL
SELECT 1, kind, key, COUNT(*), MIN(shown), spelling, NULL, NULL, NULL, NULL
FROM ranked GROUP BY kind, key, spelling
UNION ALL
SELECT 2, ranked.kind, ranked.key, ranked.shown, b.id, b.name, b.image, NULL, NULL, NULL
FROM ranked JOIN {badge} b ON b.id = ranked.badge_id WHERE ranked.shown <= %(shown)s
"""


@dataclass
class ShownBadge:
    """What a skill draws of one of its badges (``mini_badge``)."""

    pk: int
    name: str
    image: str


@dataclass
class Skill:
    """One skill the learner shows, and the first BADGES_SHOWN badges that show it."""

    kind: str  # "alignment" or "tag"
    key: str
    badge_count: int
    name: str = ""  # the spelling most of its badges use (the first met on a tie)
    url: str = ""
    framework: str = ""
    code: str = ""
    description: str = ""
    badges: list[ShownBadge] = field(default_factory=list)


def skills_page(owner_id: int, number, per_page: int) -> Page:
    """Page ``number`` of a learner's skills (the last one if past the end, the first if
    not a number), counted and sliced by the database: a page costs about the same
    however many badges there are."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    params = {"owner": owner_id, "revoked": Badge.Status.REVOKED, "shown": BADGES_SHOWN}
    rows = _rows(_PAGE, params | {"limit": per_page, "offset": (number - 1) * per_page})
    if not rows and number > 1:  # past the end: the last page
        total = _rows(_COUNT, params)[0][0]
        number = max(1, -(-total // per_page))
        rows = _rows(_PAGE, params | {"limit": per_page, "offset": (number - 1) * per_page})
    paginator = Paginator((), per_page)
    paginator.count = rows[0][3] if rows else 0  # Paginator.count is a cached property
    return Page(_skills(rows), number, paginator)


def _rows(query: str, params: dict) -> list[tuple]:
    tables = {
        "binary": ' COLLATE "C"' if connection.vendor == "postgresql" else "",
        "mention": SkillMention._meta.db_table,
        "badge": Badge._meta.db_table,
        "tag": Tag._meta.db_table,
        "tag_badges": Tag.badges.through._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute((_FIRSTS + query).format(**tables), params)
        return cursor.fetchall()


def _skills(rows: list[tuple]) -> list[Skill]:
    """The skills of a page, named, with their details and badges, from its rows."""
    skills: dict[tuple[str, str], Skill] = {}
    order: dict[tuple[str, str], tuple] = {}
    names: dict[tuple[str, str], tuple] = {}
    badges: dict[tuple[str, str], list[tuple]] = {}
    for part, kind, key, first, second, *texts in rows:
        where = (kind, key)
        if part == 0:
            sort_name, url, framework, code, description = texts
            skills[where] = Skill(kind, key, second, "", url, framework, code, description)
            order[where] = (-second, sort_name, kind)
        elif part == 1:  # the most used spelling, then the first met
            names[where] = min(names.get(where, (0, 0, "")), (-first, second, texts[0]))
        else:
            badges.setdefault(where, []).append((first, second, texts[0], texts[1]))
    drawn: dict[int, ShownBadge] = {}  # a badge under several skills is one object
    for where, skill in skills.items():
        skill.name = names[where][2]
        for _, pk, name, image in sorted(badges.get(where, ())):
            skill.badges.append(drawn.setdefault(pk, ShownBadge(pk, name, image)))
    return sorted(skills.values(), key=lambda skill: order[(skill.kind, skill.key)])
