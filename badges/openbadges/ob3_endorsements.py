"""Open Badges 3.0 endorsements: ``EndorsementCredential``s, verified like any credential.

An endorsement sits in ``endorsement`` (with an embedded proof) or ``endorsementJwt`` (a
VC-JWT) of the credential, its achievement or its issuer profile. Its proof, status and
validity window are checked with the same functions as the credential's own; it is not
an OpenBadgeCredential, so its shape is checked here. It must endorse the credential, its
achievement or its issuer. One that fails is shown as not verified, with the reason in the
steps; none ever refuses the badge.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from . import data_integrity, did, jsonld, status, trust, vcjwt
from .credential import Endorsement
from .errors import ImportRefused
from .fetch_types import Fetcher
from .log import Step, step, step_plural

logger = logging.getLogger(__name__)

MAX_ENDORSEMENTS = 5  # each may need a key and a status list fetched
VC_CONTEXTS = (jsonld.VC_V2, jsonld.VC_V1)
# What malformed input could still provoke past the checks; never allowed to refuse a badge.
_GUARDED = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


class _NotVerified(Exception):
    """Why an endorsement does not verify, in the words of the step log."""

    def __init__(self, why: Step):
        super().__init__(why)
        self.why = why


@dataclass(frozen=True)
class _Candidate:
    document: dict[str, Any]  # as embedded, or as the token claims it (unchecked)
    token: str = ""  # the VC-JWT, for ``endorsementJwt``


def read_endorsements(document: dict[str, Any]) -> tuple[Endorsement, ...]:
    """Every endorsement as it claims to be, none verified (for display only)."""
    return tuple(_shown(c.document) for c in _candidates(document))


def verify_endorsements(
    document: dict[str, Any], fetcher: Fetcher, *, now: datetime
) -> tuple[tuple[Endorsement, ...], tuple[Step, ...]]:
    """The endorsements of a verified credential, each verified or not, and the steps."""
    endorsed = _endorsed_ids(document)
    found: list[Endorsement] = []
    steps: list[Step] = []
    candidates = _candidates(document)
    for candidate in candidates[:MAX_ENDORSEMENTS]:
        endorsement, line = _verify_one(candidate, fetcher, endorsed, now)
        found.append(endorsement)
        steps.append(line)
    rest = candidates[MAX_ENDORSEMENTS:]
    if rest:
        found.extend(_shown(c.document) for c in rest)
        steps.append(
            step_plural(
                "%(count)d more endorsement not checked.",
                "%(count)d more endorsements not checked.",
                len(rest),
            )
        )
    return tuple(found), tuple(steps)


def _verify_one(
    candidate: _Candidate, fetcher: Fetcher, endorsed: set[str], now: datetime
) -> tuple[Endorsement, Step]:
    shown = _shown(candidate.document)
    who = shown.issuer_name or shown.issuer_id or step("an unnamed endorser")
    try:
        document, origin = _verified(candidate, fetcher, endorsed, now)
    except (ImportRefused, _NotVerified) as problem:
        why = problem.step() if isinstance(problem, ImportRefused) else problem.why
        return shown, _not_verified(who, why)
    except _GUARDED:
        logger.warning("Unexpected error while verifying an endorsement", exc_info=True)
        return shown, _not_verified(who, step("it cannot be read."))
    level = trust.ISSUER_CONFIRMED if origin else trust.ISSUER_NOT_CONFIRMED
    shown = replace(_shown(document), verified=True, trust=level)
    if origin:
        return shown, step(
            "Endorsement by %(endorser)s verified: its signature, status and dates hold, its "
            "key published at %(origin)s.",
            endorser=who,
            origin=origin,
        )
    return shown, step(
        "Endorsement by %(endorser)s verified: its signature, status and dates hold.",
        endorser=who,
    )


def _not_verified(who: str, why: Step) -> Step:
    return step("Endorsement by %(endorser)s not verified: %(reason)s", endorser=who, reason=why)


def _verified(
    candidate: _Candidate, fetcher: Fetcher, endorsed: set[str], now: datetime
) -> tuple[dict[str, Any], str]:
    """The endorsement once its proof, status and dates hold; the origin binding its key."""
    claims: dict[str, Any] = {}
    if candidate.token:
        check = vcjwt.decode(candidate.token, fetcher)
        document, claims, key = check.credential, check.claims, check.key
        issuer_id, subject_id = _check_shape(document, endorsed)
        vcjwt.check_claims(document, claims, issuer_id=issuer_id, subject_id=subject_id)
        if not vcjwt.key_belongs_to(key, issuer_id):
            raise _NotVerified(
                step("its signing key %(key)s is not its endorser's", key=key.key_id[:120])
            )
    else:
        document = candidate.document
        issuer_id, _subject_id = _check_shape(document, endorsed)
        key = data_integrity.verify_proofs(document, fetcher, issuer_id=issuer_id).key
    state = status.check_status(
        document, fetcher, issuer_id=issuer_id, credential_id=document["id"], now=now
    )
    if state.revoked:
        raise _NotVerified(step("its endorser has revoked it"))
    _check_window(document, claims, now)
    return document, did.issuer_origin(key, issuer_id)


def _check_shape(document: dict[str, Any], endorsed: set[str]) -> tuple[str, str]:
    """The endorser's id and the subject's id, once the shape is an EndorsementCredential's."""
    if "EndorsementCredential" not in _types(document.get("type")):
        raise _NotVerified(step("it is not an EndorsementCredential"))
    contexts = jsonld.contexts_of(document)
    if not contexts or contexts[0] not in VC_CONTEXTS:
        raise _NotVerified(step("it does not start with the Verifiable Credentials context"))
    if not _text(document.get("id")):
        raise _NotVerified(step("it has no id"))
    issuer_id = _id_of(document.get("issuer"))
    if not issuer_id:
        raise _NotVerified(step("it does not name its endorser"))
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict) or "EndorsementSubject" not in _types(subject.get("type")):
        raise _NotVerified(step("its credentialSubject is not an EndorsementSubject"))
    subject_id = _text(subject.get("id"))
    if subject_id not in endorsed:
        if not subject_id:
            raise _NotVerified(step("it endorses something else (nothing named)"))
        raise _NotVerified(step("it endorses something else (%(id)s)", id=subject_id[:200]))
    return issuer_id, subject_id


