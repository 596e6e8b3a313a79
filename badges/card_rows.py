"""A page of badge cards read as plain values: no model instance per card.

The gallery and the public profile draw 48 cards at a time, and building a ``Badge``
for each (some eighty fields, most of them left deferred) cost more than reading its
row. A ``BadgeCard`` holds what ``badge_card`` draws, under the same names, and the
recipient's address a public page scrubs; nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import OuterRef, QuerySet
from django.db.models.fields.json import KT

from badges.models import BADGE_SORTS, Badge, IssuerOfBadge, Tag
from passport.web.lookups import NUMBER_MARKER, PageOfRowsLookup, RowsForIdsLookup

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
    # As text: the card only names the method, and decoding it as JSON cost more.
    KT("verification__method"),
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
    row: tuple = ()  # what it was read from: its drawing is kept by it (``drawn_from``)

    @property
    def drawn_from(self) -> tuple:
        """All that its card is drawn from, as plain values."""
        return (self.row, tuple(tag.name for tag in self.card_tags))


def cards_of(badges: QuerySet[Badge], *, learner_tags: bool = True) -> list[BadgeCard]:
    """The cards of ``badges`` (a page: sliced already) with the learner's tags, in two
    queries; in one without the tags (a public card shows none)."""
    cards = _cards(badges.values_list(*_FIELDS))
    return _with_tags(cards) if learner_tags else cards


def _cards(rows) -> list[BadgeCard]:
    return [
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
            row=row,
        )
        for row in rows
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
        ) in (row,)
    ]


# A card's tags, by the tags' order. Run as a lookup: the gallery asks after every edit.
_tags_of_badges = RowsForIdsLookup(
    lambda ids: (
        Tag.badges.through.objects.filter(badge_id__in=ids)
        .order_by("tag__key", "tag__pk")
        .values_list("badge_id", "tag__name")
    )
)


def _with_tags(cards: list[BadgeCard]) -> list[BadgeCard]:
    by_pk = {card.pk: card for card in cards}
    for badge_id, name in _tags_of_badges(list(by_pk)):
        by_pk[badge_id].card_tags.append(LearnerTag(name))
    return cards


def _in_order(
    rows: Callable[[int], QuerySet[Badge]], *, learner_tags: bool
) -> dict[str, PageOfRowsLookup]:
    """A page-of-cards lookup for each of the gallery's sorts of ``rows(owner_id)``; with
    ``learner_tags``, on PostgreSQL, each card's tags in the same statement (an array):
    one round trip fewer on every first view of the gallery after an edit."""

    def build(owner_id, sort):
        fields = list(_FIELDS)
        if learner_tags and connection.vendor == "postgresql":
            from django.contrib.postgres.expressions import ArraySubquery

            names = (
                Tag.badges.through.objects.filter(badge_id=OuterRef("pk"))
                .order_by("tag__key", "tag__pk")
                .values("tag__name")
            )
            fields.append(ArraySubquery(names))
        return rows(owner_id).sorted_by(sort).values_list(*fields)

    return {
        sort: PageOfRowsLookup(
            lambda owner_id, sort=sort: build(owner_id, sort), marker=NUMBER_MARKER
        )
        for sort in BADGE_SORTS
    }


_ALL = _in_order(lambda owner_id: Badge.objects.filter(owner_id=owner_id), learner_tags=True)
_PUBLIC = _in_order(
    lambda owner_id: Badge.objects.filter(owner_id=owner_id).public(), learner_tags=False
)


class CardsInOrder:
    """Every card of a learner's badges (or only the public ones), in one of the
    gallery's sorts, read a page at a time, as a ``Paginator`` reads a list: one
    compiled query for the page and its tags (two on SQLite). ``count`` is known already (the
    gallery counted by issuer, the profile its public badges)."""

    ordered = True  # for the Paginator: the sort is stated

    def __init__(self, owner_id: int, count: int, *, sort: str = "", public: bool = False) -> None:
        sorts = _PUBLIC if public else _ALL
        self._lookup = sorts.get(sort) or sorts["newest"]
        self._owner_id = owner_id
        self._count = count
        self._learner_tags = not public  # a public card shows no tags

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[BadgeCard]:
        start, stop, _ = index.indices(self._count)
        if stop <= start:
            return []
        rows = self._lookup(self._owner_id, stop - start, start)
        if not self._learner_tags:
            return _cards(rows)
        if rows and len(rows[0]) > len(_FIELDS):  # the tags came with them
            cards = _cards([row[: len(_FIELDS)] for row in rows])
            for card, row in zip(cards, rows, strict=True):
                card.card_tags = [LearnerTag(name) for name in row[-1] or ()]
            return cards
        return _with_tags(_cards(rows))
