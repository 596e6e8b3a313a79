"""Open Badges 3.0: verify a credential (embedded proof or VC-JWT) and normalise it.

Verification follows the order of OB 3.0 §9: structure, proof, status, validity
window. Everything that goes wrong is an ``ImportRefused`` with a specific message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from . import data_integrity, jsonld, ob3_endorsements, schema, status, vcjwt
from .credential import (
    Credential,
    Verification,
)
from .did import VerificationKey, issuer_origin
from .errors import ImportRefused, _
from .fetch_types import Fetcher
from .guard import malformed_guard
from .log import Step, step
from .ob3_normalise import normalise
from .ob3_readers import (
    achievement_of,
    as_list,
    aware,
    id_of,
    invalid,
    issuer_object,
    subject_of,
    text_of,
    types_of,
)

OB3_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})
MAX_ENDORSEMENTS = ob3_endorsements.MAX_ENDORSEMENTS
VC_CONTEXTS = (jsonld.VC_V2, jsonld.VC_V1)
MAX_TEXT_LENGTH = 2_000_000

WALLET_BOUND_STEP = step(
    "The credential does not identify its recipient (no id or identifier), which Open "
    "Badges 3.0 requires; its signature is genuine, so it is kept with the recipient not "
    "confirmed."
)

# Where nested objects sit and the type each must declare (OB 3.0 JSON schema, in short).
_NESTED_TYPES: tuple[tuple[str, Callable[[dict], Any], str], ...] = (
    ("issuer.parentOrg", lambda d: issuer_object(d).get("parentOrg"), "Profile"),
    (
        "issuer.otherIdentifier",
        lambda d: issuer_object(d).get("otherIdentifier"),
        "IdentifierEntry",
    ),
    ("credentialSubject.identifier", lambda d: subject_of(d).get("identifier"), "IdentityObject"),
    ("credentialSubject.source", lambda d: subject_of(d).get("source"), "Profile"),
    ("credentialSubject.result", lambda d: subject_of(d).get("result"), "Result"),
    ("achievement.creator", lambda d: achievement_of(d).get("creator"), "Profile"),
    ("achievement.alignment", lambda d: achievement_of(d).get("alignment"), "Alignment"),
    (
        "achievement.resultDescription",
        lambda d: achievement_of(d).get("resultDescription"),
        "ResultDescription",
    ),
    (
        "achievement.otherIdentifier",
        lambda d: achievement_of(d).get("otherIdentifier"),
        "IdentifierEntry",
    ),
    ("evidence", lambda d: d.get("evidence"), "Evidence"),
    ("endorsement", lambda d: d.get("endorsement"), "EndorsementCredential"),
)


# --- entry points ---------------------------------------------------------------------


def is_ob3_document(obj: Any) -> bool:
    """Whether ``obj`` is an OB 3.0 credential: a VC (1.1 or 2.0) of an OB 3.0 type."""
    if not isinstance(obj, dict):
        return False
    contexts = jsonld.contexts_of(obj)
    if not contexts or contexts[0] not in VC_CONTEXTS:
        return False
    return bool(OB3_TYPES & set(types_of(obj.get("type"))))


def verify_credential_json(
    text: str,
    fetcher: Fetcher,
    *,
    now: datetime | None = None,
    raise_on_revoked: bool = True,
) -> Credential:
    """Verify an OB 3.0 credential with an embedded proof, given as JSON text."""
    now = aware(now)
    with malformed_guard(_("This credential is malformed and cannot be read.")):
        document = _parse_json(text)
        issuer_id = _check_structure(document)[0]
        return verify_embedded(
            document, text, fetcher, issuer_id=issuer_id, now=now, raise_on_revoked=raise_on_revoked
        )


def verify_vc_jwt(
    token: str,
    fetcher: Fetcher,
    *,
    now: datetime | None = None,
    raise_on_revoked: bool = True,
) -> Credential:
    """Verify an OB 3.0 credential signed as a VC-JWT (compact JWS)."""
    now = aware(now)
    with malformed_guard(_("This credential is malformed and cannot be read.")):
        if not isinstance(token, str):
            raise invalid(
                _(
                    "This is not a signed badge: a signed badge (a JWS) is three runs of "
                    "letters and digits joined by dots."
                )
            )
        return verify_jwt(
            token,
            fetcher,
            precheck=_check_kind,
            structure=_importable,
            now=now,
            raise_on_revoked=raise_on_revoked,
        )[1]


# --- the two proofs, for any credential ``structure`` accepts (OB 3.0 here, CLR in clr) ---


def verify_embedded(
    document: dict[str, Any],
    text: str,
    fetcher: Fetcher,
    *,
    issuer_id: str,
    now: datetime,
    raise_on_revoked: bool,
) -> Credential:
    """The embedded Data Integrity proof of a structurally checked document, then ``finish``."""
    proof = data_integrity.verify_proofs(document, fetcher, issuer_id=issuer_id)
    return finish(
        document,
        text,
        fetcher,
        now=now,
        raise_on_revoked=raise_on_revoked,
        method="data-integrity",
        algorithm=proof.algorithm,
        key=proof.key,
        steps=proof.steps,
        window=validity_window(document, {}),
    )


def verify_jwt(
    token: str,
    fetcher: Fetcher,
    *,
    precheck: Callable[[Any], Any],
    structure: Callable[[dict[str, Any]], tuple[str, dict[str, Any]]],
    now: datetime,
    raise_on_revoked: bool,
) -> tuple[dict[str, Any], Credential]:
    """A VC-JWT: ``precheck`` refuses what cannot be imported before any key is fetched;
    ``structure`` gives the verified credential's issuer id and subject, or a refusal."""
    claimed = vcjwt.unverified_credential(token)
    if claimed is not None:
        precheck(claimed)
    check = vcjwt.decode(token, fetcher)
    document = check.credential
    issuer_id, subject = structure(document)
    vcjwt.check_claims(
        document, check.claims, issuer_id=issuer_id, subject_id=text_of(subject.get("id"))
    )
    if not vcjwt.key_belongs_to(check.key, issuer_id):
        raise ImportRefused(
            "invalid_signature",
            _("The signing key %(key)s does not belong to the issuer %(issuer)s."),
            {"key": check.key.key_id[:200], "issuer": issuer_id},
        )
    credential = finish(
        document,
        token.strip(),
        fetcher,
        now=now,
        raise_on_revoked=raise_on_revoked,
        method="vc-jwt",
        algorithm=check.algorithm,
        key=check.key,
        steps=check.steps,
        window=validity_window(document, check.claims),
    )
    return document, credential


