"""Reading Open Badges dates and judging a badge's validity window.

OB 2.0 asks for ISO 8601 strings with a time zone; OB 0.5 and 1.x also allowed dates
without a time and Unix timestamps (seconds, as an integer or a string of digits). Real
issuers send all of these, so all are read; a value without a zone is taken as UTC.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from .errors import ImportRefused, _

# How far in the future an issue date may lie before it is refused, for issuers whose
# clocks run a little fast.
CLOCK_SKEW = timedelta(minutes=5)
# Unix timestamps beyond this are read as milliseconds (seconds would be past year 5000).
_MILLISECONDS_FROM = 10**11
_DIGITS = re.compile(r"^-?\d{1,16}$")


def now_utc() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """``moment`` with a time zone, taking a naive value as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def parse_datetime(value: Any, *, field: str = "issuedOn") -> datetime:
    """A timezone-aware datetime from an ISO 8601 string or a Unix timestamp.

    Raises ``ImportRefused("invalid")`` naming ``field`` when ``value`` is neither.
    """
    moment = _parse(value)
    if moment is None:
        raise ImportRefused(
            "invalid",
            _("The date in %(field)s (%(value)s) is not a date this backpack can read."),
            {"field": field, "value": _shorten(value)},
        )
    return moment


def parse_optional_datetime(value: Any, *, field: str) -> datetime | None:
    """Like ``parse_datetime``, but a missing or empty value gives ``None``."""
    if value is None or value == "":
        return None
    return parse_datetime(value, field=field)


def parse_lenient(value: Any) -> datetime | None:
    """For decorative dates (endorsements): ``None`` instead of refusing."""
    return _parse(value)


def check_issued_on(issued_on: datetime, now: datetime, *, field: str = "issuedOn") -> None:
    """Refuse a badge issued in the future, allowing for ``CLOCK_SKEW``."""
    if issued_on > aware(now) + CLOCK_SKEW:
        raise ImportRefused(
            "invalid",
            _(
                "The badge says it was issued on %(date)s (%(field)s), which is in the "
                "future. Ask the issuer to correct the date."
            ),
            {"date": issued_on.isoformat(), "field": field},
        )


def check_expires_after_issue(issued_on: datetime, expires: datetime | None) -> None:
    if expires is not None and expires < issued_on:
        raise ImportRefused(
            "invalid",
            _("The badge expires (%(expires)s) before it was issued (%(issued)s)."),
            {"expires": expires.isoformat(), "issued": issued_on.isoformat()},
        )


def is_expired(expires: datetime | None, now: datetime) -> bool:
    return expires is not None and expires <= aware(now)


def _parse(value: Any) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_timestamp(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _DIGITS.match(text):
        return _from_timestamp(int(text))
    if not 8 <= len(text) <= 40:
        return None
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    return aware(moment)


def _from_timestamp(number: float) -> datetime | None:
    if not math.isfinite(number) or number < 0:
        return None
    if number >= _MILLISECONDS_FROM:
        number = number / 1000
    try:
        return datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _shorten(value: Any, limit: int = 60) -> str:
    if not isinstance(value, str | int | float):
        return f"a {type(value).__name__}"
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
