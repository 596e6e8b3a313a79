"""A gallery card read as plain values draws exactly what the badge itself would."""

from __future__ import annotations

import pytest
from django.db import connection

from badges.card_rows import cards_of
from badges.models import Badge
from passport.templatetags.passport_tags import badge_card
from tests.badges.factories import make_badge, make_badge_class, make_issuer, make_tag


def test_a_card_from_its_row_is_the_card_of_the_badge(owner, media_root):
    nameless = make_issuer(name="")  # its card names it by its address
    badges = [
        make_badge(owner, visibility="public"),
        make_badge(owner, make_badge_class(issuer=nameless), issued_on=None),
        make_badge(
            owner,
            status=Badge.Status.EXPIRED,
            trust="issuer_not_confirmed",
            verification={"method": "vc-jwt"},
            recipient_confirmed=False,
        ),
        make_badge(owner, status=Badge.Status.REVOKED, verification={}),
    ]
    Badge.objects.filter(pk=badges[0].pk).update(image="")  # one card without an image
    make_tag(owner, "<Zed>", badges=badges[:2])
    make_tag(owner, "Électro", badges=badges[:1])

    cards = cards_of(Badge.objects.filter(pk__in=[b.pk for b in badges]).order_by("pk"))

    assert [card.pk for card in cards] == [badge.pk for badge in badges]
    for card in cards:
        badge = Badge.objects.get(pk=card.pk)
        badge.card_tags = list(badge.learner_tags.all())  # the tags, in their order
        for kind in ({"own": True}, {"public": True}):
            assert badge_card(card, **kind) == badge_card(badge, **kind)
    assert [tag.name for tag in cards[0].card_tags] == ["<Zed>", "Électro"]
    assert cards[1].issuer.name == nameless.url and cards[1].issued_on is None


def test_no_badges_make_no_cards_and_no_query_for_their_tags(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert cards_of(Badge.objects.filter(pk=-1)) == []


def test_cards_in_order_are_the_cards_of_each_page_in_each_sort(owner, other):
    from badges.card_rows import CardsInOrder
    from badges.models import BADGE_SORTS
    from tests.badges.factories import make_badges

    badges = make_badges(owner, 9, issuers=3)
    Badge.objects.filter(pk=badges[4].pk).update(issued_on=None)  # sorts last or first
    Badge.objects.filter(pk__in=[b.pk for b in badges[:4]]).update(visibility="public")
    make_tag(owner, "Mine", badges=badges[2:5])
    make_badges(other, 4)
    for sort in BADGE_SORTS:
        everything = Badge.objects.filter(owner=owner).sorted_by(sort)
        cards = CardsInOrder(owner.pk, 9, sort=sort)
        assert len(cards) == cards.count() == 9
        for start in (0, 4, 8):
            expected = cards_of(everything[start : start + 4])
            assert cards[start : start + 4] == expected
        public = Badge.objects.filter(owner=owner).public().sorted_by(sort)
        shown = CardsInOrder(owner.pk, 4, sort=sort, public=True)[0:4]
        assert shown == cards_of(public, learner_tags=False)
        assert all(card.card_tags == [] for card in shown)  # a public card shows none
    tagged = {card.pk: card for card in CardsInOrder(owner.pk, 9)[0:9] if card.card_tags}
    assert set(tagged) == {b.pk for b in badges[2:5]}
    assert CardsInOrder(owner.pk, 9, sort="no such sort")[0:9] == CardsInOrder(owner.pk, 9)[0:9]
    assert CardsInOrder(owner.pk, 9)[9:12] == []


def test_a_page_of_cards_in_order_takes_one_query_and_none_without_badges(
    owner, django_assert_num_queries
):
    from badges.card_rows import CardsInOrder
    from tests.badges.factories import make_badges

    make_badges(owner, 3)
    # The cards with their tags (an array on PostgreSQL; the tags apart elsewhere).
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        assert len(CardsInOrder(owner.pk, 3)[0:48]) == 3
    with django_assert_num_queries(0):
        assert CardsInOrder(owner.pk, 0)[0:48] == []


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="prepared statements: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_prepared_page_of_the_newest_is_read_from_an_index(owner):
    """Its plan is made once for any learner and page (a generic plan): it must still
    walk the index in order, not read every badge and sort them."""
    from badges.card_rows import _ALL, _PUBLIC, CardsInOrder
    from tests.badges.factories import make_badges

    make_badges(owner, 60)
    CardsInOrder(owner.pk, 60)[0:48]
    CardsInOrder(owner.pk, 60, public=True)[0:48]
    with connection.cursor() as cursor:
        # Statistics of these badges, as autovacuum keeps them: left from the tests run
        # before (a table seen as holding one row), the planner may rightly sort that row.
        cursor.execute("ANALYZE badges_badge")
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        cursor.execute("SET plan_cache_mode = force_generic_plan")
        try:
            for lookup in (_ALL["newest"], _PUBLIC["newest"]):
                compiled = lookup._compiled["postgresql"]
                params = [*compiled.params, 48, 0]
                params[compiled.index] = owner.pk
                marks = ", ".join(["%s"] * len(params))
                cursor.execute(f"EXPLAIN EXECUTE {lookup.statement_name} ({marks})", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                badges, _, _ = plan.partition("SubPlan")  # each card's tags: a few rows
                assert "badges_badge_newest_per_learner" in badges, plan
                assert "Sort" not in badges, plan
        finally:
            cursor.execute("RESET ALL")
