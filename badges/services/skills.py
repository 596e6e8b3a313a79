"""The skills view: alignments and tags gathered across badges, counted and paged in SQL.

A skill's badges are those whose credential states it (``badges.skill_models``) or that
the learner tagged with it; revoked badges show none. Alignments are the same skill when
they share a URL (or, without one, a name whatever the case); tags when their names match
whatever the case, whether the issuer or the learner set them.

Each skill the learner shows is counted once into a row of its own (``LearnerSkill``)
and counted again only when a change touches it: every save or deletion of a badge or a
tag, and every tag put on or taken off a badge, notes the keys of the skills it touches
(``SkillChange``, in the change's transaction) and, once committed, ``settle`` counts
those skills again (the worker, or the writer's request without one). A view settles
what is still noted before it reads, so it never shows a count from before a change it
can see; a page of skills then reads its own rows, whatever the number of badges.

The drawn page is kept under a version of its own that moves with each such change
(``SKILLS``), as public pages are kept under theirs: an edit elsewhere (a collection, a
page, their profile, the gallery's "make public") leaves it be.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from badges.models import Badge, LearnerSkill, SkillChange, SkillMention, Tag, fold
from badges.skill_models import index_skills, note_changes
from passport.web import pagecache
from passport.web.lookups import PreparedSQL
from passport.web.tasks import enqueue

BADGES_SHOWN = 30  # badges drawn under one skill; the rest are a gallery search away
SKILLS = "skills"  # the scope of the version the drawn skills follow (pagecache.bump)
SETTLE_AT_MOST_EVERY = 2  # seconds between settlings a learner's changes send the worker
# Past this many keys, a settling counts every skill of the learner: one statement over
# all their badges costs less than a list of keys that long.
KEYS_AT_MOST = 500

# Each (skill, badge) once: what the issuer states (each skill once, see
# ``stated_skills``), and the learner's own tags the issuer did not already give it.
# Skills are compared byte for byte (``{binary}``); they sort by name in Python.
_FIRSTS = """
WITH firsts AS (
    SELECT m.kind{binary} AS kind, m.key{binary} AS key, m.spelling{binary} AS spelling,
           m.badge_id, m.url, m.framework, m.code, m.description, b.issued_on
    FROM {mention} m JOIN {badge} b ON b.id = m.badge_id
    WHERE m.owner_id = %(owner)s AND b.owner_id = %(owner)s AND b.status <> %(revoked)s
    {only_mentions}
  UNION ALL
    SELECT 'tag', t.key{binary}, t.name{binary}, tb.badge_id, '', '', '', '', b.issued_on
    FROM {tag_badges} tb JOIN {tag} t ON t.id = tb.tag_id JOIN {badge} b ON b.id = tb.badge_id
    WHERE t.owner_id = %(owner)s AND b.owner_id = %(owner)s AND b.status <> %(revoked)s{only_tags}
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

_COUNT_AND_CHANGES = """
SELECT (SELECT COUNT(*) FROM {skill} WHERE owner_id = %(owner)s),
       EXISTS (SELECT 1 FROM {change} WHERE owner_id = %(owner)s)
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


class CountedSkill:
    """One skill of a page of the skills view, as ``settle`` counted it."""

    # The columns of _PAGE; ``shown`` the JSON text of the badges it draws.
    COLUMNS = ("kind", "key", "badge_count", "name", "url", "framework", "code", "description")
    COLUMNS += ("shown",)

    def __init__(self, *values) -> None:
        self.__dict__.update(zip(self.COLUMNS, values, strict=True))

    @functools.cached_property
    def badges(self) -> list[ShownBadge]:
        # Read only to draw it: a skill drawn before is found by its text (drawn_from).
        shown = json.loads(self.shown) if isinstance(self.shown, str) else self.shown
        return [ShownBadge(*badge) for badge in shown]

    @property
    def drawn_from(self) -> tuple:
        """All that its part of the skills view is drawn from, as plain values."""
        return tuple(self.__dict__[name] for name in self.COLUMNS)


def skills_page(owner_id: int, number, per_page: int) -> Page:
    """Page ``number`` of a learner's skills (the last one if past the end, the first if
    not a number), most evidenced first and then by name."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    count, changed = _count_and_changes(owner_id)
    if changed:  # a change the worker has not counted yet (or is counting now)
        settle(owner_id)
        count = LearnerSkill.objects.filter(owner_id=owner_id).count()
    page = Paginator(_Counted(owner_id, count), per_page).get_page(number)
    page.object_list = [CountedSkill(*row) for row in page.object_list]
    return page


def _count_and_changes(owner_id: int) -> tuple[int, bool]:
    """How many skills the learner has counted, and whether a change is yet to count:
    one statement."""
    with connection.cursor() as cursor:
        _statement(_COUNT_AND_CHANGES, connection.vendor).execute(cursor, {"owner": owner_id})
        count, changed = cursor.fetchone()
    return count, bool(changed)


