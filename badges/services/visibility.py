"""Making badges public or private, and deleting them with their files."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet

from badges.models import (
    Badge,
)
from passport.web import pagecache


def set_visibility(badges: QuerySet[Badge], visibility: str) -> int:
    """Make the badges public or private; returns how many changed."""
    changing = badges.exclude(visibility=visibility)
    for owner_id in set(changing.values_list("owner_id", flat=True)):
        pagecache.bump(owner_id)  # update() sends no signal
    return changing.update(visibility=visibility)


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
