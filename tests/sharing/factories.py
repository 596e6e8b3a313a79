"""Badges for the sharing tests, made directly with the ORM as an import would store them."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from PIL import Image

from badges.models import (
    Badge,
    BadgeClass,
    Collection,
    CollectionItem,
    Issuer,
    LearnerEvidence,
    VerificationCheck,
    identity_key,
)

_sequence = itertools.count(1)
ISSUED = datetime(2024, 3, 15, 12, 0, tzinfo=UTC)


def png_bytes(size=(120, 120), color=(29, 78, 137, 255)) -> bytes:
    output = io.BytesIO()
    Image.new("RGBA", size, color).save(output, format="PNG")
    return output.getvalue()


def make_issuer(**fields) -> Issuer:
    n = next(_sequence)
    defaults = {
        "identifier": f"https://issuer{n}.example.org/issuer.json",
        "name": f"Issuer {n}",
        "url": f"https://issuer{n}.example.org/",
        "email": f"badges@issuer{n}.example.org",
    }
    return Issuer.objects.create(**(defaults | fields))


def make_badge_class(issuer: Issuer | None = None, *, image: bytes | None = None, **fields):
    n = next(_sequence)
    issuer = issuer or make_issuer()
    defaults = {
        "identifier": f"{issuer.url}badges/{n}.json",
        "issuer": issuer,
        "name": f"Badge {n}",
        "description": "Awarded for showing the skill in a real project.",
        "criteria_url": f"{issuer.url}criteria/{n}",
        "criteria_narrative": "Complete the **final project** and present it.",
        "alignments": [
            {
                "name": "Collaboration",
                "url": "https://skills.example.org/collaboration",
                "framework": "Example Skills",
                "code": "COL-1",
            }
        ],
        "tags": ["teamwork"],
    }
    badge_class = BadgeClass.objects.create(**(defaults | fields))
    if image is not None:
        badge_class.image.save("image.png", ContentFile(image), save=True)
    return badge_class


def make_badge(owner, badge_class: BadgeClass | None = None, **fields) -> Badge:
    badge_class = badge_class or make_badge_class()
    n = next(_sequence)
    credential_id = f"{badge_class.issuer.url}assertions/{n}"
    defaults = {
        "owner": owner,
        "badge_class": badge_class,
        "identity_key": identity_key(badge_class.issuer.identifier, credential_id),
        "credential_id": credential_id,
        "spec": "2.0",
        "original": f'{{"id": "{credential_id}", "type": "Assertion"}}',
        "document": {"id": credential_id, "type": "Assertion"},
        "recipient_email": owner.email,
        "recipient_confirmed": True,
        "issued_on": ISSUED + timedelta(days=n),
        "evidence": [{"url": f"https://portfolio.example.org/{n}", "name": "Project"}],
        "endorsements": [
            {
                "issuer_name": "Example Guild",
                "issuer_id": "https://guild.example.org/",
                "comment": "A rigorous programme.",
            }
        ],
        "status": Badge.Status.VERIFIED,
        "verification": {
            "method": "hosted",
            "status": "verified",
            "source_url": credential_id,
            "steps": ["Fetched the assertion from its hosted URL.", "The recipient matches."],
        },
    }
    return Badge.objects.create(**(defaults | fields))


def make_public_badge(owner, badge_class: BadgeClass | None = None, **fields) -> Badge:
    return make_badge(owner, badge_class, visibility=Badge.Visibility.PUBLIC, **fields)


def make_check(badge: Badge, detail: str = "Fetched.\nRecipient matches.", **fields):
    defaults = {"status": badge.status, "method": "hosted", "detail": detail}
    return VerificationCheck.objects.create(badge=badge, **(defaults | fields))


def make_collection(owner, badges=(), **fields) -> Collection:
    defaults = {"name": "Job application"}
    collection = Collection.objects.create(owner=owner, **(defaults | fields))
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=collection, badge=badge, position=i)
        for i, badge in enumerate(badges)
    )
    return collection


def make_evidence(badge: Badge, title: str = "Final report", **fields) -> LearnerEvidence:
    return LearnerEvidence.objects.create(badge=badge, title=title, **fields)
