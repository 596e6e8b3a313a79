"""Organising a backpack: the learner's tags, collections, bulk changes, evidence and skills.

Plain functions over models; the views call them and say what happened. Every function
takes objects already scoped to their owner (the views' ``_get_<thing>_for_user``), or the
user and raw ids, which it scopes itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, QuerySet

from badges.models import (
    Badge,
    Collection,
    CollectionItem,
    Tag,
    tag_key,
)
from badges.ordering import move_item

# --- Tags ----------------------------------------------------------------------------------


def clean_tag_name(name: str) -> str:
    """A tag name as stored: inner spacing collapsed, outer spacing gone."""
    return " ".join(name.split())


def get_or_create_tag(user, name: str) -> Tag:
    """The learner's tag called ``name`` (whatever its case), created if new."""
    name = clean_tag_name(name)
    tag = Tag.objects.owned_by(user).filter(key=tag_key(name)).first()
    if tag is not None:
        return tag
    try:
        with transaction.atomic():  # a savepoint, so a lost race leaves the caller usable
            return Tag.objects.create(owner=user, name=name)
    except IntegrityError:  # the same tag created meanwhile (another tab, say)
        return Tag.objects.owned_by(user).get(key=tag_key(name))


@transaction.atomic
def add_tags(badges: Iterable[Badge], user, names: Sequence[str]) -> list[Tag]:
    """Put each named tag (created if needed) on every badge; existing links stay."""
    badge_ids = [badge.pk for badge in badges]
    tags = [get_or_create_tag(user, name) for name in names]
    through = Tag.badges.through
    existing = set(
        through.objects.filter(tag__in=tags, badge_id__in=badge_ids).values_list(
            "tag_id", "badge_id"
        )
    )
    links = [
        through(tag_id=tag.pk, badge_id=badge_id)
        for tag in tags
        for badge_id in badge_ids
        if (tag.pk, badge_id) not in existing
    ]
    through.objects.bulk_create(links, ignore_conflicts=True)
    return tags


def remove_tag(badge: Badge, tag: Tag) -> None:
    tag.badges.remove(badge)


@transaction.atomic
def rename_tag(tag: Tag, new_name: str) -> Tag:
    """Rename ``tag``; if the learner already has a tag of that name, merge into it.

    Returns the tag that now carries the name (``tag`` itself, or the one merged into).
    """
    new_name = clean_tag_name(new_name)
    same = Tag.objects.owned_by(tag.owner).filter(key=tag_key(new_name)).exclude(pk=tag.pk).first()
    if same is None:
        tag.name = new_name
        tag.save(update_fields=["name", "key"])
        return tag
    same.badges.add(*tag.badges.all())
    tag.delete()
    return same


def delete_tag(tag: Tag) -> None:
    """Delete the tag; the badges it labelled stay."""
    tag.delete()


# --- Collections ---------------------------------------------------------------------------


@transaction.atomic
def add_to_collection(collection: Collection, badges: Iterable[Badge]) -> int:
    """Append the badges not yet in ``collection`` at its end; returns how many were added."""
    present = set(collection.items.values_list("badge_id", flat=True))
    last = collection.items.aggregate(last=Max("position"))["last"]
    start = -1 if last is None else last
    new_ids = []
    for badge in badges:
        if badge.pk not in present and badge.pk not in new_ids:
            new_ids.append(badge.pk)
    items = [
        CollectionItem(collection=collection, badge_id=badge_id, position=start + offset)
        for offset, badge_id in enumerate(new_ids, start=1)
    ]
    CollectionItem.objects.bulk_create(items, ignore_conflicts=True)
    if new_ids:
        collection.save(update_fields=["updated_at"])
    return len(new_ids)


def remove_from_collection(collection: Collection, badge: Badge) -> bool:
    deleted, _ = collection.items.filter(badge=badge).delete()
    if deleted:
        collection.save(update_fields=["updated_at"])
    return bool(deleted)


@transaction.atomic
def move_in_collection(collection: Collection, badge: Badge, direction: str) -> bool:
    """Swap the badge with its neighbour above or below; False when it cannot move."""
    items = list(collection.items.select_for_update())
    moved = move_item(items, lambda item: item.badge_id == badge.pk, direction)
    if moved:
        collection.save(update_fields=["updated_at"])
    return moved


