"""Importing badges: the one path from a learner's file, URL or text to stored data.

The web form and the ``import_badge`` command both call ``import_badges``. A refused
import raises (or reports) an ``ImportRefused`` and leaves no row and no file behind.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from badges import fetching, step_log
from badges.images import display_image, load_image
from badges.links import keep_web_links
from badges.links import web_url as _web_url
from badges.models import Badge, LearnerRecord, TrustLevel, VerificationCheck, identity_key
from badges.openbadges import clr
from badges.openbadges.bake import Payload, detect_payload, extract_payload
from badges.openbadges.credential import Credential
from badges.openbadges.errors import ImportRefused, _
from badges.openbadges.fetch_budget import BudgetedFetcher, part_of
from badges.openbadges.fetch_types import MAX_FILE_BYTES, Fetcher
from badges.openbadges.identity import match_email
from badges.openbadges.log import step
from badges.openbadges.verify import verify_payload
from badges.registries import trusted_registries

MAX_UPLOAD_BYTES = MAX_FILE_BYTES
BAKED_CARRIERS = {"png": ".png", "svg": ".svg"}


@dataclass(frozen=True)
class ImportSource:
    """What a learner handed in: an uploaded file, a URL or pasted text."""

    label: str
    data: bytes | None = None
    url: str = ""
    text: str = ""
    size: int = 0  # declared size of an upload, known before it is read

    @classmethod
    def from_file(cls, filename: str, data: bytes) -> ImportSource:
        return cls(label=filename or "upload", data=data, size=len(data))

    @classmethod
    def from_upload(cls, upload) -> ImportSource:
        """An uploaded file; one over the limit is refused without being read."""
        if upload.size > MAX_UPLOAD_BYTES:
            return cls(label=upload.name, data=b"", size=upload.size)
        return cls.from_file(upload.name, upload.read())

    @classmethod
    def from_url(cls, url: str) -> ImportSource:
        return cls(label=url, url=url.strip())

    @classmethod
    def from_text(cls, text: str, label: str = "") -> ImportSource:
        return cls(label=label or gettext("Pasted text"), text=text)


class DuplicateBadge(ImportRefused):
    """The learner already holds this badge: ``existing`` is their copy."""

    def __init__(self, existing: Badge) -> None:
        super().__init__("duplicate", _("This badge is already in your backpack."))
        self.existing = existing


@dataclass(frozen=True)
class ImportOutcome:
    source: ImportSource
    badge: Badge | None = None
    code: str = ""
    message: str = ""
    existing: Badge | None = None  # the learner's copy, when refused as a duplicate
    record: LearnerRecord | None = None  # a CLR learner record, stored with its badges

    @property
    def ok(self) -> bool:
        return self.badge is not None or self.record is not None


def import_badges(
    user,
    sources: Iterable[ImportSource],
    *,
    fetcher: Fetcher | None = None,
    records: bool = True,
) -> list[ImportOutcome]:
    """Import each source for ``user``; one outcome per source, in order.

    One fetcher serves the whole run, so documents shared by the badges (issuer,
    badge class, keys, revocation lists) are fetched once. With ``records=False`` (for
    callers that expect one badge per source), a CLR learner record is refused.
    """
    fetcher = fetcher or fetching.get_fetcher()
    outcomes = []
    for source in sources:
        try:
            # Each badge gets its own budget for all the documents it needs.
            budgeted = BudgetedFetcher(fetcher)
            item = import_badge(user, source, fetcher=budgeted, records=records)
            outcomes.append(_outcome(source, item))
        except DuplicateBadge as duplicate:
            message = render_refusal(duplicate)
            outcomes.append(
                ImportOutcome(
                    source, code=duplicate.code, message=message, existing=duplicate.existing
                )
            )
        except ImportRefused as refusal:
            outcomes.append(
                ImportOutcome(source, code=refusal.code, message=render_refusal(refusal))
            )
    return outcomes


def _outcome(source: ImportSource, item: Badge | LearnerRecord) -> ImportOutcome:
    if isinstance(item, Badge):
        return ImportOutcome(source, badge=item)
    count = len(item.achievements)
    message = ngettext(
        "Learner record with %(count)s achievement",
        "Learner record with %(count)s achievements",
        count,
    ) % {"count": count}
    return ImportOutcome(source, record=item, message=message)


def render_refusal(refusal: ImportRefused) -> str:
    """The refusal in the active language, any step among its parameters too."""
    return step_log.translated(refusal.step())


def import_badge(
    user,
    source: ImportSource,
    *,
    fetcher: Fetcher,
    now: datetime | None = None,
    records: bool = True,
) -> Badge | LearnerRecord:
    """Read, verify, match and store one badge, or raise ``ImportRefused``.

    A CLR learner record is stored as a ``LearnerRecord`` with its verified credentials
    as badges of their own, and returned instead.
    """
    now = now or timezone.now()
    payload, baked = _read_payload(source)
    unbaked: list[tuple[bytes, str] | None] = []

    def unbake(data: bytes) -> Payload:
        # A URL that serves a baked image: verification fetched it once; keep its bytes.
        found = extract_payload(data, source.label)
        unbaked.append(_baked(found, data))
        return found

    credential = verify_payload(
        payload,
        fetcher,
        now=now,
        unbake=unbake,
        registries=trusted_registries(fetcher),
        records=records,
    )
    baked = baked or next(iter(unbaked), None)
    if isinstance(credential, clr.LearnerRecord):
        return _import_record(user, credential, source, fetcher)
    credential = keep_web_links(credential)
    recipient_email = _match_recipient(user, credential)
    key = identity_key(_issuer_identifier(credential), credential.id)
    _refuse_duplicate(user, key)
    image = load_image(credential.image, fetcher) if credential.image else None
    # Without an image of its own, a baked badge is shown from its file, re-encoded.
    image = image or display_image(baked)
    return _store(user, credential, key, recipient_email, baked, image, source)


def _import_record(
    user, verified: clr.LearnerRecord, source: ImportSource, fetcher: Fetcher
) -> LearnerRecord:
    """Match and store a learner record and, as badges, the credentials that verified.

    The record follows a badge's rules (its recipient must be one of the learner's
    verified addresses, a second copy is refused). A nested credential issued to
    someone else, or already in the backpack, is left out with a step saying so.
    """
    credential = keep_web_links(verified.credential)
    recipient_email = _match_recipient(user, credential)
    key = identity_key(_issuer_identifier(credential), credential.id)
    _refuse_duplicate_record(user, key)
    steps = list(credential.verification.steps)
    nested, seen = [], set()
    for position, item in enumerate(verified.credentials, start=1):
        item = keep_web_links(item)
        item_key = identity_key(_issuer_identifier(item), item.id)
        try:
            email = _match_recipient(user, item)
            _refuse_duplicate(user, item_key)
        except ImportRefused as refusal:
            steps.append(
                step(
                    "Badge %(position)d (%(name)s) not added: %(reason)s",
                    position=position,
                    name=item.name,
                    reason=refusal.step(),
                )
            )
            continue
        if item_key in seen:
            continue
        seen.add(item_key)
        image = load_image(item.image, part_of(fetcher)) if item.image else None
        nested.append((item, item_key, email, image))
    verification = dataclasses.replace(credential.verification, steps=tuple(steps))
    row = _record_row(user, verified, credential, key, recipient_email, source, verification)
    return _store_record(user, row, nested)


def _record_row(user, verified, credential, key, recipient_email, source, verification):
    return LearnerRecord(
        owner=user,
        identity_key=key,
        credential_id=credential.id[:2000],
        name=credential.name[:500],
        description=credential.description,
        issuer_identifier=_issuer_identifier(credential)[:2000],
        issuer_name=credential.issuer.name[:500],
        issuer_url=credential.issuer.url,
        issued_on=credential.issued_on,
        expires=credential.expires,
        partial=verified.partial,
        achievements=[to_json(a) for a in verified.achievements],
        associations=[to_json(a) for a in verified.associations],
        original=credential.original,
        original_filename=(source.label if source.data is not None else "")[:255],
        source_url=_web_url(source.url or verification.source_url),
        document=to_json(credential.document),
        recipient_email=recipient_email,
        status=verification.status,
        trust=verification.trust or TrustLevel.ISSUER_NOT_CONFIRMED,
        trust_source=verification.trust_source[:500],
        verification=stored_verification(verification),
        verified_at=verification.checked_at,
    )


def _store_record(user, row: LearnerRecord, nested) -> LearnerRecord:
    """The record and its badges in one transaction: all of them, or nothing."""
    saved: list[str] = []
    inner = ImportSource(label="")
    try:
        with transaction.atomic():
            row.save()
            for credential, key, email, image in nested:
                badge = _create_badge(user, credential, key, email, None, inner, saved)
                badge.record = row
                if image:
                    save_image(badge, image, saved)
                badge.save()
                record_check(badge, credential.verification)
    except IntegrityError as error:
        _delete_files(saved)
        # A concurrent import stored the record or one of its badges first.
        _refuse_duplicate_record(user, row.identity_key)
        raise ImportRefused(
            "duplicate", _("A badge of this learner record was added to your backpack meanwhile.")
        ) from error
    except BaseException:
        _delete_files(saved)
        raise
    return row


def _refuse_duplicate_record(user, key: str) -> None:
    if LearnerRecord.objects.filter(owner=user, identity_key=key).exists():
        raise ImportRefused("duplicate", _("This learner record is already in your backpack."))


def _read_payload(source: ImportSource) -> tuple[Payload, tuple[bytes, str] | None]:
    """The payload to verify and, for an uploaded baked image, its bytes and extension.

    A URL is handed to verification as it is: verification fetches it once and reads
    whatever it serves (an assertion, a credential, a signed badge or a baked image).
    """
    if source.data is not None:
        if max(source.size, len(source.data)) > MAX_UPLOAD_BYTES:
            raise ImportRefused("too_large", _("The file is larger than 10 MB."))
        payload = extract_payload(source.data, source.label)
        return payload, _baked(payload, source.data)
    if source.url:
        if not source.url.lower().startswith(("http://", "https://")):
            raise ImportRefused(
                "invalid", _("Enter a web address that starts with https:// or http://.")
            )
        return Payload(kind="url", text=source.url, carrier="url"), None
    return detect_payload(source.text), None


def _baked(payload: Payload, data: bytes) -> tuple[bytes, str] | None:
    extension = BAKED_CARRIERS.get(payload.carrier)
    return (data, extension) if extension else None


def _match_recipient(user, credential: Credential) -> str:
    """The learner's verified address the badge was issued to ("" when not e-mail)."""
    emails = [r for r in credential.recipients if r.type == "email"]
    if not emails:
        return ""
    matched = match_email(credential.recipients, user.verified_emails())
    if matched:
        return matched
    plain = next((r.identity for r in emails if not r.hashed), "")
    if plain:
        raise ImportRefused(
            "recipient_mismatch",
            _(
                "This badge was issued to %(email)s, which is not one of your verified "
                "e-mail addresses. Add and verify that address in your e-mail settings, "
                "then try again."
            ),
            {"email": plain},
        )
    raise ImportRefused(
        "recipient_mismatch",
        _(
            "This badge was issued to an e-mail address that is not one of your verified "
            "addresses. Add and verify the address the issuer used in your e-mail settings, "
            "then try again."
        ),
    )


