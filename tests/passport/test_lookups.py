"""A lookup compiled once gives what the ORM query gives, for any value, safely."""

from __future__ import annotations

import pytest
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
