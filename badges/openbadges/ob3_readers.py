"""Small, forgiving readers of an OB 3.0 credential's JSON, shared by the verifier,
the normaliser and the learner-record (CLR) reader."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .errors import ImportRefused


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any, limit: int = 10_000) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _issuer_obj(document: dict[str, Any]) -> dict[str, Any]:
    issuer = document.get("issuer")
    return issuer if isinstance(issuer, dict) else {}


def _subject(document: dict[str, Any]) -> dict[str, Any]:
    subject = document.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    return subject if isinstance(subject, dict) else {}


def _achievement(document: dict[str, Any]) -> dict[str, Any]:
    achievement = _subject(document).get("achievement")
    return achievement if isinstance(achievement, dict) else {}


def _id_of(value: Any) -> str:
    """An IRI given as a string or as an object's ``id``."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _image(value: Any) -> str:
    url = _id_of(value)
    return url if url.startswith(("https://", "http://", "data:image/")) else ""


def _aware(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def _invalid(message: str, **params: Any) -> ImportRefused:
    return ImportRefused("invalid", message, params)
