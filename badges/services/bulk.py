"""Bulk actions on badges the learner selected."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from badges.models import (
    Badge,
    Collection,
)
from badges.services.collections import add_to_collection
from badges.services.tags import add_tags
from badges.services.visibility import delete_badges, set_visibility

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
