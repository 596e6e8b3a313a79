"""The skills view: alignments and tags gathered across badges, counted and paged in SQL.

A skill's badges are those whose credential states it (``badges.skill_models``) or that
the learner tagged with it; revoked badges show none. Alignments are the same skill when
they share a URL (or, without one, a name whatever the case); tags when their names match
whatever the case, whether the issuer or the learner set them.

Gathering them reads every badge's skills, so the learner's skills, counted, named and
ordered, with the first badges of each, are kept in the cache under a version of their
own that moves whenever one of their badges or tags is saved or deleted (``SKILLS``, see
``connect``), as public pages are kept under theirs: an edit elsewhere (a collection, a
page, their profile, a badge's visibility) leaves them be, and a page of skills then
costs the same whatever the number of badges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from badges.models import Badge, SkillMention, Tag, fold
from passport.web import pagecache
from passport.web.tasks import enqueue

BADGES_SHOWN = 30  # badges drawn under one skill; the rest are a gallery search away
SKILLS = "skills"  # the scope of the version the kept skills follow (pagecache.bump)
# The version keeps them right, but a change made while Redis is away cannot move it:
# what was kept before comes back with Redis, for an hour at most.
KEPT_FOR = 3600
GATHER_AT_MOST_EVERY = 2  # seconds

# Each (skill, badge) once: what the issuer states (each skill once, see
# ``stated_skills``), and the learner's own tags the issuer did not already give it.
# Skills are compared byte for byte (``{binary}``); they sort by name in Python.
_FIRSTS = """
WITH firsts AS (
    SELECT m.kind{binary} AS kind, m.key{binary} AS key, m.spelling{binary} AS spelling,
           m.badge_id, m.url, m.framework, m.code, m.description, b.issued_on
    FROM {mention} m JOIN {badge} b ON b.id = m.badge_id
    WHERE b.owner_id = %(owner)s AND b.status <> %(revoked)s
  UNION ALL
    SELECT 'tag', t.key{binary}, t.name{binary}, tb.badge_id, '', '', '', '', b.issued_on
    FROM {tag_badges} tb JOIN {tag} t ON t.id = tb.tag_id JOIN {badge} b ON b.id = tb.badge_id
    WHERE t.owner_id = %(owner)s AND b.owner_id = %(owner)s AND b.status <> %(revoked)s
    AND NOT EXISTS (
        SELECT 1 FROM {mention} same WHERE same.badge_id = tb.badge_id
        AND same.kind = 'tag' AND same.key = t.key)
)
"""

# Every skill in three parts. Each skill (0): how many badges show it, and its details
# as any of them states them. Each spelling (1): how many badges use it and the first of
# them. Its first BADGES_SHOWN badges (2), in the gallery's order, with the details each
# states. One statement, so the database plans it once and gathers the mentions once.
_ALL = """, skill AS (
    SELECT kind, key, COUNT(*) AS badges, MAX(url) AS url, MAX(framework) AS framework,
           MAX(code) AS code, MAX(description) AS description,
           ROW_NUMBER() OVER (ORDER BY kind, key) AS number
    FROM firsts GROUP BY kind, key
), ranked AS (
    SELECT skill.kind, skill.key, firsts.spelling, firsts.badge_id, firsts.framework,
        firsts.code, firsts.description,
        ROW_NUMBER() OVER (PARTITION BY skill.number  -- a number sorts faster than a key
                           ORDER BY firsts.issued_on DESC NULLS LAST, firsts.badge_id DESC)
        AS shown
    FROM firsts JOIN skill ON skill.kind = firsts.kind AND skill.key = firsts.key
)
SELECT 0, kind, key, badges, NULL, url, framework, code, description, NULL
FROM skill
UNION ALL
SELECT 1, kind, key, COUNT(*), MIN(shown), spelling, NULL, NULL, NULL, NULL
FROM ranked GROUP BY kind, key, spelling
UNION ALL
SELECT 2, ranked.kind, ranked.key, ranked.shown, b.id, b.name, b.image, ranked.framework,
       ranked.code, ranked.description
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
    not a number)."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    return Paginator(kept_skills(owner_id), per_page).get_page(number)


