"""Row locks held by another connection, as another worker or request would hold them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connections, transaction


@contextmanager
def held_elsewhere(take: Callable[[], object]) -> Iterator[None]:
    """Within the block, another thread's transaction has run ``take()`` (the locks it
    takes are held) and has not ended; it commits when the block ends."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            take()
            locked.set()
            release.wait(10)
        connections.close_all()

    other = threading.Thread(target=hold)
    other.start()
    locked.wait(10)
    try:
        yield
    finally:
        release.set()
        other.join()
