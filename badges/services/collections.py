"""Collections: named, ordered sets of the learner's badges."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from badges.models import (
    Badge,
    Collection,
    CollectionItem,
)
from badges.ordering import move_item


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
