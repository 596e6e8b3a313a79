"""The gallery's filters, issuer groups and sort."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from badges.models import (
    Badge,
    TrustLevel,
    fold,
)


@dataclass(frozen=True)
class IssuerGroup:
    """One issuer of the learner's badges, grouped by the identifier the badges state."""

    pk: str  # Badge.issuer_key
    name: str
    badge_count: int

    def __str__(self) -> str:
        return self.name


def issuers_of(user) -> list[IssuerGroup]:
    """The issuers of the learner's badges, with how many each issued, by name."""
    rows = (
        Badge.objects.owned_by(user)
        .order_by()
        .values("issuer_key")
        .annotate(
            badge_count=Count("pk"),
            name=Max("issuer_name"),
            url=Max("issuer_url"),
            identifier=Max("issuer_identifier"),
        )
    )
    groups = [
        IssuerGroup(
            row["issuer_key"],
            row["name"] or row["url"] or row["identifier"],
            row["badge_count"],
        )
        for row in rows
    ]
    return sorted(groups, key=lambda g: (fold(g.name), g.pk))  # "École" among the e's


VERIFIED, CONFIRMED = Badge.Status.VERIFIED, TrustLevel.ISSUER_CONFIRMED
# The status filter says what the chips say: "verified" only with the issuer confirmed.
STATUS_FILTERS = {
    "verified": Q(status=VERIFIED, trust=CONFIRMED),
    "unconfirmed": Q(status=VERIFIED) & ~Q(trust=CONFIRMED),
    **{status: Q(status=status) for status in Badge.Status.values if status != VERIFIED},
}


def filter_badges(
    badges: QuerySet[Badge],
    *,
    q: str = "",
    tag: str | int = "",
    collection: str | int = "",
    issuer: str | int = "",
    status: str = "",
    visibility: str = "",
    sort: str = "",
) -> QuerySet[Badge]:
    """Narrow and order ``badges`` by the gallery's search, filters and sort.

    Ids are expected to be already checked against the learner's own tags, collections
    and issuers (the gallery form does that).
    """
    if q:
        badges = badges.search(q)
    if tag:
        badges = badges.filter(learner_tags=tag)
    if collection:
        badges = badges.filter(collection_items__collection=collection)
    if issuer:
        badges = badges.filter(issuer_key=issuer)
    if status in STATUS_FILTERS:
        badges = badges.filter(STATUS_FILTERS[status])
    if visibility:
        badges = badges.filter(visibility=visibility)
    return badges.sorted_by(sort)
