"""Collections: create, edit, delete, add and remove badges, order them, visibility."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from badges.models import Badge, Collection
from tests.badges.factories import make_badge, make_badge_class, make_badges, make_collection


def order(collection: Collection) -> list[int]:
    return list(collection.items.values_list("badge_id", flat=True))


@pytest.fixture
def three(owner):
    return [
        make_badge(owner, make_badge_class(name=name)) for name in ("Archery", "Baking", "Chess")
    ]


def test_creating_a_collection(owner_client, owner):
    response = owner_client.post(
        reverse("badges:collection_create"),
        {"name": "Job application", "description": "For the museum job.", "visibility": "private"},
        follow=True,
    )
    collection = Collection.objects.get(owner=owner)
    assert response.redirect_chain[-1][0] == reverse("badges:collection", args=[collection.pk])
    assert collection.visibility == Collection.Visibility.PRIVATE
    assert len(collection.public_id) >= 20  # an unguessable token, not a counter
    assert "Collection “Job application” created." in response.content.decode()


def test_a_collection_is_private_unless_the_learner_says_otherwise(owner):
    assert Collection.objects.create(owner=owner, name="x").visibility == "private"


def test_the_form_explains_visibility_in_a_fieldset(owner_client):
    content = owner_client.get(reverse("badges:collection_create")).content.decode()
    assert "<legend>Visibility</legend>" in content
    assert 'type="radio" name="visibility" value="private"' in content


def test_a_name_is_required(owner_client, owner):
    response = owner_client.post(reverse("badges:collection_create"), {"visibility": "private"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Collection.objects.exists()


def test_creating_from_a_badge_page_starts_with_that_badge(owner_client, owner, other, three):
    url = reverse("badges:collection_create") + f"?badge={three[1].pk}"
    owner_client.post(url, {"name": "Starts full", "visibility": "private"})
    assert order(Collection.objects.get(owner=owner)) == [three[1].pk]
    foreign = make_badge(other)
    url = reverse("badges:collection_create") + f"?badge={foreign.pk}"
    owner_client.post(url, {"name": "Not theirs", "visibility": "private"})
    assert order(Collection.objects.get(name="Not theirs")) == []


def test_editing_a_collection(owner_client, owner):
    collection = make_collection(owner, "Old")
    owner_client.post(
        reverse("badges:collection_edit", args=[collection.pk]),
        {"name": "New", "description": "Better", "visibility": "public"},
    )
    collection.refresh_from_db()
    assert (collection.name, collection.description, collection.visibility) == (
        "New",
        "Better",
        "public",
    )


def test_deleting_a_collection_keeps_its_badges(owner_client, owner, three):
    collection = make_collection(owner, "Gone", badges=three)
    url = reverse("badges:collection_delete", args=[collection.pk])
    assert "Its 3 badges stay in your backpack" in owner_client.get(url).content.decode()
    owner_client.post(url)
    assert not Collection.objects.exists()
    assert Badge.objects.filter(owner=owner).count() == 3


def test_the_list_shows_counts_previews_and_visibility(owner_client, owner, three):
    make_collection(owner, "Mine", badges=three, visibility="public")
    content = owner_client.get(reverse("badges:collections")).content.decode()
    assert "Mine" in content and "3 badges" in content and "Public" in content


def test_the_collection_page_lists_badges_in_their_order(owner_client, owner, three):
    collection = make_collection(owner, "Ordered", badges=[three[2], three[0], three[1]])
    content = owner_client.get(reverse("badges:collection", args=[collection.pk])).content.decode()
    assert re.findall(r'id="item-(\d+)"', content) == [str(three[i].pk) for i in (2, 0, 1)]
    assert "Move “Chess” up" not in content  # the first cannot move up
    assert "Move “Archery” up" in content
    assert "Move “Baking” down" not in content  # nor the last down


def test_moving_badges_up_and_down(owner_client, owner, three):
    collection = make_collection(owner, "Ordered", badges=three)
    a, b, c = (badge.pk for badge in three)
    move = reverse("badges:collection_move", args=[collection.pk, c])
    response = owner_client.post(move, {"direction": "up"})
    assert response["Location"].endswith(f"#item-{c}")
    assert order(collection) == [a, c, b]
    owner_client.post(
        reverse("badges:collection_move", args=[collection.pk, a]), {"direction": "down"}
    )
    assert order(collection) == [c, a, b]
    owner_client.post(
        reverse("badges:collection_move", args=[collection.pk, c]), {"direction": "up"}
    )
    assert order(collection) == [c, a, b]  # already first: nothing moves
    owner_client.post(move, {"direction": "sideways"})
    assert order(collection) == [c, a, b]


def test_moving_after_a_removal_closes_the_gap(owner_client, owner, three):
    collection = make_collection(owner, "Ordered", badges=three)
    a, b, c = (badge.pk for badge in three)
    owner_client.post(reverse("badges:collection_remove", args=[collection.pk, b]))
    owner_client.post(
        reverse("badges:collection_move", args=[collection.pk, c]), {"direction": "up"}
    )
    assert order(collection) == [c, a]
    assert list(collection.items.values_list("position", flat=True)) == [0, 1]


def test_removing_a_badge_keeps_it_in_the_backpack(owner_client, owner, three):
    collection = make_collection(owner, "Ordered", badges=three)
    response = owner_client.post(
        reverse("badges:collection_remove", args=[collection.pk, three[0].pk]), follow=True
    )
    assert order(collection) == [three[1].pk, three[2].pk]
    assert Badge.objects.filter(pk=three[0].pk).exists()
    assert "It stays in your backpack." in response.content.decode()


def test_adding_badges_with_the_picker(owner_client, owner, other, three):
    collection = make_collection(owner, "Pick", badges=[three[0]])
    url = reverse("badges:collection_add", args=[collection.pk])
    content = owner_client.get(url).content.decode()
    assert f'value="{three[0].pk}"' not in content  # already in it
    assert f'value="{three[1].pk}"' in content
    assert "<legend>Badges not yet in this collection</legend>" in content
    foreign = make_badge(other)
    owner_client.post(url, {"badge": [three[2].pk, three[1].pk, three[0].pk, foreign.pk]})
    assert order(collection) == [three[0].pk, three[2].pk, three[1].pk]


def test_the_picker_searches(owner_client, owner, three):
    collection = make_collection(owner, "Pick")
    url = reverse("badges:collection_add", args=[collection.pk])
    content = owner_client.get(url, {"q": "bak"}).content.decode()
    assert f'value="{three[1].pk}"' in content and f'value="{three[0].pk}"' not in content


def test_adding_from_the_badge_page(owner_client, owner, three):
    collection = make_collection(owner, "From detail", badges=[three[0]])
    detail = owner_client.get(reverse("badges:detail", args=[three[1].pk])).content.decode()
    assert f'<option value="{collection.pk}">From detail</option>' in detail
    owner_client.post(
        reverse("badges:collection_add_badge", args=[three[1].pk]), {"collection": collection.pk}
    )
    owner_client.post(
        reverse("badges:collection_add_badge", args=[three[1].pk]), {"collection": collection.pk}
    )
    assert order(collection) == [three[0].pk, three[1].pk]  # once, at the end


def test_visibility_toggle(owner_client, owner):
    collection = make_collection(owner, "Shown")
    url = reverse("badges:collection_visibility", args=[collection.pk])
    owner_client.post(url, {"visibility": "public"})
    collection.refresh_from_db()
    assert collection.is_public
    owner_client.post(url, {"visibility": "private"})
    collection.refresh_from_db()
    assert not collection.is_public
    owner_client.post(url, {"visibility": "everyone"})
    collection.refresh_from_db()
    assert not collection.is_public


def test_someone_else_gets_404_on_everything(other_client, other, owner, three):
    collection = make_collection(owner, "Private things", badges=three)
    theirs = make_badge(other)
    pk, badge = collection.pk, three[0].pk
    gets = ["collection", "collection_edit", "collection_delete", "collection_add"]
    for name in gets:
        assert other_client.get(reverse(f"badges:{name}", args=[pk])).status_code == 404, name
    posts = [
        (
            reverse("badges:collection_edit", args=[pk]),
            {"name": "Hijacked", "visibility": "public"},
        ),
        (reverse("badges:collection_delete", args=[pk]), {}),
        (reverse("badges:collection_add", args=[pk]), {"badge": [theirs.pk]}),
        (reverse("badges:collection_visibility", args=[pk]), {"visibility": "public"}),
        (reverse("badges:collection_move", args=[pk, badge]), {"direction": "down"}),
        (reverse("badges:collection_remove", args=[pk, badge]), {}),
        (reverse("badges:collection_add_badge", args=[badge]), {"collection": pk}),
    ]
    for url, data in posts:
        assert other_client.post(url, data).status_code == 404, url
    collection.refresh_from_db()
    assert (collection.name, collection.visibility) == ("Private things", "private")
    assert order(collection) == [b.pk for b in three]


def test_a_badge_cannot_go_into_someone_elses_collection(owner_client, owner, other, three):
    theirs = make_collection(other, "Theirs")
    owner_client.post(
        reverse("badges:collection_add_badge", args=[three[0].pk]), {"collection": theirs.pk}
    )
    assert order(theirs) == []


def test_anonymous_visitors_are_sent_to_log_in(anon_client, owner, three):
    collection = make_collection(owner, "Private", badges=three)
    for url in [
        reverse("badges:collections"),
        reverse("badges:collection_create"),
        reverse("badges:collection", args=[collection.pk]),
        reverse("badges:collection_move", args=[collection.pk, three[0].pk]),
    ]:
        response = anon_client.post(url, {"direction": "down", "name": "x"})
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert order(collection) == [b.pk for b in three]


def test_query_counts_do_not_grow_with_the_badges(
    owner_client, owner, django_assert_max_num_queries
):
    badges = make_badges(owner, 200, issuers=20)
    big = make_collection(owner, "Big", badges=badges)
    for i in range(5):
        make_collection(owner, f"Small {i}", badges=badges[i : i + 6])
    # session, user, the collection, its items with badge, class and issuer.
    with django_assert_max_num_queries(4):
        response = owner_client.get(reverse("badges:collection", args=[big.pk]))
    assert response.content.decode().count('class="collection-item"') == 200
    # session, user, collections with counts, the first items of each (one query).
    with django_assert_max_num_queries(4):
        response = owner_client.get(reverse("badges:collections"))
    assert response.content.decode().count('class="collection-card"') == 6
    # session, user, the collection, the count and the page of candidates.
    with django_assert_max_num_queries(5):
        owner_client.get(reverse("badges:collection_add", args=[big.pk]))
