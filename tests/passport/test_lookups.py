"""A lookup compiled once gives what the ORM query gives, for any value, safely."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q

from badges.models import Badge
from passport.web.lookups import OneValueLookup
from tests.sharing.factories import make_public_badge

pytestmark = pytest.mark.django_db


def _shown(public_id):
    return Badge.objects.shown_publicly().filter(public_id=public_id).values_list("pk", "owner_id")


def test_it_finds_what_the_orm_finds_and_nothing_else(owner, other):
    lookup = OneValueLookup(_shown)
    mine, private = make_public_badge(owner), make_public_badge(other)
    Badge.objects.filter(pk=private.pk).update(visibility="private")
    assert lookup(mine.public_id) == (mine.pk, owner.pk) == _shown(mine.public_id).first()
    assert lookup(private.public_id) is None
    assert lookup("' OR 1=1 --") is None  # a parameter, never SQL
    owner.is_active = False
    owner.save()
    assert lookup(mine.public_id) is None  # the rule is the ORM's, read again each time


def test_a_query_that_does_not_use_its_value_exactly_once_is_refused():
    twice = OneValueLookup(
        lambda value: Badge.objects.filter(Q(public_id=value) | Q(name=value)).values_list("pk")
    )
    with pytest.raises(ValueError, match="exactly once"):
        twice("x")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="prepared statements: PostgreSQL")
@pytest.mark.django_db(transaction=True)  # it closes the connection
def test_on_postgresql_it_is_prepared_once_per_connection(owner, django_assert_num_queries):
    lookup = OneValueLookup(_shown)
    badge = make_public_badge(owner)
    with django_assert_num_queries(1) as captured:  # the PREPARE is not one of the page's
        assert lookup(badge.public_id) == (badge.pk, owner.pk)
    assert captured.captured_queries[0]["sql"].startswith(f"EXECUTE {lookup.statement_name} (")
    assert lookup.statement_name in connection.passport_prepared
    assert lookup("missing") is None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM pg_prepared_statements WHERE name = %s", [lookup.statement_name]
        )
        assert cursor.fetchall() == [(lookup.statement_name,)]  # one statement, not one a call
    connection.close()  # a new connection has none of the old one's statements
    assert lookup(badge.public_id) == (badge.pk, owner.pk)
    assert connection.passport_prepared == {lookup.statement_name}


def test_prepared_lookups_can_be_turned_off(owner, settings, django_assert_num_queries):
    settings.DATABASE_PREPARED_LOOKUPS = False
    lookup = OneValueLookup(_shown)
    badge = make_public_badge(owner)
    with django_assert_num_queries(1) as captured:
        assert lookup(badge.public_id) == (badge.pk, owner.pk)
    assert not captured.captured_queries[0]["sql"].startswith("EXECUTE")


def test_a_rows_lookup_gives_every_row_in_the_querys_order(owner, other):
    from passport.web.lookups import NUMBER_MARKER, RowsLookup
    from tests.badges.factories import make_badge

    def names(owner_id):
        return Badge.objects.filter(owner_id=owner_id).order_by("-name").values_list("name")

    lookup = RowsLookup(names, marker=NUMBER_MARKER)
    for name in ("Alpha", "Gamma", "Beta"):
        make_badge(owner, name=name)
    make_badge(other, name="Theirs")
    assert lookup(owner.pk) == [("Gamma",), ("Beta",), ("Alpha",)] == list(names(owner.pk))
    assert lookup(other.pk + 1000) == []


def test_a_lists_lookup_puts_its_value_wherever_the_union_uses_it(owner, other):
    from passport.web.lookups import NUMBER_MARKER, ListsLookup
    from tests.badges.factories import make_badge

    def mine(owner_id):
        names = Badge.objects.filter(owner_id=owner_id).order_by().values_list("name")
        others = Badge.objects.exclude(owner_id=owner_id).order_by().values_list("name")
        return names.union(others.filter(name="Shared"), all=True)

    lookup = ListsLookup(mine, marker=NUMBER_MARKER)
    make_badge(owner, name="Alpha")
    make_badge(other, name="Shared")
    make_badge(other, name="Theirs")
    assert sorted(lookup(owner.pk)) == [("Alpha",), ("Shared",)] == sorted(mine(owner.pk))
    assert sorted(lookup(other.pk)) == [("Shared",), ("Theirs",)] == sorted(mine(other.pk))


def test_a_lookup_converts_what_it_reads_as_the_orm_does(owner):
    """Dates from SQLite's text, JSON decoded: the rows are the ORM's, not the driver's."""
    from passport.web.lookups import NUMBER_MARKER, RowsLookup
    from tests.badges.factories import make_badge

    badge = make_badge(owner, verification={"method": "hosted"})

    def dated(owner_id):
        return Badge.objects.filter(owner_id=owner_id).values_list(
            "issued_on", "verification__method", "recipient_confirmed"
        )

    rows = RowsLookup(dated, marker=NUMBER_MARKER)(owner.pk)
    assert rows == list(dated(owner.pk))
    issued_on, method, confirmed = rows[0]
    assert issued_on == Badge.objects.get(pk=badge.pk).issued_on and issued_on.tzinfo
    assert (method, confirmed) == ("hosted", badge.recipient_confirmed)


