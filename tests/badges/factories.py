"""Badges made directly with the ORM, with the fields a real import fills in.

The import pipeline is not involved: these rows look like what it stores, so the
backpack's views can be tested on their own.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.core.files.base import ContentFile

from badges.models import (
    Badge,
    Collection,
    CollectionItem,
    Tag,
    TrustLevel,
    identity_key,
    issuer_key,
)
from badges.services.skills import skills_moved
from badges.skill_models import index_skills
from pages.models import LearnerEvidence
from passport.web import pagecache

_sequence = itertools.count(1)
BASE_DATE = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@dataclass
class IssuerSpec:
    """An issuer as credentials describe it; each badge made from it keeps its own copy."""

    identifier: str
    name: str
    url: str
    email: str = ""
    description: str = ""

    @property
    def pk(self) -> str:
        """What the gallery's issuer filter names it by."""
        return issuer_key(self.identifier)

    def badge_fields(self) -> dict:
        return {
            "issuer_identifier": self.identifier,
            "issuer_name": self.name,
            "issuer_url": self.url,
            "issuer_email": self.email,
            "issuer_description": self.description,
        }


class PendingImage:
    """Stands in for a FileField until a badge is made: ``save()`` keeps the bytes."""

    def __init__(self) -> None:
        self.filename = ""
        self.data: bytes | None = None

    def save(self, name: str, content, save: bool = True) -> None:
        self.filename, self.data = name, content.read()

    def __bool__(self) -> bool:
        return self.data is not None


@dataclass
class BadgeClassSpec:
    """What an achievement's credentials state; copied onto every badge made from it."""

    identifier: str
    issuer: IssuerSpec
    name: str
    description: str = ""
    criteria_url: str = ""
    criteria_narrative: str = ""
    alignments: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    image: PendingImage = field(default_factory=PendingImage)

    def badge_fields(self) -> dict:
        return {
            "achievement_id": self.identifier,
            "name": self.name,
            "description": self.description,
            "criteria_url": self.criteria_url,
            "criteria_narrative": self.criteria_narrative,
            "alignments": list(self.alignments),
            "tags": list(self.tags),
            **self.issuer.badge_fields(),
        }


def make_issuer(**fields) -> IssuerSpec:
    n = next(_sequence)
    defaults = {
        "identifier": f"https://issuer{n}.example.org/issuer.json",
        "name": f"Issuer {n}",
        "url": f"https://issuer{n}.example.org/",
        "email": f"badges@issuer{n}.example.org",
        "description": "An organisation that issues Open Badges.",
    }
    return IssuerSpec(**(defaults | fields))


def make_badge_class(issuer: IssuerSpec | None = None, **fields) -> BadgeClassSpec:
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
    return BadgeClassSpec(**(defaults | fields))


def badge_class_of(badge: Badge) -> BadgeClassSpec:
    """The achievement ``badge`` shows, to give another learner a badge of the same one."""
    issuer = IssuerSpec(
        badge.issuer_identifier,
        badge.issuer_name,
        badge.issuer_url,
        badge.issuer_email,
        badge.issuer_description,
    )
    return BadgeClassSpec(
        badge.achievement_id,
        issuer,
        badge.name,
        badge.description,
        badge.criteria_url,
        badge.criteria_narrative,
        list(badge.alignments),
        list(badge.tags),
    )


def badge_fields(owner, badge_class: BadgeClassSpec, **fields) -> dict:
    """The fields of a badge as the import stores them; ``fields`` override any."""
    n = next(_sequence)
    issuer = badge_class.issuer
    credential_id = f"{issuer.url}assertions/{n}"
    origin = urlsplit(credential_id).netloc
    return {
        "owner": owner,
        **badge_class.badge_fields(),
        "identity_key": identity_key(issuer.identifier, credential_id),
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
        "trust": TrustLevel.ISSUER_CONFIRMED,
        "trust_source": origin,
        "verification": {"method": "hosted", "source_url": credential_id, "issuer_origin": origin},
    } | fields


def attach_image(badge: Badge, badge_class: BadgeClassSpec) -> Badge:
    if badge_class.image:
        image = badge_class.image
        badge.image.save(image.filename or "image.png", ContentFile(image.data), save=True)
    return badge


def make_badge(owner, badge_class: BadgeClassSpec | None = None, **fields) -> Badge:
    badge_class = badge_class or make_badge_class()
    badge = Badge.objects.create(**badge_fields(owner, badge_class, **fields))
    return attach_image(badge, badge_class)


def make_badges(owner, count: int, *, issuers: int = 5, **fields) -> list[Badge]:
    """``count`` badges of distinct classes from a few issuers, in one insert."""
    issuer_list = [make_issuer() for _ in range(issuers)]
    classes = [
        BadgeClassSpec(
            identifier=f"https://classes.example.org/{next(_sequence)}",
            issuer=issuer_list[i % issuers],
            name=f"Skill badge {i:03d}",
            description="One of many.",
            alignments=[{"name": f"Skill {i % 7}", "url": f"https://skills.example.org/{i % 7}"}],
            tags=[f"topic-{i % 3}"],
        )
        for i in range(count)
    ]
    rows = [Badge(**badge_fields(owner, bc, **fields)) for bc in classes]
    for row in rows:
        row.fill_derived()  # bulk_create skips save() and its signals
    badges = Badge.objects.bulk_create(rows)
    index_skills(badges, new=True)
    pagecache.bump(owner.pk)  # as production's bulk writes do
    skills_moved(owner.pk)
    return badges


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