def _importable(document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    _check_kind(document)
    return _check_structure(document)


# --- structure ------------------------------------------------------------------------


def _parse_json(text: Any) -> dict[str, Any]:
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig", errors="replace")
    if not isinstance(text, str) or len(text) > MAX_TEXT_LENGTH:
        raise invalid(_("This credential is not JSON text of a reasonable size."))
    try:
        document = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError) as error:
        raise invalid(_("This credential is not valid JSON.")) from error
    _check_kind(document)
    return document


def _check_kind(document: Any) -> None:
    """Refuse what is not an OB 3.0 credential, saying what it is instead."""
    types = types_of(document.get("type")) if isinstance(document, dict) else []
    if not types:
        raise invalid(
            _(
                "This is not an Open Badges 3.0 credential: it must be a Verifiable "
                "Credential of type OpenBadgeCredential or AchievementCredential."
            )
        )
    if not OB3_TYPES & set(types):
        named = [t for t in types if t != "VerifiableCredential"] or types
        raise ImportRefused(
            "unsupported",
            _(
                "This is a Verifiable Credential of type %(type)s, not an Open Badge. "
                "Only credentials of type OpenBadgeCredential or AchievementCredential "
                "can be imported."
            ),
            {"type": ", ".join(named)[:200]},
        )
    contexts = jsonld.contexts_of(document)
    if not any(context in VC_CONTEXTS for context in contexts):
        raise invalid(
            _(
                "This credential does not use the W3C Verifiable Credentials context "
                "(%(context)s), which every Open Badges 3.0 credential must have."
            ),
            context=jsonld.VC_V2,
        )
    if contexts[0] not in VC_CONTEXTS:
        raise invalid(
            _(
                "This credential's @context must start with the W3C Verifiable "
                "Credentials context (%(context)s)."
            ),
            context=jsonld.VC_V2,
        )


