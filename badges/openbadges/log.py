"""The verifier's step log: each line an English message id and its parameters.

A ``Step`` is the English line itself (a ``str``), so it reads, compares and joins like
one, and it also carries what a translation needs: the message id (an English format
string with ``%(name)s`` placeholders), its parameters and, where a count is shown, the
plural form. The Django layer translates it for display with ``render(line, gettext,
ngettext)``; ``makemessages`` finds the ids through the keywords ``step`` and
``step_plural:1,2``, so nothing here imports a framework.

Parameters are what the verifier read (addresses, key ids, suite names, dates, counts)
or steps themselves: a word the verifier chooses is never an English parameter, it is a
step of its own or the message is split. ``dump`` and ``load`` turn a line into JSON and
back; a plain string (as stored before lines had ids) stays a plain string.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Translate = Callable[[str], str]
TranslatePlural = Callable[[str, str, int], str]
MAX_DEPTH = 6  # steps nested in a step's parameters, at most (stored data is not trusted)


class Step(str):
    """One line of the log: its English text, with the message id and parameters."""

    message: str
    params: dict[str, Any]
    plural: str  # the plural message id, "" when the line shows no count
    count: int | None

    def __new__(
        cls,
        message: str,
        params: Mapping[str, Any] | None = None,
        plural: str = "",
        count: int | None = None,
    ) -> Step:
        params = dict(params or {})
        line = super().__new__(cls, _english(message, params, plural, count))
        line.message, line.params, line.plural, line.count = message, params, plural, count
        return line

    def __reduce__(self):  # copies and pickles keep the id and parameters
        return (Step, (self.message, self.params, self.plural, self.count))


def step(message: str, /, **params: Any) -> Step:
    """A line of the log; ``message`` is a literal, so ``makemessages`` can find it."""
    return Step(message, params)


def step_plural(singular: str, plural: str, count: int, /, **params: Any) -> Step:
    """A line that shows ``count`` (its ``%(count)d``), in the singular or plural form."""
    return Step(singular, {"count": count, **params}, plural, count)


def render(
    line: Any, gettext: Translate | None = None, ngettext: TranslatePlural | None = None
) -> str:
    """``line`` (a step, a plain string or either as stored) in the language given.

    Never raises: a translation that does not fit the parameters falls back to the
    English text, and parameters that do not fit the message to the message itself.
    A plain string is translated whole, when it happens to be a message id.
    """
    return _render(load(line), gettext, ngettext, 0)


def dump(line: Any) -> Any:
    """A line as JSON: a plain string as it is, a step as ``{"m", "p"[, "pl", "n"]}``."""
    if not isinstance(line, Step):
        return str(line)
    data: dict[str, Any] = {"m": line.message}
    if line.params:
        data["p"] = {str(name): _dump_param(value) for name, value in line.params.items()}
    if line.plural:
        data["pl"], data["n"] = line.plural, line.count
    return data


def load(data: Any, _depth: int = 0) -> Step | str:
    """A line from JSON (``dump``'s form), a plain string, or a step as it is."""
    if isinstance(data, str):
        return data
    if not isinstance(data, Mapping) or not isinstance(data.get("m"), str):
        return "" if data is None else str(data)
    params = data.get("p")
    params = params if isinstance(params, Mapping) else {}
    params = {str(name): _load_param(value, _depth + 1) for name, value in params.items()}
    plural = data.get("pl")
    count = data.get("n")
    if isinstance(plural, str) and plural and _is_count(count):
        return Step(data["m"], params, plural, count)
    return Step(data["m"], params)


def text(line: Any) -> str:
    """The English text of a line, stored or not (for exports and the check's detail)."""
    return str(load(line))


# --- inside ----------------------------------------------------------------------------


def _english(message: str, params: dict[str, Any], plural: str, count: int | None) -> str:
    chosen = plural if plural and count != 1 else message
    return _format(chosen, params) or message


def _format(message: str, params: Mapping[str, Any]) -> str:
    """``message`` with its parameters put in; "" when they do not fit it.

    A message is always formatted, as xgettext's python-format flag expects: a literal
    percent sign is written ``%%``, and a placeholder without its parameter does not fit.
    """
    try:
        return message % params
    except (KeyError, ValueError, TypeError, IndexError, OverflowError):
        return ""


def _render(line: Step | str, gettext, ngettext, depth: int) -> str:
    if not isinstance(line, Step):
        return _translated_plain(line, gettext)
    if gettext is None:
        return str(line)
    params = {
        name: _render(value, gettext, ngettext, depth + 1) if isinstance(value, Step) else value
        for name, value in line.params.items()
    }
    try:
        if line.plural and ngettext is not None:
            translated = ngettext(line.message, line.plural, line.count)
        else:
            translated = gettext(line.message)
    except Exception:  # a broken catalogue must not break the page
        return str(line)
    return _format(translated, params) or str(line)


def _translated_plain(line: str, gettext) -> str:
    if gettext is None or not line.strip():
        return line
    try:
        return gettext(line)
    except Exception:
        return line


def _dump_param(value: Any) -> Any:
    if isinstance(value, Step):
        return dump(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def _load_param(value: Any, depth: int) -> Any:
    if isinstance(value, Mapping):
        return load(value, depth) if depth < MAX_DEPTH else str(value.get("m", ""))
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return str(value)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
