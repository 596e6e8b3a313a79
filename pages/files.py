"""The files of pages in storage: copied with a page, deleted after the rows that name them.

Files are deleted from ``post_delete`` signals, once the transaction commits, so every
way a block or page goes (the editor, the admin, an account's deletion) takes its file
with it, and a rolled-back deletion leaves the file in place.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


def delete_now(names: Iterable[str]) -> None:
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)  # a file already gone is not an error
        except OSError:
            logger.warning("Could not delete the page file %s", name, exc_info=True)


def delete_on_commit(names: Iterable[str]) -> None:
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: delete_now(names))


def copy_into(source: FieldFile, target: FieldFile, saved: list[str]) -> str | None:
    """Store a copy of ``source`` under a new name in ``target``'s field; None if it is gone."""
    try:
        with source.storage.open(source.name, "rb") as original:
            target.save(source.name, File(original), save=False)
    except FileNotFoundError:
        logger.warning("The page file %s is missing; not copied", source.name)
        target.name = ""
        return None
    saved.append(target.name)
    return target.name


def block_deleted(sender, instance, **kwargs) -> None:
    delete_on_commit([instance.file.name])


def page_deleted(sender, instance, **kwargs) -> None:
    delete_on_commit([instance.cover.name])
