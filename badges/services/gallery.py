"""The gallery's filters, issuer groups and sort."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, QuerySet, Value, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from badges.models import (
    Badge,
    Collection,
    LearnerRecord,
    Notice,
    Tag,
    TrustLevel,
    fold,
)
from badges.services import skills
from passport.web import fragmentcache, pagecache
from passport.web.lookups import NUMBER_MARKER, ListsLookup, RowsLookup

# The gallery's lists of the learner's issuers, tags and collections are drawn again
# after every edit, and each cost the ORM's building more than the database's answer:
# they are run as lookups, compiled once from these querysets.


@dataclass(frozen=True)
class IssuerGroup:
    """One issuer of the learner's badges, grouped by the identifier the badges state."""

    pk: str  # Badge.issuer_key
    name: str
    badge_count: int

    def __str__(self) -> str:
        return self.name


_issuers = RowsLookup(
    lambda owner_id: (
        Badge.objects.filter(owner_id=owner_id)
        .order_by()
        .values("issuer_key")
        .annotate(
            badge_count=Count("pk"),
            name=Max("issuer_name"),
            url=Max("issuer_url"),
            identifier=Max("issuer_identifier"),
        )
        .values_list("issuer_key", "badge_count", "name", "url", "identifier")
    ),
    marker=NUMBER_MARKER,
)


def issuers_of(user) -> list[IssuerGroup]:
    """The issuers of the learner's badges, with how many each issued, by name."""
    groups = [
        IssuerGroup(key, name or url or identifier, count)
        for key, count, name, url, identifier in _issuer_rows(user.pk)
    ]
    return sorted(groups, key=lambda g: (fold(g.name), g.pk))  # "École" among the e's


# The version keeps them right, but a change made while Redis is away cannot move it:
# what was kept before comes back with Redis, for an hour at most.
ISSUERS_KEPT_FOR = 3600


def _issuer_rows(owner_id: int) -> list[tuple]:
    # Counting them reads every badge the learner holds: they are kept under the skills'
    # version, which moves with every badge saved or deleted, so the first view of the
    # gallery after another edit (a badge made public, a page) costs the same however
    # many badges there are.
    if not settings.PUBLIC_PAGE_CACHE:
        return _issuers(owner_id)
    return pagecache.kept(
        owner_id,
        kept_issuers_key(owner_id),
        lambda: _issuers(owner_id),
        scope=skills.SKILLS,
        timeout=ISSUERS_KEPT_FOR,
    )


def kept_issuers_key(owner_id: int) -> str:
    return f"gallery-issuers:{owner_id}:{pagecache.release()}"  # a release reads its own


def kept_keys(owner_id: int) -> list[str]:
    """The cache keys a first view of the gallery after an edit reads: its issuers (and
    their version) and its cards, in the language now."""
    return [
        pagecache.version_key(owner_id, skills.SKILLS),
        kept_issuers_key(owner_id),
        fragmentcache.each_key(fragmentcache.OWN_CARDS, owner_id, get_language()),
    ]


def forget_kept_issuers(user) -> None:
    """Account deletion: the issuers kept for the learner go with it, not a day later."""
    cache.delete(kept_issuers_key(user.pk))


class Choice(NamedTuple):
    """A tag or a collection the gallery offers to filter by (or to add badges to)."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


class ShortLists(NamedTuple):
    """What the gallery lists of the learner's things besides their badges."""

    tags: list[Choice]  # in their order (by name whatever the case)
    collections: list[Choice]  # by name
    has_records: bool
    has_news: bool  # unread notices


def _listed(queryset: QuerySet, part: int, order: list[str]) -> QuerySet:
    # Numbered in the list's own order: a union keeps no order of its parts.
    numbered = Window(RowNumber(), order_by=order)
    return (
        queryset.order_by()
        .annotate(part=Value(part), n=numbered)
        .values_list("part", "n", "pk", "name")
    )


def _any(queryset: QuerySet, part: int) -> QuerySet:
    # One row if there is any: a union takes no LIMIT on SQLite.
    return (
        queryset.order_by()
        .values("owner_id")
        .annotate(part=Value(part), n=Value(1), first=Min("pk"), name=Value(""))
        .values_list("part", "n", "first", "name")
    )


# One round trip for the four, each of which cost one after every edit; whether there
# are records and news only (most learners have neither), not what they say.
_TAGS, _COLLECTIONS, _RECORDS, _NEWS = range(4)
_short_lists = ListsLookup(
    lambda owner_id: (
        _listed(Tag.objects.filter(owner_id=owner_id), _TAGS, ["key", "pk"])
        .union(
            _listed(Collection.objects.filter(owner_id=owner_id), _COLLECTIONS, ["name", "pk"]),
            _any(LearnerRecord.objects.filter(owner_id=owner_id), _RECORDS),
            _any(Notice.objects.filter(owner_id=owner_id).unread(), _NEWS),
            all=True,
        )
        .order_by("part", "n")
    ),
    marker=NUMBER_MARKER,
)


def short_lists(user) -> ShortLists:
    rows: dict[int, list[Choice]] = {_TAGS: [], _COLLECTIONS: [], _RECORDS: [], _NEWS: []}
    for part, _, pk, name in _short_lists(user.pk):
        rows[part].append(Choice(pk, name))
    return ShortLists(rows[_TAGS], rows[_COLLECTIONS], bool(rows[_RECORDS]), bool(rows[_NEWS]))


def records_of(user) -> list[LearnerRecord]:
    """The learner's records as their cards draw them (not as received, nor the
    document)."""
    return list(LearnerRecord.objects.owned_by(user).defer("original", "document", "associations"))


def news_of(user) -> list[Notice]:
    """The ten newest unread notices, as the list of news draws them."""
    return list(Notice.objects.owned_by(user).unread().for_news()[:10])


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
