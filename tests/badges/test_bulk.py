"""Bulk actions from the gallery: one confirmation page, then one POST that applies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.models import Badge, Tag
from tests.badges.factories import make_badge, make_badge_class, make_collection

BULK = reverse("badges:bulk")
GALLERY = reverse("badges:gallery")


@pytest.fixture
def mine(owner):
    return [
        make_badge(owner, make_badge_class(name=name)) for name in ("Alpha", "Bravo", "Charlie")
    ]


@pytest.fixture
def theirs(other):
    return make_badge(other, make_badge_class(name="Not yours"))


def ids(*badges) -> list[int]:
    return [badge.pk for badge in badges]


def test_the_gallery_offers_the_bulk_bar(owner_client, mine):
    content = owner_client.get(GALLERY).content.decode()
    assert '<form id="bulk-form"' in content and f'action="{BULK}"' in content
    assert "<legend>With the selected badges</legend>" in content
    for value in ("tag", "collection", "public", "private", "delete"):
        assert f'<option value="{value}">' in content


def test_the_confirmation_lists_the_selection_and_changes_nothing(owner_client, mine, theirs):
    response = owner_client.get(
        BULK, {"action": "public", "badge": ids(mine[0], mine[2], theirs), "next": GALLERY + "?q=a"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Make these 2 badges public?" in content
    assert "Alpha" in content and "Charlie" in content
    assert "Bravo" not in content and "Not yours" not in content
    assert f'name="badge" value="{theirs.pk}"' not in content
    assert 'name="next" value="/badges/?q=a"' in content
    assert not Badge.objects.filter(visibility="public").exists()


@pytest.mark.parametrize("action", ["public", "private"])
def test_visibility_for_many(owner_client, mine, theirs, action):
    start = "private" if action == "public" else "public"
    Badge.objects.update(visibility=start)
    response = owner_client.post(
        BULK, {"action": action, "badge": ids(mine[0], mine[1], theirs)}, follow=True
    )
    assert response.redirect_chain[-1][0] == GALLERY
    assert f"2 badges are now {action}." in response.content.decode()
    assert {b.visibility for b in Badge.objects.filter(pk__in=ids(mine[0], mine[1]))} == {action}
    assert Badge.objects.get(pk=mine[2].pk).visibility == start
    assert Badge.objects.get(pk=theirs.pk).visibility == start  # someone else's: ignored


def test_tag_many(owner_client, owner, other, mine, theirs):
    response = owner_client.post(
        BULK, {"action": "tag", "tag": " Job  hunt ", "badge": ids(*mine, theirs)}, follow=True
    )
    tag = Tag.objects.get(owner=owner)
    assert tag.name == "Job hunt"
    assert set(tag.badges.all()) == set(mine)
    assert not Tag.objects.filter(owner=other).exists()
    assert "Tag “Job hunt” added to 3 badges." in response.content.decode()


def test_tagging_needs_a_tag(owner_client, mine):
    response = owner_client.get(
        BULK, {"action": "tag", "tag": "", "badge": ids(*mine)}, follow=True
    )
    assert response.redirect_chain[-1][0] == GALLERY
    assert "Type the tag to add." in response.content.decode()


def test_add_many_to_a_collection(owner_client, owner, mine, theirs):
    collection = make_collection(owner, "Job", badges=[mine[1]])
    confirm = owner_client.get(
        BULK, {"action": "collection", "collection": collection.pk, "badge": ids(*mine)}
    )
    assert "Add these 3 badges to “Job”?" in confirm.content.decode()
    response = owner_client.post(
        BULK,
        {"action": "collection", "collection": collection.pk, "badge": ids(*mine, theirs)},
        follow=True,
    )
    assert list(collection.items.values_list("badge_id", flat=True)) == ids(
        mine[1], mine[2], mine[0]
    )
    assert "3 badges are now in “Job”." in response.content.decode()


def test_someone_elses_collection_is_refused(owner_client, other, mine):
    theirs = make_collection(other, "Theirs")
    response = owner_client.post(
        BULK, {"action": "collection", "collection": theirs.pk, "badge": ids(*mine)}, follow=True
    )
    assert not theirs.items.exists()
    assert "Select a valid choice" in response.content.decode()


def test_delete_many(owner_client, owner, mine, theirs):
    confirm = owner_client.get(BULK, {"action": "delete", "badge": ids(mine[0], mine[1])})
    assert "Delete these 2 badges?" in confirm.content.decode()
    assert "button-danger" in confirm.content.decode()
    response = owner_client.post(
        BULK, {"action": "delete", "badge": ids(mine[0], mine[1], theirs)}, follow=True
    )
    assert list(Badge.objects.filter(owner=owner)) == [mine[2]]
    assert Badge.objects.filter(pk=theirs.pk).exists()
    assert "2 badges deleted." in response.content.decode()


def test_only_someone_elses_badges_selected(owner_client, theirs):
    response = owner_client.get(BULK, {"action": "delete", "badge": [theirs.pk]}, follow=True)
    assert "None of the selected badges is in your backpack." in response.content.decode()
    owner_client.post(BULK, {"action": "delete", "badge": [theirs.pk]})
    assert Badge.objects.filter(pk=theirs.pk).exists()


def test_nothing_selected(owner_client, mine):
    response = owner_client.get(BULK, {"action": "public"}, follow=True)
    assert "Select at least one badge first." in response.content.decode()


def test_next_must_stay_on_this_site(owner_client, mine):
    response = owner_client.post(
        BULK, {"action": "public", "badge": ids(mine[0]), "next": "https://evil.example/"}
    )
    assert response["Location"] == GALLERY
    response = owner_client.post(
        BULK, {"action": "public", "badge": ids(mine[0]), "next": "/badges/?page=2"}
    )
    assert response["Location"] == "/badges/?page=2"


def test_anonymous_visitors_are_sent_to_log_in(anon_client, mine):
    response = anon_client.post(BULK, {"action": "delete", "badge": ids(*mine)})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert Badge.objects.count() == 3