def _refuse_duplicate(user, key: str) -> None:
    existing = Badge.objects.filter(owner=user, identity_key=key).first()
    if existing:
        raise DuplicateBadge(existing)


def _issuer_identifier(credential: Credential) -> str:
    issuer = credential.issuer
    if issuer.id:
        return issuer.id
    digest = hashlib.sha256(f"{issuer.name}\n{issuer.url}".encode()).hexdigest()[:32]
    return f"urn:passport:issuer:{digest}"


def _store(user, credential, key, recipient_email, baked, image, source) -> Badge:
    saved: list[str] = []
    try:
        with transaction.atomic():
            badge = _create_badge(user, credential, key, recipient_email, baked, source, saved)
            if image:
                save_image(badge, image, saved)
            badge.save()
            record_check(badge, credential.verification)
    except IntegrityError:
        _delete_files(saved)
        _refuse_duplicate(user, key)  # a concurrent import stored it first
        raise
    except BaseException:
        _delete_files(saved)
        raise
    return badge


def display_fields(credential: Credential) -> dict[str, Any]:
    """What a badge shows, taken from its own verified credential and nothing else."""
    issuer = credential.issuer
    return {
        "name": credential.name[:500],
        "description": credential.description,
        "image_source": _image_source(credential.image),
        "achievement_id": credential.badge_class_id[:2000],
        "criteria_url": credential.criteria_url,
        "criteria_narrative": credential.criteria_narrative,
        "alignments": [to_json(a) for a in credential.alignments],
        "tags": list(credential.tags),
        "issuer_identifier": _issuer_identifier(credential)[:2000],
        "issuer_name": issuer.name[:500],
        "issuer_url": issuer.url,
        "issuer_email": issuer.email if "@" in issuer.email else "",
        "issuer_description": issuer.description,
        "issued_on": credential.issued_on,
        "expires": credential.expires,
        "narrative": credential.narrative,
        "evidence": [to_json(e) for e in credential.evidence],
        "endorsements": [to_json(e) for e in credential.endorsements],
    }