def kept_skills(owner_id: int) -> list[Skill]:
    """Every skill of the learner, in order: kept from an earlier drawing while their
    badges and tags are unchanged, gathered anew otherwise (by the worker, ahead of the
    learner's next view, or by that view)."""
    if not settings.PUBLIC_PAGE_CACHE:  # no cache that every server shares
        return _gathered(owner_id)
    return pagecache.kept(
        owner_id, kept_key(owner_id), lambda: _gathered(owner_id), scope=SKILLS, timeout=KEPT_FOR
    )


def kept_key(owner_id: int) -> str:
    # The release digest covers the code and the migrations: a release that changes what
    # is kept (Skill's fields) or rewrites badges' skills never reads the skills kept before.
    return f"skills:{owner_id}:{pagecache.release()}"


def _gathered(owner_id: int) -> list[Skill]:
    params = {"owner": owner_id, "revoked": Badge.Status.REVOKED, "shown": BADGES_SHOWN}
    return _skills(_rows(_ALL, params))


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
    """Every skill, from the rows of _ALL: named as most of its badges spell it (the
    first shown, on a tie), described as the newest badge that describes it does, most
    evidenced first and then by name."""
    skills: dict[tuple[str, str], Skill] = {}
    names: dict[tuple[str, str], tuple] = {}
    badges: dict[tuple[str, str], list[tuple]] = {}
    for part, kind, key, first, second, *texts in rows:
        where = (kind, key)
        if part == 0:
            skills[where] = Skill(kind, key, first, "", *texts[:4])
        elif part == 1:  # the most used spelling, then the first met
            names[where] = min(names.get(where, (0, 0, "")), (-first, second, texts[0]))
        else:
            badges.setdefault(where, []).append((first, second, *texts))
    drawn: dict[int, ShownBadge] = {}  # a badge under several skills is one object
    for where, skill in skills.items():
        skill.name = names[where][2]
        shown = sorted(badges.get(where, ()))
        # Framework, code and description go together: all from one badge.
        described = next((row[4:7] for row in shown if any(row[4:7])), None)
        if described is not None:
            skill.framework, skill.code, skill.description = described
        for _, pk, name, image, *_ in shown:
            skill.badges.append(drawn.setdefault(pk, ShownBadge(pk, name, image)))
    return sorted(skills.values(), key=lambda s: (-s.badge_count, fold(s.name), s.kind, s.key))


def skills_moved(owner_id: int) -> None:
    """The learner's badges or tags changed: their kept skills are gathered again, by
    the worker once the change commits. Without a worker (tasks run eagerly) that would
    be in the writer's own request, so there the next view of the skills gathers them."""
    pagecache.bump(owner_id, SKILLS)
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.PUBLIC_PAGE_CACHE:
        return
    # Once per learner every few seconds: an import saving badge after badge sends one
    # gathering, not one per badge (a view after a later change gathers them itself).
    if cache.add(f"skills-gathering:{owner_id}", True, timeout=GATHER_AT_MOST_EVERY):
        from badges.tasks import gather_skills  # badges.tasks imports this module

        enqueue(gather_skills, owner_id)


def forget_kept_skills(user) -> None:
    """Account deletion: the skills kept for the learner go with it, not a day later."""
    cache.delete(kept_key(user.pk))


def _skills_changed(sender, instance, **kwargs) -> None:
    skills_moved(instance.owner_id)  # a Badge or a Tag: both carry their learner


def _tags_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        skills_moved(instance.owner_id)


def connect() -> None:
    """Every saved or deleted badge or tag, and every tag put on or taken off a badge,
    moves the learner's skills; the bulk writes that send no signal (the gallery's
    "Add a tag") call ``skills_moved`` themselves."""
    for model in (Badge, Tag):
        uid = f"skills-version-{model.__name__}"
        post_save.connect(_skills_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_skills_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(_tags_changed, sender=Tag.badges.through, dispatch_uid="skills-tags")
