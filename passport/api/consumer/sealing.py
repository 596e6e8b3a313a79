"""Secrets Passport holds for remote hosts (client secrets, tokens), sealed at rest.

Fernet (AES-128-CBC with an HMAC) under a key derived from ``SECRET_KEY`` with HKDF, so a
copy of the database alone does not hand out a learner's access to another backpack.
Rotating ``SECRET_KEY`` makes the sealed values unreadable: learners then connect again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_INFO = b"passport.api.consumer sealed secrets v1"


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def unseal(sealed: str) -> str:
    """The clear value, or "" when it is empty or was sealed under another key."""
    if not sealed:
        return ""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""
