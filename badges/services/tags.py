"""The learner's tags: one name per learner, whatever its case."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction

from badges.models import (
    Badge,
    Tag,
    tag_key,
)
from badges.services.skills import skills_moved
from badges.skill_models import note_changes
from passport.web import pagecache


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
    pagecache.bump(user.pk)  # bulk_create sends no signal
    if links:
        note_changes(user.pk, {tag.key for tag in tags})
        skills_moved(user.pk)
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