def set_collection_visibility(collection: Collection, visibility: str) -> None:
    collection.visibility = visibility
    collection.save(update_fields=["visibility", "updated_at"])


# --- Visibility and deletion --------------------------------------------------------------


def set_visibility(badges: QuerySet[Badge], visibility: str) -> int:
    """Make the badges public or private; returns how many changed."""
    return badges.exclude(visibility=visibility).update(visibility=visibility)


def delete_badges(badges: QuerySet[Badge]) -> int:
    """Delete the learner's badges and, once that is committed, their stored files.

    Each badge's original file and image are its own; nothing another learner holds is
    touched. Collections, tags links and the learner's evidence go with it.
    """
    storage = Badge._meta.get_field("original_file").storage
    with transaction.atomic():
        rows = badges.values_list("original_file", "image")
        names = [name for row in rows for name in row if name]
        _, deleted = badges.delete()
        transaction.on_commit(lambda: _delete_files(storage, names))
    return deleted.get(Badge._meta.label, 0)


def _delete_files(storage, names: Iterable[str]) -> None:
    for name in names:
        storage.delete(name)  # a file already gone is not an error


# --- Bulk actions --------------------------------------------------------------------------

BULK_TAG = "tag"
BULK_COLLECTION = "collection"
BULK_PUBLIC = "public"
BULK_PRIVATE = "private"
BULK_DELETE = "delete"


def owned_badges(user, badge_ids: Iterable[int]) -> QuerySet[Badge]:
    """The badges among ``badge_ids`` that belong to ``user``; others are ignored."""
    return Badge.objects.owned_by(user).filter(pk__in=list(badge_ids))


def apply_bulk(
    user,
    action: str,
    badge_ids: Iterable[int],
    *,
    tag_name: str = "",
    collection: Collection | None = None,
) -> int:
    """Apply one bulk action to the learner's badges among ``badge_ids``; returns the count."""
    badges = owned_badges(user, badge_ids)
    if action == BULK_TAG:
        selected = list(badges)
        add_tags(selected, user, [tag_name])
        return len(selected)
    if action == BULK_COLLECTION:
        if collection is None or collection.owner_id != user.pk:
            raise ValueError("collection of another learner")
        selected = list(badges.order_by("-issued_on", "-pk"))
        add_to_collection(collection, selected)
        return len(selected)
    if action in (BULK_PUBLIC, BULK_PRIVATE):
        count = badges.count()
        set_visibility(badges, action)
        return count
    if action == BULK_DELETE:
        return delete_badges(badges)
    raise ValueError(f"unknown bulk action {action!r}")


# --- Skills --------------------------------------------------------------------------------


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


# --- The gallery ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuerGroup:
    """One issuer of the learner's badges, grouped by the identifier the badges state."""

    pk: str  # Badge.issuer_key
    name: str
    badge_count: int

    def __str__(self) -> str:
        return self.name


def issuers_of(user) -> list[IssuerGroup]:
    """The issuers of the learner's badges, with how many each issued, by name."""
    rows = (
        Badge.objects.owned_by(user)
        .order_by()
        .values("issuer_key")
        .annotate(
            badge_count=Count("pk"),
            name=Max("issuer_name"),
            url=Max("issuer_url"),
            identifier=Max("issuer_identifier"),
        )
    )
    groups = [
        IssuerGroup(
            row["issuer_key"],
            row["name"] or row["url"] or row["identifier"],
            row["badge_count"],
        )
        for row in rows
    ]
    return sorted(groups, key=lambda g: (g.name.casefold(), g.pk))


def filter_badges(
    badges: QuerySet[Badge],
    *,
    q: str = "",
    tag: str | int = "",
    collection: str | int = "",
    issuer: str | int = "",
    status: str = "",
    visibility: str = "",
    sort: str = "",
) -> QuerySet[Badge]:
    """Narrow and order ``badges`` by the gallery's search, filters and sort.

    Ids are expected to be already checked against the learner's own tags, collections
    and issuers (the gallery form does that).
    """
    if q:
        badges = badges.search(q)
    if tag:
        badges = badges.filter(learner_tags=tag)
    if collection:
        badges = badges.filter(collection_items__collection=collection)
    if issuer:
        badges = badges.filter(issuer_key=issuer)
    if status:
        badges = badges.filter(status=status)
    if visibility:
        badges = badges.filter(visibility=visibility)
    return badges.sorted_by(sort)