class _Counted:
    """The learner's counted skills in order, for the Paginator: it slices them, and
    asks no count. Read by a statement of our own: building the ORM's, with its
    collations, cost more than running it."""

    def __init__(self, owner_id: int, count: int) -> None:
        self.owner_id, self._count = owner_id, count

    def count(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[tuple]:
        params = {"owner": self.owner_id, "offset": index.start, "limit": index.stop - index.start}
        with connection.cursor() as cursor:
            _statement(_PAGE, connection.vendor).execute(cursor, params)
            return cursor.fetchall()


@functools.lru_cache(maxsize=8)
def _statement(sql: str, vendor: str) -> PreparedSQL:
    tables = {
        "skill": LearnerSkill._meta.db_table,
        "change": SkillChange._meta.db_table,
        "learner": get_user_model()._meta.db_table,
    }
    return PreparedSQL(
        sql.format(binary=' COLLATE "C"' if vendor == "postgresql" else "", **tables)
    )


# Names compare byte for byte, as Python compares them, on PostgreSQL too.
_PAGE = """
SELECT kind, key, badge_count, name, url, framework, code, description, shown FROM {skill}
WHERE owner_id = %(owner)s ORDER BY badge_count DESC, folded{binary}, kind{binary}, key{binary}
LIMIT %(limit)s OFFSET %(offset)s
"""


def settle(owner_id: int) -> None:
    """Count again the skills the learner's noted changes touch. Safe to run twice, and
    at once in several places: one learner's settlings take turns (the learner's row is
    locked first, as deleting the account locks it first; the lock lets their other
    writes through), each takes away the notes it counts, and a change noted meanwhile
    is left for the settling its own commit sends."""
    with transaction.atomic():
        take = _TAKE_NOTES_LOCKED if connection.vendor == "postgresql" else _TAKE_NOTES
        with connection.cursor() as cursor:
            _statement(take, connection.vendor).execute(cursor, {"owner": owner_id})
            keys = sorted({key for (key,) in cursor.fetchall()})
        if not keys:  # none, or the account is gone (and its notes with it)
            return
        every = len(keys) > KEYS_AT_MOST
        counted = _gathered(owner_id, None if every else keys)
        rows = [
            {
                "kind": skill.kind,
                "key": skill.key,
                "badge_count": skill.badge_count,
                "name": skill.name,
                "folded": fold(skill.name)[:500],
                "url": skill.url,
                "framework": skill.framework,
                "code": skill.code,
                "description": skill.description,
                "shown": [[badge.pk, badge.name, badge.image] for badge in skill.badges],
            }
            for skill in counted
        ]
        if connection.vendor == "postgresql":  # one statement, prepared
            params = {"owner": owner_id, "every": every, "keys": keys, "rows": json.dumps(rows)}
            with connection.cursor() as cursor:
                _statement(_REPLACE_SKILLS, connection.vendor).execute(cursor, params)
            return
        old = LearnerSkill.objects.filter(owner_id=owner_id)
        (old if every else old.filter(key__in=keys)).delete()
        LearnerSkill.objects.bulk_create(LearnerSkill(owner_id=owner_id, **row) for row in rows)


# The skills of the keys taken (or all the learner's) replaced by those counted now.
_REPLACE_SKILLS = """
WITH gone AS (
    DELETE FROM {skill} WHERE owner_id = %(owner)s AND (%(every)s OR key = ANY(%(keys)s))
)
INSERT INTO {skill} (owner_id, kind, key, badge_count, name, folded, url, framework, code,
                     description, shown)
SELECT %(owner)s, kind, key, badge_count, name, folded, url, framework, code, description, shown
FROM jsonb_to_recordset(%(rows)s::jsonb) AS counted(
    kind text, key text, badge_count integer, name text, folded text, url text,
    framework text, code text, description text, shown jsonb)
"""


# SQLite has no row locks: its writing transactions take turns as a whole.
_TAKE_NOTES = "DELETE FROM {change} WHERE owner_id = %(owner)s RETURNING key"
_TAKE_NOTES_LOCKED = """
WITH learner AS (SELECT id FROM {learner} WHERE id = %(owner)s FOR NO KEY UPDATE)
DELETE FROM {change} WHERE owner_id = (SELECT id FROM learner) RETURNING key
"""


def _gathered(owner_id: int, keys: list[str] | None) -> list[Skill]:
    """The skills of ``keys`` (of any kind; all the learner's with None), counted."""
    params = {"owner": owner_id, "revoked": Badge.Status.REVOKED, "shown": BADGES_SHOWN}
    if keys is None:
        only = ""
    elif connection.vendor == "postgresql":  # one statement, prepared, for any keys
        params["keys"] = list(keys)
        only = "= ANY(%(keys)s)"
    else:
        params |= {f"key{n}": key for n, key in enumerate(keys)}
        only = "IN ({})".format(", ".join(f"%(key{n})s" for n in range(len(keys))))
    with connection.cursor() as cursor:
        _gathering(connection.vendor, only).execute(cursor, params)
        return _skills(cursor.fetchall())


@functools.lru_cache(maxsize=64)
def _gathering(vendor: str, only: str) -> PreparedSQL:
    """The statement of _ALL over the mentions of some keys (``only``) or of all."""
    tables = {
        "binary": ' COLLATE "C"' if vendor == "postgresql" else "",
        "mention": SkillMention._meta.db_table,
        "badge": Badge._meta.db_table,
        "tag": Tag._meta.db_table,
        "tag_badges": Tag.badges.through._meta.db_table,
        "only_mentions": f"AND m.key {only}" if only else "",
        "only_tags": f" AND t.key {only}" if only else "",
    }
    return PreparedSQL((_FIRSTS + _ALL).format(**tables))


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
    """The learner's badges or tags changed (their changes noted): the drawn skills are
    drawn again, and the noted changes settled once the change commits, by the worker or,
    without one, in the writer's own request. Once per learner every few seconds: an
    import saving badge after badge sends one settling, not one per badge (a view
    settles what came after)."""
    pagecache.bump(owner_id, SKILLS)
    if cache.add(f"skills-settling:{owner_id}", True, timeout=SETTLE_AT_MOST_EVERY):
        from badges.tasks import settle_skills  # badges.tasks imports this module

        enqueue(settle_skills, owner_id)


def _tag_keys(badge_ids: Iterable[int]) -> list[str]:
    return list(Tag.objects.filter(badges__in=list(badge_ids)).values_list("key", flat=True))


def _badge_saved(sender, instance: Badge, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    fields = kwargs.get("update_fields")
    indexed = fields is None or bool({"alignments", "tags"} & set(fields))
    if indexed:
        index_skills([instance], new=created)  # notes what it mentioned and mentions now
    if not created and (fields is None or {"status", "issued_on", "name", "image"} & set(fields)):
        # Revoked or back, moved among its skills' first badges, or drawn otherwise
        # there (its skills keep its name and image): all its skills.
        mentioned = [] if indexed else instance.skill_mentions.values_list("key", flat=True)
        note_changes(instance.owner_id, [*mentioned, *_tag_keys([instance.pk])])
    # Moved by every save: the gallery's issuers are kept under this version too.
    skills_moved(instance.owner_id)


def _badge_deleted(sender, instance: Badge, **kwargs) -> None:
    mentioned = instance.skill_mentions.values_list("key", flat=True)
    note_changes(instance.owner_id, [*mentioned, *_tag_keys([instance.pk])])


def _badge_gone(sender, instance: Badge, **kwargs) -> None:
    skills_moved(instance.owner_id)


def _learner_deleted(sender, instance, **kwargs) -> None:
    # Their badges' deletion noted the names of their skills: those go with them.
    SkillChange.objects.filter(owner_id=instance.pk).delete()


def _tag_saving(sender, instance: Tag, raw: bool = False, **kwargs) -> None:
    # Noted with the new one after the save: a save outside a transaction would leave
    # the note of the old key settled before the rename.
    if instance.pk is not None and not raw:
        before = Tag.objects.filter(pk=instance.pk).values_list("key", flat=True)
        instance._key_before = before.first()


def _tag_saved(sender, instance: Tag, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or created:  # a new tag is on no badge yet
        return
    before = instance.__dict__.pop("_key_before", None)
    note_changes(instance.owner_id, [key for key in (before, instance.key) if key])
    skills_moved(instance.owner_id)


def _tag_deleted(sender, instance: Tag, **kwargs) -> None:
    note_changes(instance.owner_id, [instance.key])
    skills_moved(instance.owner_id)


def _tags_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """A tag put on or taken off badges (``instance`` a Tag), or badges' tags changed
    (``instance`` a Badge, ``pk_set`` its tags)."""
    if action == "pre_clear":  # which tags go is known only before
        instance._keys_cleared = [instance.key] if not reverse else _tag_keys([instance.pk])
        return
    if not action.startswith("post_"):
        return
    if action == "post_clear":
        keys = instance.__dict__.pop("_keys_cleared", [])
    elif not reverse:
        keys = [instance.key]
    else:
        keys = list(Tag.objects.filter(pk__in=pk_set).values_list("key", flat=True))
    note_changes(instance.owner_id, keys)
    skills_moved(instance.owner_id)


def connect() -> None:
    """Every saved or deleted badge or tag, and every tag put on or taken off a badge,
    notes what it changes; the bulk writes that send no signal (the gallery's "Add a
    tag") note it and call ``skills_moved`` themselves."""
    post_save.connect(_badge_saved, sender=Badge, dispatch_uid="skills-badge-save")
    pre_delete.connect(_badge_deleted, sender=Badge, dispatch_uid="skills-badge-delete")
    post_delete.connect(_badge_gone, sender=Badge, dispatch_uid="skills-badge-gone")
    post_delete.connect(
        _learner_deleted, sender=get_user_model(), dispatch_uid="skills-learner-deleted"
    )
    pre_save.connect(_tag_saving, sender=Tag, dispatch_uid="skills-tag-saving")
    post_save.connect(_tag_saved, sender=Tag, dispatch_uid="skills-tag-save")
    post_delete.connect(_tag_deleted, sender=Tag, dispatch_uid="skills-tag-delete")
    m2m_changed.connect(_tags_changed, sender=Tag.badges.through, dispatch_uid="skills-tags")
