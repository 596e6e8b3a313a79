"""The verifier's step log as stored, shown and exported.

The standard layer writes each step as an ``openbadges.log.Step``: English text with
its message id and parameters. Here it is stored as JSON (``Badge.verification["steps"]``,
``LearnerRecord.verification["steps"]``, ``VerificationCheck.steps``) with the English
text kept beside it in ``VerificationCheck.detail``; shown in the reader's language;
and exported as the English lines, readable without Passport.

Lines stored before steps had ids were plain English strings; migration 0014 gave back
the ids of those a message matches (``badges.step_upgrade``). A plain string left is
translated when it is a message id as it is, and otherwise shown as stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext, ngettext

from badges.openbadges import log


def stored(lines: Iterable[Any]) -> list[Any]:
    """Steps as JSON, for a JSONField."""
    return [log.dump(line) for line in lines]


def check_fields(lines: Iterable[Any]) -> dict[str, Any]:
    """A ``VerificationCheck``'s log: the English lines and the steps with their ids."""
    lines = list(lines)
    return {"detail": "\n".join(log.text(line) for line in lines), "steps": stored(lines)}


def shown(lines: Any) -> list[str]:
    """The steps in the active language, blank lines left out; never raises."""
    if not isinstance(lines, list | tuple):
        return []
    rendered = (translated(line) for line in lines)
    return [line for line in rendered if line.strip()]


def translated(line: Any) -> str:
    """One step (or a refusal's ``step()``) in the active language."""
    return log.render(line, gettext, ngettext)


def exported(verification: Any) -> Any:
    """A stored verification with its steps as English lines, for the learner's export."""
    if not isinstance(verification, dict) or not isinstance(verification.get("steps"), list):
        return verification
    return {**verification, "steps": [log.text(line) for line in verification["steps"]]}
