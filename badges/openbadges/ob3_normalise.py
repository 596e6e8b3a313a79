"""An OB 3.0 credential, once verified, read into the normalised ``Credential``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from . import ob3_endorsements, vcjwt
from .credential import (
    Alignment,
    Credential,
    Endorsement,
    Evidence,
    Issuer,
    Recipient,
    Verification,
)
from .ob3_readers import _achievement, _id_of, _image, _list, _subject, _text

# identityType -> Recipient.type
IDENTITY_TYPES = {"emailAddress": "email", "url": "url", "phone": "telephone", "did": "id"}


def normalise(
    document: dict[str, Any],
    original: str,
    verification: Verification,
    *,
    issued: datetime,
    expires: datetime | None,
    endorsements: tuple[Endorsement, ...] | None = None,
) -> Credential:
    """The normalised ``Credential`` of a verified OB 3.0 document.

    ``endorsements`` as verified by ``ob3_endorsements``; without them, the endorsements
    are read as they claim to be, none marked verified.
    """
    if endorsements is None:
        endorsements = ob3_endorsements.read_endorsements(document)
    subject = _subject(document)
    achievement = _achievement(document)
    criteria = achievement.get("criteria")
    criteria = criteria if isinstance(criteria, dict) else {}
    awarded = vcjwt.parse_datetime(document.get("awardedDate"))
    return Credential(
        spec="3.0",
        id=document["id"],
        name=_text(document.get("name"), 500) or _text(achievement.get("name"), 500),
        description=_text(document.get("description")) or _text(achievement.get("description")),
        issuer=_issuer(document.get("issuer")),
        issued_on=awarded or issued,
        recipients=_recipients(subject),
        verification=verification,
        original=original,
        document=document,
        image=_image(document.get("image")) or _image(achievement.get("image")),
        badge_class_id=_text(achievement.get("id"), 2000),
        criteria_url=_text(criteria.get("id"), 2000),
        criteria_narrative=_text(criteria.get("narrative")),
        expires=expires,
        evidence=tuple(_evidence(document.get("evidence"))),
        alignments=tuple(_alignments(achievement.get("alignment"))),
        tags=tuple(t[:200] for t in _list(achievement.get("tag")) if isinstance(t, str)),
        endorsements=endorsements,
        narrative=_text(subject.get("narrative")),
        result_description=_results(subject, achievement),
    )


def _issuer(value: Any) -> Issuer:
    if isinstance(value, str):
        return Issuer(id=value)
    return Issuer(
        id=_id_of(value),
        name=_text(value.get("name"), 500),
        url=_text(_id_of(value.get("url")), 2000),
        email=_text(value.get("email"), 500),
        description=_text(value.get("description")),
        image=_image(value.get("image")),
    )


def recipients_of(document: dict[str, Any]) -> tuple[Recipient, ...]:
    """Whom an OB 3.0 credential names as its recipient, read from its subject."""
    return _recipients(_subject(document))


def _recipients(subject: dict[str, Any]) -> tuple[Recipient, ...]:
    recipients = []
    for identity in _list(subject.get("identifier")):
        kind = IDENTITY_TYPES.get(identity.get("identityType"))
        value = _text(identity.get("identityHash"), 1000)
        if kind and value:
            hashed = identity.get("hashed") is True
            salt = _text(identity.get("salt"), 1000) if hashed else ""
            recipients.append(Recipient(kind, value, hashed=hashed, salt=salt))
    subject_id = _text(subject.get("id"), 2000)
    if subject_id.lower().startswith("mailto:"):
        recipients.append(Recipient("email", subject_id[len("mailto:") :]))
    elif subject_id:
        recipients.append(Recipient("id", subject_id))
    if _text(subject.get("name")):
        recipients.append(Recipient("name", _text(subject.get("name"), 500)))
    return tuple(recipients)


def _evidence(value: Any) -> Iterable[Evidence]:
    for item in _list(value):
        yield Evidence(
            url=_text(item.get("id"), 2000),
            narrative=_text(item.get("narrative")),
            name=_text(item.get("name"), 500),
            description=_text(item.get("description")),
        )


def _alignments(value: Any) -> Iterable[Alignment]:
    for item in _list(value):
        name = _text(item.get("targetName"), 500)
        if name:
            yield Alignment(
                name=name,
                url=_text(item.get("targetUrl"), 2000),
                description=_text(item.get("targetDescription")),
                framework=_text(item.get("targetFramework"), 500),
                code=_text(item.get("targetCode"), 200),
            )


def _results(subject: dict[str, Any], achievement: dict[str, Any]) -> str:
    """What was achieved, e.g. "Final Project Grade: A"; else the expected results."""
    names = {
        _text(d.get("id")): _text(d.get("name"), 200)
        for d in _list(achievement.get("resultDescription"))
        if isinstance(d, dict)
    }
    lines = []
    for result in _list(subject.get("result")):
        if not isinstance(result, dict):
            continue
        name = names.get(_text(result.get("resultDescription")), "") or "Result"
        value = _text(result.get("value"), 200) or _text(result.get("status"), 200)
        if value:
            lines.append(f"{name}: {value}")
    if not lines:
        lines = [name for name in names.values() if name]
    return "; ".join(lines)[:2000]
