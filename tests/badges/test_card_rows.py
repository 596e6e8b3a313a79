"""A gallery card read as plain values draws exactly what the badge itself would."""

from __future__ import annotations

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
