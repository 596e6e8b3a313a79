"""The badge's own data as others may fetch it: the original JSON, or the signed JWS."""

from __future__ import annotations

import base64
import binascii
import json
import re

from badges.models import Badge

COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+")


def compact_jws(badge: Badge) -> str:
    """The compact JWS the badge arrived as (OB 2.0 signed, OB 3.0 VC-JWT), or ""."""
    text = badge.original.strip()
    return text if COMPACT_JWS.fullmatch(text) else ""


def json_text(badge: Badge) -> str:
    """The original when it is JSON, byte for byte; otherwise the parsed document."""
    original = badge.original.strip()
    if original.startswith(("{", "[")):
        try:
            json.loads(original)
        except ValueError:
            pass
        else:
            return original
    return json.dumps(badge.document, indent=2, ensure_ascii=False)


def reveals_email(badge: Badge, account_email: str = "") -> bool:
    """Does the published data carry the learner's e-mail address in plain text?

    Issuers may name the recipient by a hash or in clear; the owner is told, so they
    can decide before sharing the credential itself.
    """
    addresses = {a.lower() for a in (badge.recipient_email, account_email) if a}
    if not addresses:
        return False
    texts = [badge.original, json.dumps(badge.document, ensure_ascii=False)]
    jws = compact_jws(badge)
    if jws:
        texts.append(_jws_payload(jws))
    haystack = "\n".join(texts).lower()
    return any(address in haystack for address in addresses)


def _jws_payload(jws: str) -> str:
    payload = jws.split(".")[1]
    try:
        return base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""
