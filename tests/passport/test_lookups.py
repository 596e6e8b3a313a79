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
