"""Steps stored as plain English, before lines had ids, given their ids back.

Such a line was written from one of the verifier's messages, so it is that message with
its parameters put in. The messages are read from this package's source (the literals
given to ``step`` and ``step_plural``, as ``makemessages`` finds them) and each becomes a
pattern; a line that one matches whole becomes that step again, its parameters read off
the line, and is shown in the reader's language like any other. A line no message
matches (its wording changed since) stays as stored.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from badges.openbadges.log import MAX_DEPTH, Step, dump

PACKAGE = Path(__file__).resolve().parent
SKIPPED = {"migrations", "tests", "__pycache__"}
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])|%%")


@dataclass(frozen=True)
class Message:
    singular: str
    plural: str  # "" for a message without a count
    pattern: re.Pattern[str]
    counted: str  # the template matched: singular or plural


def upgraded(line: Any, _depth: int = 0) -> Any:
    """``line`` as a step when it is a plain string one message matches; else as it is."""
    if not isinstance(line, str) or isinstance(line, Step) or not line.strip():
        return line
    return _match(line, _depth)


def upgraded_lines(lines: Any) -> tuple[Any, bool]:
    """Stored lines with the plain ones matched, and whether anything changed."""
    if not isinstance(lines, list):
        return lines, False
    out, changed = [], False
    for line in lines:
        step = upgraded(line)
        if isinstance(step, Step):
            out.append(dump(step))
            changed = True
        else:
            out.append(line)
    return out, changed


# --- inside ----------------------------------------------------------------------------


@lru_cache(maxsize=4096)  # lines repeat from badge to badge; stored data is not trusted
def _match_cached(line: str, depth: int) -> Step | str:
    for message in (*messages().get(_first_word(line), ()), *messages().get("", ())):
        found = message.pattern.fullmatch(line)
        if found is None:
            continue
        step = _step(message, found.groupdict(), depth)
        if step is not None and str(step) == line:
            return step
    return line


def _match(line: str, depth: int) -> Step | str:
    if len(line) > 2000:  # no message is that long; stored data is not trusted
        return line
    return _match_cached(line, depth)


def _step(message: Message, groups: dict[str, str], depth: int) -> Step | None:
    params: dict[str, Any] = {}
    for name, value in groups.items():
        if name in _numbers(message.counted):
            params[name] = int(value)
        elif depth + 1 < MAX_DEPTH:
            params[name] = upgraded(value, depth + 1)
        else:
            params[name] = value
    if not message.plural:
        return Step(message.singular, params)
    count = params.get("count")
    if not isinstance(count, int):
        return None
    return Step(message.singular, params, message.plural, count)


@cache
def _numbers(template: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in PLACEHOLDER.finditer(template) if m.group(2) == "d")


@cache
def messages() -> dict[str, list[Message]]:
    """Every message of the verifier, filed under the first word of its English text."""
    filed: dict[str, list[Message]] = {}
    seen: set[tuple[str, str, str]] = set()
    for singular, plural in _literals():
        for counted in (singular, plural) if plural else (singular,):
            if (singular, plural, counted) in seen:
                continue
            seen.add((singular, plural, counted))
            pattern = _pattern(counted)
            if pattern is not None:
                message = Message(singular, plural, pattern, counted)
                filed.setdefault(_first_word(counted), []).append(message)
    for found in filed.values():  # the most literal text first: fewer ways to match
        found.sort(key=lambda message: -len(PLACEHOLDER.sub("", message.counted)))
    return filed


def _pattern(template: str) -> re.Pattern[str] | None:
    parts, names, at = [], set(), 0
    for placeholder in PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[at : placeholder.start()]))
        at = placeholder.end()
        if placeholder.group(0) == "%%":
            parts.append("%")
            continue
        name, kind = placeholder.groups()
        if name in names:
            parts.append(f"(?P={name})")
            continue
        names.add(name)
        parts.append(rf"(?P<{name}>-?\d+)" if kind == "d" else rf"(?P<{name}>.*?)")
    parts.append(re.escape(template[at:]))
    try:
        return re.compile("".join(parts), re.DOTALL)
    except re.error:
        return None


def _first_word(text: str) -> str:
    """The text before its first space, or "" when a placeholder is in it."""
    word = text.split(" ", 1)[0]
    return "" if "%" in word else word


def _literals() -> Iterator[tuple[str, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if SKIPPED & set(path.relative_to(PACKAGE).parts):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            found = _call_literals(node)
            if found is not None:
                yield found


def _call_literals(node: ast.AST) -> tuple[str, str] | None:
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    args = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
    if name == "step" and args and isinstance(args[0], str):
        return args[0], ""
    if name == "step_plural" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
        return args[0], args[1]
    return None