def verification_fields(verification) -> dict[str, Any]:
    return {
        "status": verification.status,
        "status_reason": verification.revocation_reason,
        "trust": verification.trust or TrustLevel.ISSUER_NOT_CONFIRMED,
        "trust_source": verification.trust_source[:500],
        "verification": stored_verification(verification),
        "verified_at": verification.checked_at,
    }


def stored_verification(verification) -> dict[str, Any]:
    """A ``Verification`` as a badge or a record stores it: its steps with their ids."""
    return to_json(verification) | {"steps": step_log.stored(verification.steps)}


def _image_source(image: str) -> str:
    return "data:" if image.startswith("data:") else image[:2000]


def save_image(badge: Badge, image: tuple[bytes, str], saved: list[str]) -> None:
    """Store the badge's own copy of its image (``saved`` collects names to undo)."""
    data, extension = image
    badge.image.save(f"image{extension}", ContentFile(data), save=False)
    saved.append(badge.image.name)


def _create_badge(user, credential, key, recipient_email, baked, source, saved) -> Badge:
    verification = credential.verification
    badge = Badge(
        owner=user,
        identity_key=key,
        credential_id=credential.id[:2000],
        spec=credential.spec,
        original=credential.original,
        original_filename=(source.label if source.data is not None else "")[:255],
        source_url=_web_url(source.url or verification.source_url),
        document=to_json(credential.document),
        recipient_email=recipient_email,
        recipient_confirmed=bool(recipient_email),
        **display_fields(credential),
        **verification_fields(verification),
    )
    if baked:
        data, extension = baked
        badge.original_file.save(f"badge{extension}", ContentFile(data), save=False)
        saved.append(badge.original_file.name)
    return badge


def record_check(badge: Badge, verification) -> VerificationCheck:
    return VerificationCheck.objects.create(
        badge=badge,
        checked_at=verification.checked_at,
        status=verification.status,
        trust=verification.trust or TrustLevel.ISSUER_NOT_CONFIRMED,
        method=verification.method,
        **step_log.check_fields(verification.steps),
    )


def _delete_files(names: Sequence[str]) -> None:
    for name in names:
        default_storage.delete(name)


def to_json(value: Any) -> Any:
    """Dataclasses, datetimes and tuples made JSON-safe for JSONField."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