def _by_name(owner_id):
    return Badge.objects.filter(owner_id=owner_id).order_by("name", "pk").values_list("name")


def test_a_page_of_rows_is_the_orms_slice_for_every_page(owner, other):
    from passport.web.lookups import NUMBER_MARKER, PageOfRowsLookup
    from tests.badges.factories import make_badges

    make_badges(owner, 7)
    make_badges(other, 3)
    lookup = PageOfRowsLookup(_by_name, marker=NUMBER_MARKER)
    everything = list(_by_name(owner.pk))
    assert len(everything) == 7
    for offset in range(0, 9, 3):
        assert lookup(owner.pk, 3, offset) == everything[offset : offset + 3]
    assert lookup(owner.pk, 3, 7) == []
    assert lookup(other.pk, 10, 0) == list(_by_name(other.pk))


def test_a_page_of_rows_needs_an_ordered_query_that_is_not_sliced(owner):
    from passport.web.lookups import NUMBER_MARKER, PageOfRowsLookup

    unordered = PageOfRowsLookup(
        lambda owner_id: Badge.objects.filter(owner_id=owner_id).order_by().values_list("pk"),
        marker=NUMBER_MARKER,
    )
    sliced = PageOfRowsLookup(lambda owner_id: _by_name(owner_id)[:5], marker=NUMBER_MARKER)
    for lookup in (unordered, sliced):
        with pytest.raises(ValueError, match="ordered query that is not sliced"):
            lookup(owner.pk, 5, 0)


def _names_of(ids):
    return Badge.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "name")


def test_rows_for_ids_are_the_orms_for_any_number_of_ids(owner, django_assert_num_queries):
    from passport.web.lookups import RowsForIdsLookup
    from tests.badges.factories import make_badges

    badges = make_badges(owner, 5)
    lookup = RowsForIdsLookup(_names_of)
    ids = [badge.pk for badge in badges]
    for chosen in (ids[:1], ids[1:4], ids, [*ids, -1]):
        assert lookup(chosen) == list(_names_of(chosen))
    with django_assert_num_queries(0):
        assert lookup([]) == []  # nothing to ask


def test_rows_for_ids_need_a_filter_on_the_list():
    from passport.web.lookups import RowsForIdsLookup

    not_a_list = RowsForIdsLookup(lambda ids: Badge.objects.filter(pk=ids[0]).values_list("pk"))
    with pytest.raises(ValueError, match="__in on its list of ids"):
        not_a_list([1])


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="prepared statements: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_pages_and_lists_of_ids_are_each_one_prepared_statement(
    owner, django_assert_num_queries
):
    from passport.web.lookups import NUMBER_MARKER, PageOfRowsLookup, RowsForIdsLookup
    from tests.badges.factories import make_badges

    ids = [badge.pk for badge in make_badges(owner, 6)]
    pages = PageOfRowsLookup(_by_name, marker=NUMBER_MARKER)
    names = RowsForIdsLookup(_names_of)
    with django_assert_num_queries(4) as captured:
        pages(owner.pk, 2, 0)
        pages(owner.pk, 2, 4)
        names(ids[:2])
        names(ids)
    statements = [query["sql"].split(" (")[0] for query in captured.captured_queries]
    assert (
        statements
        == [f"EXECUTE {pages.statement_name}"] * 2 + [f"EXECUTE {names.statement_name}"] * 2
    )
    assert names(ids) == list(_names_of(ids))
