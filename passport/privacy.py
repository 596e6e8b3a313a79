"""A learner's rights over their data: download everything, erase everything.

Each app knows what it stores, so each app contributes its part. In its
``AppConfig.ready()`` an app registers

- an exporter, ``fn(user, archive)``, that writes that app's files into the open
  ``zipfile.ZipFile`` of the download (under a folder named after the app), and
- an eraser, ``fn(user)``, that deletes the files that app keeps in storage for the
  user. Erasers run before the rows are deleted, so they can still find the file names;
  the rows themselves go when the user row is deleted (every foreign key to the user
  cascades).

Registering the same function twice keeps one copy, so ``ready()`` may run again.
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, TypeVar

from django.db import transaction

if TYPE_CHECKING:
    from passport.accounts.models import User

logger = logging.getLogger(__name__)

ExportFn = Callable[["User", zipfile.ZipFile], None]
ErasureFn = Callable[["User"], None]
F = TypeVar("F", bound=Callable)

_exporters: list[ExportFn] = []
_erasers: list[ErasureFn] = []


def _add(registry: list, fn: F) -> F:
    key = (fn.__module__, fn.__qualname__)
    if all((f.__module__, f.__qualname__) != key for f in registry):
        registry.append(fn)
    return fn


def register_export(fn: F) -> F:
    """Add ``fn(user, archive)`` to the data download. Usable as a decorator."""
    return _add(_exporters, fn)


def register_erasure(fn: F) -> F:
    """Add ``fn(user)``, which deletes the user's stored files, to account deletion."""
    return _add(_erasers, fn)


def exporters() -> tuple[ExportFn, ...]:
    return tuple(_exporters)


def erasers() -> tuple[ErasureFn, ...]:
    return tuple(_erasers)


def build_export(user: User) -> IO[bytes]:
    """Everything Passport holds about ``user``, as a ZIP in a temporary file.

    The file is rewound and deleted from disk when it is closed, so a large backpack
    never sits in memory and never stays behind.
    """
    archive_file = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115 - caller closes it
    try:
        with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for export in _exporters:
                export(user, archive)
    except BaseException:
        archive_file.close()
        raise
    archive_file.seek(0)
    return archive_file


def erase_account(user: User) -> None:
    """Delete every stored file of ``user``, then every row, in one transaction.

    Files cannot be rolled back, so if an eraser or the deletion fails the rows stay
    and the error propagates: the learner can simply try again, and erasers must
    tolerate files that are already gone.
    """
    with transaction.atomic():
        # The learner's row first, as work on their things that may run beside this (a
        # count of their skills) takes it first: one waits for the other, and the
        # deletion then sees all that the other wrote.
        user._meta.model.objects.select_for_update().filter(pk=user.pk).exists()
        for erase in _erasers:
            erase(user)
        user_id = user.pk
        user.delete()
    logger.info("Account %s erased with its stored files", user_id)
