"""A page of badge cards read as plain values: no model instance per card.

The gallery and the public profile draw 48 cards at a time, and building a ``Badge``
for each (some eighty fields, most of them left deferred) cost more than reading its
row. A ``BadgeCard`` holds what ``badge_card`` draws, under the same names, and the
recipient's address a public page scrubs; nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet

from badges.models import Badge, IssuerOfBadge, Tag

_FIELDS = (
    "pk",
    "public_id",
    "name",
    "image",
    "issuer_identifier",
    "issuer_name",
    "issuer_url",
    "issued_on",
    "status",
    "trust",
    "verification__method",
    "recipient_confirmed",
    "visibility",
    "recipient_email",
)


@dataclass
class LearnerTag:
    name: str


@dataclass
class BadgeCard:
    """What a badge's card shows: ``passport_tags.badge_card`` reads these names."""

    pk: int
    public_id: str
    name: str
    image: str  # the stored file's name; empty without an image
    issuer: IssuerOfBadge
    issued_on: datetime | None
    status: str
    trust: str
    verification: dict  # only its "method": a card says whether the issuer hosts it
    recipient_confirmed: bool
    visibility: str
    recipient_email: str  # never drawn: a public page scrubs it from what it shows
    card_tags: list[LearnerTag] = field(default_factory=list)  # the learner's, by name


def cards_of(badges: QuerySet[Badge], *, learner_tags: bool = True) -> list[BadgeCard]:
    """The cards of ``badges`` (a page: sliced already) with the learner's tags, in two
    queries; in one without the tags (a public card shows none)."""
    cards = [
        BadgeCard(
            pk,
            public_id,
            name,
            image,
            IssuerOfBadge(identifier, stated_name, url, email="", description=""),
            issued_on,
            status,
            trust,
            {"method": method or ""},
            recipient_confirmed,
            visibility,
            recipient_email,
        )
        for (
            pk,
            public_id,
            name,
            image,
            identifier,
            stated_name,
            url,
            issued_on,
            status,
            trust,
            method,
            recipient_confirmed,
            visibility,
            recipient_email,
        ) in badges.values_list(*_FIELDS)
    ]
    by_pk = {card.pk: card for card in cards}
    if by_pk and learner_tags:
        tagged = Tag.badges.through.objects.filter(badge_id__in=by_pk)
        for badge_id, name in tagged.order_by("tag__key", "tag__pk").values_list(
            "badge_id", "tag__name"
        ):
            by_pk[badge_id].card_tags.append(LearnerTag(name))
    return cards
