"""A sample badge for a newcomer: a real Open Badges 3.0 credential, made for them here.

It is signed by this Passport's own key (a did:key derived from ``SECRET_KEY``), so it
goes through the same verification as any badge, and shows what a learner will see of
a badge whose issuer is not confirmed: a did:key proves the badge is intact, not who
issued it. Its name and description say plainly that it is a sample.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

import jwt
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.conf import settings
from django.utils.translation import gettext as _

from badges.openbadges.did import multikey_of

OB3_CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _key() -> ed25519.Ed25519PrivateKey:
    seed = hashlib.sha256(f"passport-sample-badge:{settings.SECRET_KEY}".encode()).digest()
    return ed25519.Ed25519PrivateKey.from_private_bytes(seed)


def issuer_did() -> str:
    return "did:key:" + multikey_of(_key().public_key())


def sample_credential(email: str, *, now: datetime | None = None) -> str:
    """A signed VC-JWT awarding the sample badge to ``email``."""
    now = now or datetime.now(UTC)
    did = issuer_did()
    credential = {
        "@context": OB3_CONTEXTS,
        # One sample per address: pressed twice, it is "already in your backpack".
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{did}#sample:{email.lower()}')}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": _("Passport (sample issuer)")},
        "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "name": _("Sample badge: my first badge in Passport"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": email,
                    "identityType": "emailAddress",
                    "hashed": False,
                }
            ],
            "achievement": {
                "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, did)}",
                "type": ["Achievement"],
                "name": _("Sample badge: my first badge in Passport"),
                "description": _(
                    "A sample made by this Passport to show how a badge looks and is checked. "
                    "It proves nothing about you: delete it once you have added real ones."
                ),
                "criteria": {"narrative": _("Ask for a sample badge on the “Add badges” page.")},
            },
        },
    }
    claims = {
        **credential,
        "iss": did,
        "jti": credential["id"],
        "nbf": int(now.timestamp()),
    }
    kid = f"{did}#{did.removeprefix('did:key:')}"
    return jwt.encode(claims, _key(), algorithm="EdDSA", headers={"kid": kid})
