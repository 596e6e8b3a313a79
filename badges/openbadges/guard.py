"""The one guard against malformed input that gets past the readers' own checks.

Readers check what they read and refuse with a specific message. Should malformed input
still provoke an unexpected error deep inside, the learner must see a refusal, not a
server error: the error is logged (it is a bug to fix) and the badge refused as
``invalid``. The fuzz tests empty ``GUARDED`` to prove that no input needs the guard.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ImportRefused

logger = logging.getLogger(__name__)

GUARDED: tuple[type[Exception], ...] = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
    RecursionError,
)


@contextmanager
def malformed_guard(message: str) -> Iterator[None]:
    """Turn an unexpected error of the readers into ``ImportRefused("invalid", message)``."""
    try:
        yield
    except ImportRefused:
        raise
    except GUARDED as error:  # looked up now, so tests can switch the guard off
        logger.exception("Unexpected error while verifying a badge")
        raise ImportRefused("invalid", message) from error
