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
from .ob3_readers import achievement_of, as_list, id_of, image_of, subject_of, text_of

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
    subject = subject_of(document)
    achievement = achievement_of(document)
    criteria = achievement.get("criteria")
    criteria = criteria if isinstance(criteria, dict) else {}
    awarded = vcjwt.parse_datetime(document.get("awardedDate"))
    return Credential(
        spec="3.0",
        id=document["id"],
        name=text_of(document.get("name"), 500) or text_of(achievement.get("name"), 500),
        description=text_of(document.get("description")) or text_of(achievement.get("description")),
        issuer=_issuer(document.get("issuer")),
        issued_on=awarded or issued,
        recipients=_recipients(subject),
        verification=verification,
        original=original,
        document=document,
        image=image_of(document.get("image")) or image_of(achievement.get("image")),
        badge_class_id=text_of(achievement.get("id"), 2000),
        criteria_url=text_of(criteria.get("id"), 2000),
        criteria_narrative=text_of(criteria.get("narrative")),
        expires=expires,
        evidence=tuple(_evidence(document.get("evidence"))),
        alignments=tuple(_alignments(achievement.get("alignment"))),
        tags=tuple(t[:200] for t in as_list(achievement.get("tag")) if isinstance(t, str)),
        endorsements=endorsements,
        narrative=text_of(subject.get("narrative")),
        result_description=_results(subject, achievement),
    )


def _issuer(value: Any) -> Issuer:
    if isinstance(value, str):
        return Issuer(id=value)
    return Issuer(
        id=id_of(value),
        name=text_of(value.get("name"), 500),
        url=text_of(id_of(value.get("url")), 2000),
        email=text_of(value.get("email"), 500),
        description=text_of(value.get("description")),
        image=image_of(value.get("image")),
    )


def recipients_of(document: dict[str, Any]) -> tuple[Recipient, ...]:
    """Whom an OB 3.0 credential names as its recipient, read from its subject."""
    return _recipients(subject_of(document))


def _recipients(subject: dict[str, Any]) -> tuple[Recipient, ...]:
    recipients = []
    for identity in as_list(subject.get("identifier")):
        kind = IDENTITY_TYPES.get(identity.get("identityType"))
        value = text_of(identity.get("identityHash"), 1000)
        if kind and value:
            hashed = identity.get("hashed") is True
            salt = text_of(identity.get("salt"), 1000) if hashed else ""
            recipients.append(Recipient(kind, value, hashed=hashed, salt=salt))
    subject_id = text_of(subject.get("id"), 2000)
    if subject_id.lower().startswith("mailto:"):
        recipients.append(Recipient("email", subject_id[len("mailto:") :]))
    elif subject_id:
        recipients.append(Recipient("id", subject_id))
    if text_of(subject.get("name")):
        recipients.append(Recipient("name", text_of(subject.get("name"), 500)))
    return tuple(recipients)


def _evidence(value: Any) -> Iterable[Evidence]:
    for item in as_list(value):
        yield Evidence(
            url=text_of(item.get("id"), 2000),
            narrative=text_of(item.get("narrative")),
            name=text_of(item.get("name"), 500),
            description=text_of(item.get("description")),
        )


def _alignments(value: Any) -> Iterable[Alignment]:
    for item in as_list(value):
        name = text_of(item.get("targetName"), 500)
        if name:
            yield Alignment(
                name=name,
                url=text_of(item.get("targetUrl"), 2000),
                description=text_of(item.get("targetDescription")),
                framework=text_of(item.get("targetFramework"), 500),
                code=text_of(item.get("targetCode"), 200),
            )


def _results(subject: dict[str, Any], achievement: dict[str, Any]) -> str:
    """What was achieved, e.g. "Final Project Grade: A"; else the expected results."""
    names = {
        text_of(d.get("id")): text_of(d.get("name"), 200)
        for d in as_list(achievement.get("resultDescription"))
        if isinstance(d, dict)
    }
    lines = []
    for result in as_list(subject.get("result")):
        if not isinstance(result, dict):
            continue
        name = names.get(text_of(result.get("resultDescription")), "") or "Result"
        value = text_of(result.get("value"), 200) or text_of(result.get("status"), 200)
        if value:
            lines.append(f"{name}: {value}")
    if not lines:
        lines = [name for name in names.values() if name]
    return "; ".join(lines)[:2000]
