"""Revocation: ``credentialStatus`` entries, checked through the safe fetcher.

Supported: 1EdTech's ``1EdTechRevocationList`` (a JSON list of revoked credential
ids), W3C ``BitstringStatusListEntry`` and its predecessors ``StatusList2021Entry``
and ``RevocationList2020Status`` (a signed status list credential holding a GZIP'd
bitstring, bits read most significant first). A status that cannot be checked stops
verification: a credential is never reported verified with its status unknown.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass
from typing import Any

from . import data_integrity, did, vcjwt
from .errors import ImportRefused, _
from .fetch_types import Fetcher

MAX_BITSTRING_BYTES = 16 * 1024 * 1024
GZIP_BASE64_START = "H4sI"  # base64 of the GZIP magic number and deflate method


@dataclass(frozen=True)
class StatusCheck:
    revoked: bool
    reason: str
    steps: tuple[str, ...]


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
    document: dict[str, Any], fetcher: Fetcher, *, issuer_id: str, credential_id: str
) -> StatusCheck:
    entries = document.get("credentialStatus")
    if entries is None:
        return StatusCheck(False, "", ("No status list declared",))
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise _invalid(_("The credential's status information is malformed."))
    revoked, reason, steps = False, "", []
    lists: dict[str, Any] = {}  # URL -> verified list, fetched once per check
    for entry in entries:
        check = _check_entry(entry, fetcher, issuer_id, credential_id, lists)
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
) -> StatusCheck:
    kind = entry.get("type")
    if kind == "1EdTechRevocationList":
        return _check_1edtech(entry, fetcher, credential_id)
    if isinstance(kind, str) and kind in BITSTRING_ENTRIES:
        return _check_bitstring(entry, kind, fetcher, issuer_id, lists)
    raise ImportRefused(
        "unsupported",
        _("The credential's status is published as %(type)s, which Passport cannot check."),
        {"type": str(kind)[:80]},
    )


def _url(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise _invalid(_("The address of the %(what)s is missing or not a URL."), what=what)
    return value


# --- 1EdTech revocation list ----------------------------------------------------------


def _check_1edtech(entry: dict[str, Any], fetcher: Fetcher, credential_id: str) -> StatusCheck:
    url = _url(entry.get("id"), "revocation list")
    document = did.fetch_json(fetcher, url)
    revoked = document.get("revokedCredential") if isinstance(document, dict) else None
    if not isinstance(revoked, list):
        raise _invalid(_("The revocation list at %(url)s is malformed."), url=url)
    for item in revoked:
        revoked_id = item.get("id") if isinstance(item, dict) else item
        if revoked_id == credential_id:
            reason = item.get("revocationReason", "") if isinstance(item, dict) else ""
            reason = reason if isinstance(reason, str) else ""
            return StatusCheck(True, reason[:500], (f"Revocation list {url} checked: revoked",))
    return StatusCheck(False, "", (f"Revocation list {url} checked: not revoked",))


# --- bitstring status lists -----------------------------------------------------------


def _check_bitstring(
    entry: dict[str, Any], kind: str, fetcher: Fetcher, issuer_id: str, lists: dict[str, Any]
) -> StatusCheck:
    list_field, index_field, subject_type = BITSTRING_ENTRIES[kind]
    url = _url(entry.get(list_field), "status list")
    index = _index(entry.get(index_field))
    purpose = entry.get("statusPurpose", "revocation")
    steps: list[str] = []
    if url not in lists:
        lists[url], list_steps = _verified_list(url, fetcher, issuer_id)
        steps.extend(f"Status list {url}: {step}" for step in list_steps)
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
    if purpose in ("revocation", "suspension") and value:
        word = "revoked" if purpose == "revocation" else "suspended"
        steps.append(f"Status list checked: {word}")
        reason = "Suspended by the issuer" if purpose == "suspension" else ""
        return StatusCheck(True, reason, tuple(steps))
    steps.append(
        f"Status list checked: not {'suspended' if purpose == 'suspension' else 'revoked'}"
    )
    return StatusCheck(False, "", tuple(steps))


def _purposes(subject: dict[str, Any]) -> list[str]:
    return _types(subject.get("statusPurpose"))


def _index(value: Any) -> int:
    if isinstance(value, str) and value.isdigit() and len(value) <= 12:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _invalid(_("The status list index is not a non-negative whole number."))
    return value


def _verified_list(url: str, fetcher: Fetcher, issuer_id: str) -> tuple[dict[str, Any], list]:
    """Fetch a status list credential, check its signature and issuer; its subject."""
    response = fetcher.get(
        url, accept="application/vc+ld+json, application/json, application/vc+jwt"
    )
    if response.status != 200:
        raise ImportRefused(
            "fetch_failed",
            _("%(url)s answered with HTTP status %(status)s."),
            {"url": url, "status": response.status},
        )
    text = response.content.decode("utf-8-sig", errors="replace").strip()
    try:
        credential, steps = _verified_list_credential(text, url, fetcher)
    except ImportRefused as refusal:
        if refusal.code != "invalid_signature":
            raise
        raise ImportRefused(
            "invalid_signature",
            _("The status list at %(url)s is not properly signed: %(reason)s"),
            {"url": url, "reason": refusal.render()},
        ) from refusal
    if _issuer_id(credential) != issuer_id:
        raise ImportRefused(
            "invalid_signature",
            _("The status list at %(url)s was not published by the credential's issuer."),
            {"url": url},
        )
    subject = credential.get("credentialSubject")
    if not isinstance(subject, dict):
        raise _invalid(_("The status list at %(url)s is malformed."), url=url)
    return subject, steps


def _verified_list_credential(
    text: str, url: str, fetcher: Fetcher
) -> tuple[dict[str, Any], list[str]]:
    """The status list credential (VC-JWT or embedded proof) once its signature holds."""
    if vcjwt.looks_like_jws(text):
        check = vcjwt.decode(text, fetcher)
        if not vcjwt.key_belongs_to(check.key, _issuer_id(check.credential)):
            raise ImportRefused(
                "invalid_signature", _("The signing key does not belong to the list's issuer.")
            )
        return check.credential, list(check.steps)
    credential = _json_object(text, url)
    proof = data_integrity.verify_proofs(credential, fetcher, issuer_id=_issuer_id(credential))
    return credential, list(proof.steps)


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
