"""CLR 2.0: verify a Comprehensive Learner Record and the credentials it carries.

A ``ClrCredential`` is a Verifiable Credential whose subject (``ClrSubject``) lists the
learner's ``verifiableCredential[]`` (AchievementCredentials), ``achievement[]`` and
``association[]`` between achievements. Its own proof, status and dates are checked
exactly like an OB 3.0 credential's (``ob3.finish``); each nested credential that
carries a proof of its own is verified with ``ob3`` too. A nested credential that fails
is left out, with a step saying why; the record itself still verifies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from . import data_integrity, fetch_budget, jsonld, ob3, vcjwt
from .credential import Credential
from .errors import ImportRefused, _
from .fetch_types import Fetcher
from .guard import malformed_guard
from .log import Step, step
from .ob3_readers import (
    achievement_of,
    as_list,
    aware,
    id_of,
    image_of,
    subject_of,
    text_of,
    types_of,
)

CLR_TYPE = "ClrCredential"
CLR_CONTEXT_PREFIXES = (
    "https://purl.imsglobal.org/spec/clr/v2p0/",
    "https://dc.imsglobal.org/draft/clr/v2p0/",
)
MAX_NESTED = 200  # credentials in one record; each may cost several fetches
MAX_ACHIEVEMENTS = 1000
MAX_ASSOCIATIONS = 2000
ASSOCIATION_TYPES = frozenset(
    {
        "exactMatchOf",
        "isChildOf",
        "isParentOf",
        "isPartOf",
        "isPeerOf",
        "isRelatedTo",
        "precedes",
        "replacedBy",
    }
)


@dataclass(frozen=True)
class RecordAchievement:
    """One achievement the record lists; ``credential_id`` when a verified credential
    in the record awards it."""

    id: str
    name: str
    description: str = ""
    achievement_type: str = ""
    image: str = ""
    credential_id: str = ""


@dataclass(frozen=True)
class Association:
    """How two achievements of the record relate, e.g. ``isPartOf`` or ``precedes``."""

    type: str
    source_id: str
    target_id: str


@dataclass(frozen=True)
class LearnerRecord:
    """A verified CLR: the record as a ``Credential`` and what it holds."""

    credential: Credential
    achievements: tuple[RecordAchievement, ...] = ()
    associations: tuple[Association, ...] = ()
    credentials: tuple[Credential, ...] = ()  # the nested credentials that verified
    partial: bool = False
    document: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def is_clr(document: Any) -> bool:
    """Whether a JSON document (or VC-JWT payload) claims to be a ``ClrCredential``."""
    if isinstance(document, dict) and isinstance(document.get("vc"), dict):
        document = document["vc"]
    return isinstance(document, dict) and CLR_TYPE in types_of(document.get("type"))


# --- entry points ---------------------------------------------------------------------


def verify_clr_json(
    text: str, fetcher: Fetcher, *, now: datetime | None = None, raise_on_revoked: bool = True
) -> LearnerRecord:
    """Verify a CLR with an embedded proof, given as JSON text."""
    now = aware(now)
    with malformed_guard(_("This learner record is malformed and cannot be read.")):
        document = _parse_json(text)
        issuer_id = _check_structure(document)
        record = ob3.verify_embedded(
            document, text, fetcher, issuer_id=issuer_id, now=now, raise_on_revoked=raise_on_revoked
        )
        return _with_contents(record, document, fetcher, now=now)


def verify_clr_jwt(
    token: str, fetcher: Fetcher, *, now: datetime | None = None, raise_on_revoked: bool = True
) -> LearnerRecord:
    """Verify a CLR signed as a VC-JWT (compact JWS)."""
    now = aware(now)
    with malformed_guard(_("This learner record is malformed and cannot be read.")):
        document, record = ob3.verify_jwt(
            token,
            fetcher,
            precheck=_check_structure,
            structure=_issuer_and_subject,
            now=now,
            raise_on_revoked=raise_on_revoked,
        )
        return _with_contents(record, document, fetcher, now=now)


def _issuer_and_subject(document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return _check_structure(document), subject_of(document)


# --- structure ------------------------------------------------------------------------


def _invalid(message: str, **params: Any) -> ImportRefused:
    return ImportRefused("invalid", message, params)


def _parse_json(text: Any) -> dict[str, Any]:
    if not isinstance(text, str) or len(text) > ob3.MAX_TEXT_LENGTH:
        raise _invalid(_("This learner record is not JSON text of a reasonable size."))
    try:
        document = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError) as error:
        raise _invalid(_("This learner record is not valid JSON.")) from error
    if not isinstance(document, dict):
        raise _invalid(_("This learner record is not a JSON object."))
    return document


def _check_structure(document: dict[str, Any]) -> str:
    """The issuer id, once the record has the shape CLR 2.0 requires."""
    contexts = jsonld.contexts_of(document)
    if not contexts or contexts[0] not in ob3.VC_CONTEXTS:
        raise _invalid(
            _(
                "This learner record's @context must start with the W3C Verifiable "
                "Credentials context (%(context)s)."
            ),
            context=jsonld.VC_V2,
        )
    # Earlier revisions (the unversioned and draft contexts) are recognised here; their
    # signatures can only be checked where their context documents are installed.
    if not any(isinstance(c, str) and c.startswith(CLR_CONTEXT_PREFIXES) for c in contexts):
        raise ImportRefused(
            "unsupported",
            _("This learner record does not use the CLR 2.0 JSON-LD context (%(context)s)."),
            {"context": jsonld.CLR_V2},
        )
    types = types_of(document.get("type"))
    if "VerifiableCredential" not in types or CLR_TYPE not in types:
        raise _invalid(
            _("The learner record's type must include VerifiableCredential and ClrCredential.")
        )
    if not text_of(document.get("id")):
        raise _invalid(_("The learner record has no id."))
    issuer_id = id_of(document.get("issuer"))
    if not issuer_id:
        raise _invalid(_("The learner record does not name its issuer."))
    ob3.check_dates(document)
    subject = subject_of(document)
    if "ClrSubject" not in types_of(subject.get("type")):
        raise _invalid(_("The learner record's credentialSubject must be of type ClrSubject."))
    nested = subject.get("verifiableCredential")
    if not isinstance(nested, list) or not nested:
        raise _invalid(_("The learner record holds no credentials (verifiableCredential)."))
    if len(nested) > MAX_NESTED:
        raise _invalid(
            _("The learner record holds more than %(count)s credentials."), count=MAX_NESTED
        )
    return issuer_id


# --- contents -------------------------------------------------------------------------


def _with_contents(
    record: Credential, document: dict[str, Any], fetcher: Fetcher, *, now: datetime
) -> LearnerRecord:
    subject = subject_of(document)
    verified: list[Credential] = []
    steps = list(record.verification.steps)
    for position, nested in enumerate(subject["verifiableCredential"], start=1):
        credential, line = _verify_nested(nested, position, fetcher, now=now)
        steps.append(line)
        if credential is not None:
            verified.append(credential)
    record = replace(record, verification=replace(record.verification, steps=tuple(steps)))
    return LearnerRecord(
        credential=record,
        achievements=_achievements(subject, verified),
        associations=_associations(subject.get("association")),
        credentials=tuple(verified),
        partial=document.get("partial") is True,
        document=document,
    )


def _verify_nested(
    nested: Any, position: int, fetcher: Fetcher, *, now: datetime
) -> tuple[Credential | None, Step]:
    """The nested credential if it verifies, and a step saying what became of it."""
    if isinstance(nested, str) and vcjwt.looks_like_jws(nested):
        verify, text = ob3.verify_vc_jwt, nested
    elif isinstance(nested, dict) and data_integrity.proofs_of(nested):
        verify, text = ob3.verify_credential_json, json.dumps(nested, ensure_ascii=False)
    else:
        name = text_of(nested.get("name"), 200) if isinstance(nested, dict) else ""
        if not name:
            return None, step(
                "Credential %(position)d (unnamed) carries no proof of its own: it is listed "
                "in the record but not added as a badge.",
                position=position,
            )
        return None, step(
            "Credential %(position)d (%(name)s) carries no proof of its own: it is listed in "
            "the record but not added as a badge.",
            position=position,
            name=name,
        )
    try:
        # Each nested credential may need as many documents as a badge of its own.
        credential = verify(text, fetch_budget.part_of(fetcher), now=now)
    except ImportRefused as refusal:
        return None, step(
            "Credential %(position)d left out: it did not verify (%(code)s): %(reason)s",
            position=position,
            code=refusal.code,
            reason=refusal.step(),
        )
    return credential, step(
        "Credential %(position)d (%(name)s) verified: %(id)s",
        position=position,
        name=credential.name,
        id=credential.id,
    )


def _achievements(
    subject: dict[str, Any], verified: list[Credential]
) -> tuple[RecordAchievement, ...]:
    """The record's achievements, then those its verified credentials award, by id."""
    found: dict[str, RecordAchievement] = {}
    for item in as_list(subject.get("achievement"))[:MAX_ACHIEVEMENTS]:
        achievement = _achievement(item)
        if achievement is not None:
            found.setdefault(achievement.id or f"#{len(found)}", achievement)
    for credential in verified:
        achievement = _achievement(achievement_of(credential.document), credential.id)
        if achievement is None:
            continue
        key = achievement.id or credential.id
        listed = found.get(key)
        found[key] = replace(listed, credential_id=credential.id) if listed else achievement
    return tuple(found.values())


def _achievement(item: Any, credential_id: str = "") -> RecordAchievement | None:
    if not isinstance(item, dict) or "Achievement" not in types_of(item.get("type")):
        return None
    name = text_of(item.get("name"), 500)
    if not name:
        return None
    return RecordAchievement(
        id=text_of(item.get("id"), 2000),
        name=name,
        description=text_of(item.get("description")),
        achievement_type=text_of(item.get("achievementType"), 200),
        image=image_of(item.get("image")),
        credential_id=credential_id,
    )


def _associations(value: Any) -> tuple[Association, ...]:
    associations = []
    for item in as_list(value)[:MAX_ASSOCIATIONS]:
        if not isinstance(item, dict):
            continue
        kind = text_of(item.get("associationType"), 100)
        source, target = (
            text_of(item.get("sourceId"), 2000),
            text_of(item.get("targetId"), 2000),
        )
        if kind in ASSOCIATION_TYPES and source and target:
            associations.append(Association(kind, source, target))
    return tuple(associations)
