"""Matching a badge's recipient against the e-mail addresses a learner has verified.

An Open Badges recipient identity is either a plain value or
``alg$hexdigest(alg(value + salt))`` with ``alg`` ``sha256`` or ``md5`` (older badges also
used ``sha1`` and ``sha512``); the hex digest may be upper or lower case. Issuers differ in
how they case an address before hashing it, so each address is tried as given,
lower-cased, and with only its domain lower-cased.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from .credential import Recipient

HASH_ALGORITHMS = ("sha256", "md5", "sha1", "sha512")
_HASHED = re.compile(r"^(sha256|md5|sha1|sha512)\$([0-9a-fA-F]+)$")


def hash_identity(value: str, salt: str = "", alg: str = "sha256") -> str:
    """``alg$hexdigest`` of ``value + salt``, as an issuer would write it."""
    if alg not in HASH_ALGORITHMS:
        raise ValueError(f"unsupported identity hash {alg!r}")
    # Matching, not protecting a secret: md5 and sha1 are what old issuers used.
    digest = hashlib.new(alg, (value + salt).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{alg}${digest}"


def is_hashed_identity(identity: str) -> bool:
    return bool(_HASHED.match(identity.strip()))


def email_variants(email: str) -> list[str]:
    """The spellings of ``email`` an issuer may have hashed, most likely first."""
    email = email.strip()
    local, at, domain = email.rpartition("@")
    candidates = [email, email.lower()]
    if at:
        # Addresses are often stored lower-cased while an issuer hashed what a person
        # typed: "Jane.Doe@school.ca", "Jane@School.ca", "JANE@SCHOOL.CA".
        named = re.sub(r"(^|[._-])([a-z])", lambda m: m[1] + m[2].upper(), local.lower())
        candidates.append(email.upper())
        for spelling in (local, named, local[:1].upper() + local[1:].lower()):
            candidates += [f"{spelling}@{domain.lower()}", f"{spelling}@{domain.title()}"]
    return list(dict.fromkeys(candidates))


def recipient_matches(recipient: Recipient, email: str) -> bool:
    """True when ``recipient`` names the e-mail address ``email``.

    Only ``email`` recipients can match; ``url``, ``telephone`` and ``id`` ones never do.
    """
    if recipient.type != "email" or not email or "@" not in email:
        return False
    identity = recipient.identity.strip()
    match = _HASHED.match(identity)
    if match is None:
        if recipient.hashed:
            return False  # says hashed but is not a hash we can compute
        plain = identity.removeprefix("mailto:")
        return plain.casefold() == email.strip().casefold()
    alg, expected = match.group(1), match.group(2).lower()
    for candidate in email_variants(email):
        computed = hash_identity(candidate, recipient.salt, alg).partition("$")[2]
        if hmac.compare_digest(computed, expected):
            return True
    return False


def match_email(recipients: Iterable[Recipient], emails: Iterable[str]) -> str | None:
    """The first of ``emails`` (a learner's verified addresses) that a recipient names."""
    recipients = tuple(recipients)
    for email in emails:
        if any(recipient_matches(recipient, email) for recipient in recipients):
            return email
    return None