def _check_structure(document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The issuer id and subject, once the credential has the shape OB 3.0 requires."""
    contexts = jsonld.contexts_of(document)
    if not any(isinstance(c, str) and c.startswith(jsonld.OB3_CONTEXT_PREFIX) for c in contexts):
        raise ImportRefused(
            "unsupported",
            _("This credential does not use the Open Badges 3.0 JSON-LD context."),
        )
    if "VerifiableCredential" not in types_of(document.get("type")):
        raise invalid(_("The credential's type does not include VerifiableCredential."))
    if not text_of(document.get("id")):
        raise invalid(_("The credential has no id."))
    issuer_id = id_of(document.get("issuer"))
    if not issuer_id:
        raise invalid(_("The credential does not name its issuer."))
    check_dates(document)
    subject = subject_of(document)
    if not subject:
        raise invalid(_("The credential has no credentialSubject."))
    _expect_type(issuer_object(document) or None, "Profile", "issuer")
    _expect_type(subject, "AchievementSubject", "credentialSubject")
    _expect_type(subject.get("achievement"), "Achievement", "achievement", required=True)
    if not text_of(achievement_of(document).get("name")):
        raise invalid(_("The achievement has no name."))
    for where, getter, expected in _NESTED_TYPES:
        for item in as_list(getter(document)):
            _expect_type(item, expected, where, required=True)
    return issuer_id, subject


def _identifies_recipient(subject: dict[str, Any]) -> bool:
    """Whether the subject has the ``id`` or ``identifier`` OB 3.0 requires.

    Credentials held in a learner's wallet often name the learner only by ``name``, or not
    at all; they are kept when their proof verifies, with the recipient not confirmed.
    """
    return bool(text_of(subject.get("id")) or as_list(subject.get("identifier")))


def _expect_type(value: Any, expected: str, where: str, *, required: bool = False) -> None:
    if value is None and not required:
        return
    if not isinstance(value, dict) or expected not in types_of(value.get("type")):
        raise invalid(
            _("The credential's %(field)s must be an object of type %(type)s."),
            field=where,
            type=expected,
        )


def check_dates(document: dict[str, Any]) -> None:
    names = ("validFrom", "issuanceDate", "validUntil", "expirationDate", "awardedDate")
    for name in names:
        if name in document and vcjwt.parse_datetime(document[name]) is None:
            raise invalid(_("The credential's %(field)s is not a valid date and time."), field=name)
    if "validFrom" not in document and "issuanceDate" not in document:
        raise invalid(_("The credential does not say when it was issued (validFrom)."))


def validity_window(
    document: dict[str, Any], claims: dict[str, Any]
) -> tuple[datetime, datetime | None]:
    parse = vcjwt.parse_datetime
    starts = parse(document.get("validFrom")) or parse(document.get("issuanceDate"))
    starts = starts or vcjwt.numeric_date(claims.get("nbf"))
    ends = parse(document.get("validUntil")) or parse(document.get("expirationDate"))
    ends = ends or vcjwt.numeric_date(claims.get("exp"))
    if starts is None:  # pragma: no cover - check_dates makes sure of it
        raise invalid(_("The credential does not say when it was issued (validFrom)."))
    return starts, ends


# --- verification record and normalisation -------------------------------------------


def finish(
    document: dict[str, Any],
    original: str,
    fetcher: Fetcher,
    *,
    now: datetime,
    raise_on_revoked: bool,
    method: str,
    algorithm: str,
    key: VerificationKey,
    steps: Iterable[Step],
    window: tuple[datetime, datetime | None],
) -> Credential:
    """Schema, status, validity window and endorsements of a credential whose proof
    verified, then its normalised ``Credential`` (``clr`` uses it for learner records)."""
    issuer_id = id_of(document.get("issuer"))
    starts, ends = window
    log = [_structure_checked(document), *schema.check_schemas(document, fetcher)]
    log.extend(steps)
    state = status.check_status(
        document, fetcher, issuer_id=issuer_id, credential_id=document["id"], now=now
    )
    log.extend(state.steps)
    if state.revoked and raise_on_revoked:
        if state.reason:
            raise ImportRefused(
                "revoked",
                _("The issuer has revoked this credential: %(reason)s"),
                {"reason": state.reason},
            )
        raise ImportRefused("revoked", _("The issuer has revoked this credential."))
    # OB 3.0 §9 judges the validity window after the status: revoked outranks "not yet".
    if starts > now and not state.revoked:
        raise invalid(_("This credential is only valid from %(date)s."), date=starts.isoformat())
    outcome = "verified"
    if state.revoked:
        outcome = "revoked"
    elif ends is not None and ends < now:
        outcome = "expired"
        log.append(step("Expired on %(date)s", date=ends.isoformat()))
    endorsements, endorsement_steps = ob3_endorsements.verify_endorsements(
        document, fetcher, now=now
    )
    log.extend(endorsement_steps)
    if not _identifies_recipient(subject_of(document)):
        log.append(WALLET_BOUND_STEP)
    verification = Verification(
        method=method,
        status=outcome,
        checked_at=now,
        source_url=key.source_url,
        key_id=key.key_id,
        algorithm=algorithm,
        self_asserted_key=key.self_asserted,
        revocation_reason=state.reason,
        steps=tuple(log),
        issuer_origin=issuer_origin(key, issuer_id),
    )
    return normalise(
        document, original, verification, issued=starts, expires=ends, endorsements=endorsements
    )


def _structure_checked(document: dict[str, Any]) -> Step:
    known = OB3_TYPES | {"ClrCredential"}  # a CLR goes through the same checks
    kind = next(t for t in types_of(document.get("type")) if t in known)
    model = "VCDM 2.0" if jsonld.contexts_of(document)[0] == jsonld.VC_V2 else "VCDM 1.1"
    return step("Structure checked: %(type)s (%(model)s)", type=kind, model=model)
