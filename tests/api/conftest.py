"""A registered platform, connected learners and OB 3.0 credentials issued to them."""

from __future__ import annotations

import pytest

from tests.api.spec_client import Platform
from tests.badges.conftest import issuer  # noqa: F401 - the fake issuer fixture
from tests.openbadges import ob3_issuer as ob3


def subject(email: str, achievement: str = "teamwork") -> dict:
    return {
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
            "id": f"https://issuer.example/achievements/{achievement}",
            "type": ["Achievement"],
            "name": achievement.title(),
            "description": f"Shows {achievement}.",
            "criteria": {"narrative": "Nominated by peers."},
        },
    }


@pytest.fixture
def signer(issuer):  # noqa: F811 - the fixture imported above
    """An OB 3.0 issuer with a did:key, reachable through the fake issuer's fetcher."""
    return ob3.did_key_issuer(fetcher=issuer.fetcher)


@pytest.fixture
def mint(signer):
    """``mint(email, number=1, vc_jwt=True)``: a credential issued to ``email``."""

    def make(email: str = "owner@example.org", number: int = 1, *, vc_jwt: bool = True):
        document = ob3.credential(
            signer,
            credential_id=f"urn:uuid:2d8a6ac8-0f0e-4e41-9f60-8b8c6a0e{number:04d}",
            subject=subject(email, f"skill{number}"),
            name=f"Skill {number}",
        )
        if vc_jwt:
            return ob3.sign_vc_jwt(document, signer)
        return ob3.sign_data_integrity(document, signer)

    return make


@pytest.fixture
def platform(db) -> Platform:
    platform = Platform()
    platform.discover()
    response = platform.register()
    assert response.status_code == 201, response.content
    return platform


@pytest.fixture
def owner_tokens(platform, owner_client) -> dict:
    return platform.connect(owner_client)


@pytest.fixture
def other_tokens(platform, other_client) -> dict:
    return platform.connect(other_client)
