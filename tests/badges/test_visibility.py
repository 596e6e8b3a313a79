"""Each badge is private until its learner makes it public, and says which it is."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.models import Badge
from tests.badges.factories import badge_fields, make_badge, make_badge_class


@pytest.fixture
def badge(owner):
    return make_badge(owner)


def visibility(badge: Badge) -> str:
    badge.refresh_from_db()
    return badge.visibility


def test_a_new_badge_is_private(owner):
    fields = badge_fields(owner, make_badge_class())
    assert Badge.objects.create(**fields).visibility == Badge.Visibility.PRIVATE


def test_the_badge_page_says_who_sees_it_and_offers_the_switch(owner_client, badge):
    content = owner_client.get(reverse("badges:detail", args=[badge.pk])).content.decode()
    assert "Only you can see this badge." in content
    assert 'name="visibility" value="public"' in content
    assert "Make public" in content


def test_making_a_badge_public_then_private(owner_client, badge):
    url = reverse("badges:visibility", args=[badge.pk])
    response = owner_client.post(url, {"visibility": "public"}, follow=True)
    assert visibility(badge) == "public"
    content = response.content.decode()
    assert "This badge is now public." in content
    assert "Make private" in content
    owner_client.post(url, {"visibility": "private"})
    assert visibility(badge) == "private"


def test_an_unknown_value_changes_nothing(owner_client, badge):
    owner_client.post(reverse("badges:visibility", args=[badge.pk]), {"visibility": "world"})
    assert visibility(badge) == "private"


def test_public_badges_are_labelled_in_the_gallery(owner_client, owner, badge):
    make_badge(owner, visibility="public")
    content = owner_client.get(reverse("badges:gallery")).content.decode()
    assert content.count('class="chip chip-public"') == 1


def test_a_get_changes_nothing(owner_client, badge):
    url = reverse("badges:visibility", args=[badge.pk])
    assert owner_client.get(url, {"visibility": "public"}).status_code == 405
    assert visibility(badge) == "private"


def test_someone_else_gets_404(other_client, badge):
    url = reverse("badges:visibility", args=[badge.pk])
    assert other_client.post(url, {"visibility": "public"}).status_code == 404
    assert visibility(badge) == "private"


def test_anonymous_visitors_are_sent_to_log_in(anon_client, badge):
    response = anon_client.post(
        reverse("badges:visibility", args=[badge.pk]), {"visibility": "public"}
    )
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert visibility(badge) == "private"
