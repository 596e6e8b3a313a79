"""The fixed vocabulary of refusals shared by every reader and verifier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .log import Step


def _(message: str) -> str:
    """Mark a message for translation without importing a framework.

    The Django layer translates ``ImportRefused.message`` with ``gettext`` and then
    interpolates ``params``; ``makemessages`` finds the strings through this marker.
    """
    return message


REFUSAL_CODES = frozenset(
    {
        "no_badge_data",
        "invalid",
        "unsupported",
        "blocked_url",
        "fetch_failed",
        "too_large",
        "invalid_signature",
        "revoked",
        "recipient_mismatch",
        "duplicate",
        "busy",
    }
)


class ImportRefused(Exception):
    """A badge could not be imported or verified, for a reason a learner can act on.

    ``message`` is an English sentence with ``%(name)s`` placeholders, marked with
    ``_()`` so it can be translated before ``params`` are put in.
    """

    def __init__(self, code: str, message: str, params: Mapping[str, Any] | None = None):
        if code not in REFUSAL_CODES:
            raise ValueError(f"unknown refusal code {code!r}")
        self.code = code
        self.message = message
        self.params = dict(params or {})
        super().__init__(self.render())

    def render(self, translate=lambda s: s) -> str:
        text = translate(self.message)
        return text % self.params if self.params else text

    def step(self) -> Step:
        """The refusal as a line of the verification log (or a step's parameter)."""
        return Step(self.message, self.params)