def _check_window(document: dict[str, Any], claims: dict[str, Any], now: datetime) -> None:
    parse = vcjwt.parse_datetime
    starts = parse(document.get("validFrom")) or parse(document.get("issuanceDate"))
    starts = starts or vcjwt.numeric_date(claims.get("nbf"))
    ends = parse(document.get("validUntil")) or parse(document.get("expirationDate"))
    ends = ends or vcjwt.numeric_date(claims.get("exp"))
    if starts is None:
        raise _NotVerified(step("it does not say when it was issued"))
    if starts > now:
        raise _NotVerified(step("it is only valid from %(date)s", date=starts.date().isoformat()))
    if ends is not None and ends < now:
        raise _NotVerified(step("it expired on %(date)s", date=ends.date().isoformat()))


# --- reading --------------------------------------------------------------------------


def _candidates(document: dict[str, Any]) -> list[_Candidate]:
    """Embedded endorsements, then readable tokens, of the credential, achievement, issuer."""
    sources = [document, _achievement(document), _issuer_obj(document)]
    found = [
        _Candidate(item)
        for source in sources
        for item in _list(source.get("endorsement"))
        if isinstance(item, dict)
    ]
    for source in sources:
        for token in _list(source.get("endorsementJwt")):
            claimed = vcjwt.unverified_credential(token)
            if claimed is not None:
                found.append(_Candidate(claimed, token.strip()))
    seen: set[str] = set()
    unique = []
    for candidate in found:
        key = _text(candidate.document.get("id"))
        if key and key in seen:
            continue
        seen.add(key)
        unique.append(candidate)
    return unique


def _shown(item: dict[str, Any]) -> Endorsement:
    issuer = item.get("issuer")
    subject = item.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    return Endorsement(
        issuer_name=_text(issuer.get("name"), 500) if isinstance(issuer, dict) else "",
        issuer_id=_id_of(issuer),
        comment=_text(subject.get("endorsementComment")),
        issued_on=vcjwt.parse_datetime(item.get("validFrom", item.get("issuanceDate"))),
    )


def _endorsed_ids(document: dict[str, Any]) -> set[str]:
    ids = (document.get("id"), _achievement(document).get("id"), _id_of(document.get("issuer")))
    return {i for i in ids if isinstance(i, str) and i}


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _list(value: Any) -> Iterable[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any, limit: int = 10_000) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _id_of(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _issuer_obj(document: dict[str, Any]) -> dict[str, Any]:
    issuer = document.get("issuer")
    return issuer if isinstance(issuer, dict) else {}


def _achievement(document: dict[str, Any]) -> dict[str, Any]:
    subject = document.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    return achievement if isinstance(achievement, dict) else {}
