"""Small, forgiving readers of an OB 3.0 credential's JSON, shared by the verifier,
the normaliser and the learner-record (CLR) reader."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .errors import ImportRefused


def types_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text_of(value: Any, limit: int = 10_000) -> str:
    return value[:limit] if isinstance(value, str) else ""


def issuer_object(document: dict[str, Any]) -> dict[str, Any]:
    issuer = document.get("issuer")
    return issuer if isinstance(issuer, dict) else {}


def subject_of(document: dict[str, Any]) -> dict[str, Any]:
    subject = document.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    return subject if isinstance(subject, dict) else {}


def achievement_of(document: dict[str, Any]) -> dict[str, Any]:
    achievement = subject_of(document).get("achievement")
    return achievement if isinstance(achievement, dict) else {}


def id_of(value: Any) -> str:
    """An IRI given as a string or as an object's ``id``."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def image_of(value: Any) -> str:
    url = id_of(value)
    return url if url.startswith(("https://", "http://", "data:image/")) else ""


def aware(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def invalid(message: str, **params: Any) -> ImportRefused:
    return ImportRefused("invalid", message, params)
