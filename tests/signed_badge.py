"""An Open Badges 3.0 credential signed here, with its picture inside, baked into a PNG.

It verifies with nothing to fetch (a did:key issuer, a data: image), so it can be
uploaded to a real server process as well as to the test client.
"""

from __future__ import annotations

import base64
import io
import uuid
from datetime import UTC, datetime

import jwt
from cryptography.hazmat.primitives.asymmetric import ed25519
from PIL import Image

from badges.openbadges.bake import bake_png
from badges.openbadges.did import multikey_of
from badges.sample import OB3_CONTEXTS


def picture_png(colour=(200, 60, 30), size=(96, 96)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, "PNG")
    return output.getvalue()


def signed_credential(email: str, name: str = "Storage badge") -> str:
    key = ed25519.Ed25519PrivateKey.generate()
    did = "did:key:" + multikey_of(key.public_key())
    now = datetime.now(UTC)
    image = "data:image/png;base64," + base64.b64encode(picture_png()).decode()
    credential = {
        "@context": OB3_CONTEXTS,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Storage Academy"},
        "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "name": name,
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
                "id": f"urn:uuid:{uuid.uuid4()}",
                "type": ["Achievement"],
                "name": name,
                "description": "Kept in object storage.",
                "criteria": {"narrative": "Store a file."},
                "image": {"id": image, "type": "Image"},
            },
        },
    }
    claims = {**credential, "iss": did, "jti": credential["id"], "nbf": int(now.timestamp())}
    kid = f"{did}#{did.removeprefix('did:key:')}"
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})


def signed_badge_png(email: str, name: str = "Storage badge") -> bytes:
    return bake_png(
        picture_png((30, 90, 200)), signed_credential(email, name), "openbadgecredential"
    )
