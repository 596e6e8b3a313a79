"""Badges made directly with the ORM, with the fields a real import fills in.

The import pipeline is not involved: these rows look like what it stores, so the
backpack's views can be tested on their own.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile

from badges.models import (
    Badge,
    BadgeClass,
    Collection,
    CollectionItem,
    Issuer,
    LearnerEvidence,
    Tag,
    identity_key,
)

_sequence = itertools.count(1)
BASE_DATE = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def make_issuer(**fields) -> Issuer:
    n = next(_sequence)
    defaults = {
        "identifier": f"https://issuer{n}.example.org/issuer.json",
        "name": f"Issuer {n}",
        "url": f"https://issuer{n}.example.org/",
        "email": f"badges@issuer{n}.example.org",
        "description": "An organisation that issues Open Badges.",
    }
    return Issuer.objects.create(**(defaults | fields))


def make_badge_class(issuer: Issuer | None = None, **fields) -> BadgeClass:
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
                "description": "Works with others toward a shared goal.",
                "framework": "Example Skills Framework",
                "code": "COL-1",
            }
        ],
        "tags": ["teamwork"],
    }
    return BadgeClass.objects.create(**(defaults | fields))


def badge_fields(owner, badge_class: BadgeClass, **fields) -> dict:
    """The fields of a badge as the import stores them; ``fields`` override any."""
    n = next(_sequence)
    credential_id = f"{badge_class.issuer.url}assertions/{n}"
    return {
        "owner": owner,
        "badge_class": badge_class,
        "identity_key": identity_key(badge_class.issuer.identifier, credential_id),
        "credential_id": credential_id,
        "spec": "2.0",
        "original": "{}",
        "document": {"id": credential_id, "type": "Assertion"},
        "recipient_email": owner.email,
        "recipient_confirmed": True,
        "issued_on": BASE_DATE + timedelta(days=n),
        "expires": None,
        "narrative": "",
        "evidence": [
            {
                "url": f"https://portfolio.example.org/{n}",
                "narrative": "Built and presented a working prototype.",
                "name": "Project",
                "description": "The final project.",
            }
        ],
        "endorsements": [
            {
                "issuer_name": "Example Guild",
                "issuer_id": "https://guild.example.org/",
                "comment": "A rigorous programme.",
            }
        ],
        "status": Badge.Status.VERIFIED,
        "verification": {"method": "hosted", "source_url": credential_id},
    } | fields


def make_badge(owner, badge_class: BadgeClass | None = None, **fields) -> Badge:
    badge_class = badge_class or make_badge_class()
    return Badge.objects.create(**badge_fields(owner, badge_class, **fields))


def make_badges(owner, count: int, *, issuers: int = 5, **fields) -> list[Badge]:
    """``count`` badges of distinct classes from a few issuers, in one insert."""
    issuer_list = [make_issuer() for _ in range(issuers)]
    classes = BadgeClass.objects.bulk_create(
        BadgeClass(
            identifier=f"https://classes.example.org/{next(_sequence)}",
            issuer=issuer_list[i % issuers],
            name=f"Skill badge {i:03d}",
            description="One of many.",
            alignments=[{"name": f"Skill {i % 7}", "url": f"https://skills.example.org/{i % 7}"}],
            tags=[f"topic-{i % 3}"],
        )
        for i in range(count)
    )
    return Badge.objects.bulk_create(Badge(**badge_fields(owner, bc, **fields)) for bc in classes)


def with_original_file(badge: Badge, content: bytes = b"\x89PNG\r\n\x1a\n") -> Badge:
    badge.original_file.save("baked.png", ContentFile(content), save=True)
    badge.original_filename = "baked.png"
    badge.save(update_fields=["original_filename"])
    return badge


def make_tag(owner, name: str = "portfolio", badges=()) -> Tag:
    tag = Tag.objects.create(owner=owner, name=name)
    tag.badges.add(*badges)
    return tag


def make_collection(owner, name: str = "Job application", badges=(), **fields) -> Collection:
    collection = Collection.objects.create(owner=owner, name=name, **fields)
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=collection, badge=badge, position=i)
        for i, badge in enumerate(badges)
    )
    return collection


def make_evidence(badge: Badge, title: str = "Final report", **fields) -> LearnerEvidence:
    position = badge.learner_evidence.count()
    defaults = {"narrative": "I wrote the *report*.", "url": "", "position": position}
    return LearnerEvidence.objects.create(badge=badge, title=title, **(defaults | fields))
