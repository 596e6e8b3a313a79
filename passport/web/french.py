"""French elision in sentences that take a name: « de Alex » is written « d'Alex »."""

from __future__ import annotations

import re

from django.utils.translation import get_language

# "de" as a word of its own, before a word that starts with a vowel (a name, mostly).
# A mute h is left alone: whether "de Hugo" elides depends on the name.
_DE_BEFORE_VOWEL = re.compile(
    r"(?<![\w'’])([Dd])e (?=[AEIOUYÀÂÄÉÈÊËÎÏÔÖÛÙÜŸaeiouyàâäéèêëîïôöûùüÿ])"
)


def elide(text: str) -> str:
    """``text`` with "de" elided before a vowel when the active language is French.

    Call it on the finished sentence, once the name is in: the translation cannot know
    the name, so "Open Badges de %(name)s" stays one string in the catalogue."""
    if not (get_language() or "").startswith("fr"):
        return text
    return _DE_BEFORE_VOWEL.sub(r"\1'", text)
