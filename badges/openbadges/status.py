"""Revocation: ``credentialStatus`` entries, checked through the safe fetcher.

Supported: 1EdTech's ``1EdTechRevocationList`` (a JSON list of revoked credential
ids), W3C ``BitstringStatusListEntry`` and its predecessors ``StatusList2021Entry``
and ``RevocationList2020Status`` (a signed status list credential holding a GZIP'd
bitstring, bits read most significant first). A status that cannot be checked stops
verification: a credential is never reported verified with its status unknown. A status
list credential must itself be signed by the credential's issuer and be within its own
validity window; one that is not (tampered, someone else's, expired) leaves the status
unknown, ``fetch_failed``: it says nothing about the credential's own signature.

Lists are fetched fresh (``get_uncached``), never from the shared cache: they say whether
a credential is valid now.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from . import data_integrity, vcjwt
from .errors import ImportRefused, _
from .fetch_types import Fetcher, Response
from .log import Step, step

MAX_BITSTRING_BYTES = 16 * 1024 * 1024
GZIP_BASE64_START = "H4sI"  # base64 of the GZIP magic number and deflate method


@dataclass(frozen=True)
class StatusCheck:
    revoked: bool
    reason: str
    steps: tuple[Step, ...]


# entry type -> (list credential field, index field, list subject types)
BITSTRING_ENTRIES = {
    "BitstringStatusListEntry": ("statusListCredential", "statusListIndex", "BitstringStatusList"),
    "StatusList2021Entry": ("statusListCredential", "statusListIndex", "StatusList2021"),
    "RevocationList2020Status": (
        "revocationListCredential",
        "revocationListIndex",
        "RevocationList2020",
    ),
}


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _invalid(message: str, **params: Any) -> ImportRefused:
    return ImportRefused("invalid", message, params)


def check_status(
    document: dict[str, Any],
    fetcher: Fetcher,
    *,
    issuer_id: str,
    credential_id: str,
    now: datetime | None = None,
) -> StatusCheck:
    """Whether ``document`` is revoked (or suspended) by any of its status entries.

    ``now`` (default: the current time) judges the status lists' own validity windows.
    """
    now = now or datetime.now(UTC)
    entries = document.get("credentialStatus")
    if entries is None:
        return StatusCheck(False, "", (step("No status list declared"),))
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise _invalid(_("The credential's status information is malformed."))
    revoked, reason, steps = False, "", []
    lists: dict[str, Any] = {}  # URL -> verified list, fetched once per check
    for entry in entries:
        check = _check_entry(entry, fetcher, issuer_id, credential_id, lists, now)
        steps.extend(check.steps)
        if check.revoked and not revoked:
            revoked, reason = True, check.reason
    return StatusCheck(revoked, reason, tuple(steps))


def _check_entry(
    entry: dict[str, Any],
    fetcher: Fetcher,
    issuer_id: str,
    credential_id: str,
    lists: dict[str, Any],
    now: datetime,
) -> StatusCheck:
    kind = entry.get("type")
    if kind == "1EdTechRevocationList":
        return _check_1edtech(entry, fetcher, credential_id)
    if isinstance(kind, str) and kind in BITSTRING_ENTRIES:
        return _check_bitstring(entry, kind, fetcher, issuer_id, lists, now)
    raise ImportRefused(
        "unsupported",
        _("The credential's status is published as %(type)s, which Passport cannot check."),
        {"type": str(kind)[:80]},
    )


def _url(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise _invalid(_("The address of the %(what)s is missing or not a URL."), what=what)
    return value


def _fetch_fresh(fetcher: Fetcher, url: str, accept: str) -> Response:
    """GET ``url`` past any cache; an HTTP error means the status cannot be checked."""
    response = getattr(fetcher, "get_uncached", fetcher.get)(url, accept=accept)
    if response.status != 200:
        raise ImportRefused(
            "fetch_failed",
            _("%(url)s answered with HTTP status %(status)s."),
            {"url": url, "status": response.status},
        )
    return response


def _unchecked(message: str, **params: Any) -> ImportRefused:
    return ImportRefused("fetch_failed", message, params)


# --- 1EdTech revocation list ----------------------------------------------------------


def _check_1edtech(entry: dict[str, Any], fetcher: Fetcher, credential_id: str) -> StatusCheck:
    url = _url(entry.get("id"), "revocation list")
    response = _fetch_fresh(fetcher, url, "application/json")
    try:
        document = json.loads(response.content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _invalid(_("%(url)s did not answer with JSON."), url=url) from error
    revoked = document.get("revokedCredential") if isinstance(document, dict) else None
    if not isinstance(revoked, list):
        raise _invalid(_("The revocation list at %(url)s is malformed."), url=url)
    for item in revoked:
        revoked_id = item.get("id") if isinstance(item, dict) else item
        if revoked_id == credential_id:
            reason = item.get("revocationReason", "") if isinstance(item, dict) else ""
            reason = reason if isinstance(reason, str) else ""
            checked = step("Revocation list %(url)s checked: revoked", url=url)
            return StatusCheck(True, reason[:500], (checked,))
    return StatusCheck(False, "", (step("Revocation list %(url)s checked: not revoked", url=url),))


# --- bitstring status lists -----------------------------------------------------------


def _check_bitstring(
    entry: dict[str, Any],
    kind: str,
    fetcher: Fetcher,
    issuer_id: str,
    lists: dict[str, Any],
    now: datetime,
) -> StatusCheck:
    list_field, index_field, subject_type = BITSTRING_ENTRIES[kind]
    url = _url(entry.get(list_field), "status list")
    index = _index(entry.get(index_field))
    purpose = entry.get("statusPurpose", "revocation")
    steps: list[Step] = []
    if url not in lists:
        lists[url], list_steps = _verified_list(url, fetcher, issuer_id, now)
        steps.extend(
            step("Status list %(url)s: %(detail)s", url=url, detail=line) for line in list_steps
        )
    subject = lists[url]
    if subject_type not in _types(subject.get("type")):
        raise _invalid(
            _("The status list at %(url)s is not a %(type)s."), url=url, type=subject_type
        )
    if kind != "RevocationList2020Status" and purpose not in _purposes(subject):
        raise _invalid(
            _("The status list at %(url)s is not for the purpose %(purpose)s."),
            url=url,
            purpose=str(purpose)[:40],
        )
    size = entry.get("statusSize", 1)
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= 64:
        raise _invalid(_("The status entry's size is invalid."))
    bits = _bitstring(subject.get("encodedList"), url)
    value = _read_bits(bits, index * size, size, url)
    suspension = purpose == "suspension"
    if purpose in ("revocation", "suspension") and value:
        if suspension:
            steps.append(step("Status list checked: suspended"))
            return StatusCheck(True, "Suspended by the issuer", tuple(steps))
        steps.append(step("Status list checked: revoked"))
        return StatusCheck(True, "", tuple(steps))
    if suspension:
        steps.append(step("Status list checked: not suspended"))
    else:
        steps.append(step("Status list checked: not revoked"))
    return StatusCheck(False, "", tuple(steps))


def _purposes(subject: dict[str, Any]) -> list[str]:
    return _types(subject.get("statusPurpose"))


def _index(value: Any) -> int:
    if isinstance(value, str) and value.isdigit() and len(value) <= 12:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _invalid(_("The status list index is not a non-negative whole number."))
    return value


def _verified_list(
    url: str, fetcher: Fetcher, issuer_id: str, now: datetime
) -> tuple[dict[str, Any], list[Step]]:
    """Fetch a status list credential, check its signature, issuer and dates; its subject."""
    response = _fetch_fresh(
        fetcher, url, "application/vc+ld+json, application/json, application/vc+jwt"
    )
    text = response.content.decode("utf-8-sig", errors="replace").strip()
    try:
        credential, claims, steps = _verified_list_credential(text, url, fetcher)
    except ImportRefused as refusal:
        if refusal.code != "invalid_signature":
            raise
        raise _unchecked(
            _(
                "Whether this credential is revoked could not be checked: the status list "
                "at %(url)s is not properly signed. %(reason)s"
            ),
            url=url,
            reason=refusal.step(),
        ) from refusal
    if _issuer_id(credential) != issuer_id:
        raise _unchecked(
            _(
                "Whether this credential is revoked could not be checked: the status list "
                "at %(url)s was not published by the credential's issuer."
            ),
            url=url,
        )
    steps.extend(_check_list_window(credential, claims, url, now))
    subject = credential.get("credentialSubject")
    if not isinstance(subject, dict):
        raise _invalid(_("The status list at %(url)s is malformed."), url=url)
    return subject, steps


def _check_list_window(
    credential: dict[str, Any], claims: dict[str, Any], url: str, now: datetime
) -> list[Step]:
    """A status list outside its own validity window says nothing about today."""
    starts = vcjwt.parse_datetime(credential.get("validFrom"))
    starts = starts or vcjwt.parse_datetime(credential.get("issuanceDate"))
    starts = starts or vcjwt.numeric_date(claims.get("nbf"))
    ends = vcjwt.parse_datetime(credential.get("validUntil"))
    ends = ends or vcjwt.parse_datetime(credential.get("expirationDate"))
    ends = ends or vcjwt.numeric_date(claims.get("exp"))
    if starts is not None and starts > now:
        raise _unchecked(
            _(
                "Whether this credential is revoked could not be checked: the status list "
                "at %(url)s is only valid from %(date)s."
            ),
            url=url,
            date=starts.date().isoformat(),
        )
    if ends is None:
        return []
    if ends < now:
        raise _unchecked(
            _(
                "Whether this credential is revoked could not be checked: the status list "
                "at %(url)s expired on %(date)s."
            ),
            url=url,
            date=ends.date().isoformat(),
        )
    # Translators: of a status list, after "Status list <address>:".
    return [step("valid until %(date)s", date=ends.date().isoformat())]


def _verified_list_credential(
    text: str, url: str, fetcher: Fetcher
) -> tuple[dict[str, Any], dict[str, Any], list[Step]]:
    """The status list credential (VC-JWT or embedded proof) once its signature holds,
    with the JWT claims (empty for an embedded proof) and the steps."""
    if vcjwt.looks_like_jws(text):
        check = vcjwt.decode(text, fetcher)
        if not vcjwt.key_belongs_to(check.key, _issuer_id(check.credential)):
            raise ImportRefused(
                "invalid_signature", _("The signing key does not belong to the list's issuer.")
            )
        return check.credential, check.claims, list(check.steps)
    credential = _json_object(text, url)
    proof = data_integrity.verify_proofs(credential, fetcher, issuer_id=_issuer_id(credential))
    return credential, {}, list(proof.steps)


def _json_object(text: str, url: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise _invalid(_("%(url)s did not answer with JSON."), url=url) from error
    if not isinstance(value, dict):
        raise _invalid(_("The status list at %(url)s is malformed."), url=url)
    return value


def _issuer_id(credential: dict[str, Any]) -> str:
    issuer = credential.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    return issuer if isinstance(issuer, str) else ""


def _bitstring(encoded: Any, url: str) -> bytes:
    """Decode ``encodedList``: multibase base64url (``u…``) or bare base64 of GZIP."""
    if not isinstance(encoded, str):
        raise _invalid(_("The status list at %(url)s has no encoded list."), url=url)
    if encoded.startswith("u" + GZIP_BASE64_START):
        encoded = encoded[1:]
    encoded = encoded.replace("+", "-").replace("/", "_").rstrip("=")
    try:
        packed = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        inflater = zlib.decompressobj(wbits=31)  # GZIP container
        bits = inflater.decompress(packed, MAX_BITSTRING_BYTES)
    except (binascii.Error, ValueError, zlib.error) as error:
        raise _invalid(_("The status list at %(url)s cannot be decoded."), url=url) from error
    if inflater.unconsumed_tail:
        raise _invalid(_("The status list at %(url)s is too large."), url=url)
    return bits


def _read_bits(bits: bytes, start: int, size: int, url: str) -> int:
    if start + size > len(bits) * 8:
        raise _invalid(_("The status list at %(url)s is shorter than the entry's index."), url=url)
    value = 0
    for position in range(start, start + size):
        byte = bits[position // 8]
        value = (value << 1) | ((byte >> (7 - position % 8)) & 1)  # most significant first
    return value
