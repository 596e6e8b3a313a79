"""Private badges never leave through a page; publishing offers to make them public first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.models import Badge
from badges.services.visibility import set_visibility
from pages.models import Block, Page
from tests.badges.factories import make_badge, make_collection, make_tag
from tests.pages.factories import add_block, make_page
from tests.pages.helpers import public

pytestmark = pytest.mark.django_db


def _shown(client, page) -> str:
    response = public(client, page)
    assert response.status_code == 200
    return response.content.decode()


def _publish(client, page, visibility: str = "unlisted"):
    return client.post(reverse("pages:publish", args=[page.pk]), {"visibility": visibility})


@pytest.mark.parametrize("visibility", ["unlisted", "public"])
def test_a_private_badge_block_is_never_shown(
    anon_client, owner_client, owner, private_badge, visibility
):
    page = make_page(owner, visibility=visibility)
    add_block(page, Block.Kind.BADGE, badge=private_badge)
    for client in (anon_client, owner_client):  # the owner's preview shows what visitors see
        body = _shown(client, page)
        assert "Hidden Skill" not in body and "Secret Issuer" not in body
        assert private_badge.public_id not in body


def test_private_badges_of_groups_are_never_shown(anon_client, owner, public_badge, private_badge):
    page = make_page(owner, visibility=Page.Visibility.PUBLIC)
    add_block(
        page,
        Block.Kind.BADGE_GROUP,
        collection=make_collection(owner, badges=[private_badge, public_badge]),
    )
    add_block(page, Block.Kind.BADGE_GROUP, tag=make_tag(owner, badges=[private_badge]))
    body = _shown(anon_client, page)
    assert "Robotics Level 1" in body
    assert "Hidden Skill" not in body and private_badge.public_id not in body


def test_a_badge_made_private_later_disappears(anon_client, owner, public_badge):
    page = make_page(owner, visibility=Page.Visibility.PUBLIC)
    add_block(page, Block.Kind.BADGE, badge=public_badge)
    assert "Robotics Level 1" in _shown(anon_client, page)
    set_visibility(Badge.objects.filter(pk=public_badge.pk), Badge.Visibility.PRIVATE)
    assert "Robotics Level 1" not in _shown(anon_client, page)


def test_another_learners_badge_in_a_group_is_never_shown(anon_client, owner, other):
    # Cannot be chosen in the forms; even if a row pointed there, it is not shown.
    theirs = make_badge(other, visibility=Badge.Visibility.PUBLIC)
    page = make_page(owner, visibility=Page.Visibility.PUBLIC)
    add_block(page, Block.Kind.BADGE, badge=theirs)
    assert theirs.name not in _shown(anon_client, page)


def test_publishing_without_private_badges_needs_no_confirmation(owner_client, owner, public_badge):
    page = make_page(owner)
    add_block(page, Block.Kind.BADGE, badge=public_badge)
    response = _publish(owner_client, page)
    assert response["Location"] == reverse("pages:edit", args=[page.pk]) + "#publish"
    page.refresh_from_db()
    assert page.visibility == Page.Visibility.UNLISTED


def test_publishing_with_private_badges_asks_first(owner_client, owner, private_badge):
    page = make_page(owner)
    add_block(page, Block.Kind.BADGE_GROUP, tag=make_tag(owner, badges=[private_badge]))
    response = _publish(owner_client, page, "public")
    assert response["Location"] == reverse("pages:publish_confirm", args=[page.pk])
    page.refresh_from_db()
    assert page.visibility == Page.Visibility.PRIVATE  # nothing changes before the answer
    body = owner_client.get(response["Location"]).content.decode()
    assert "This page shows a private badge" in body
    assert "Hidden Skill" in body
    assert "Make it public and publish" in body and "Publish without it" in body


def test_make_them_public(owner_client, owner, private_badge, anon_client):
    page = make_page(owner)
    add_block(page, Block.Kind.BADGE, badge=private_badge)
    _publish(owner_client, page, "public")
    url = reverse("pages:publish_confirm", args=[page.pk])
    response = owner_client.post(url, {"choice": "make-public"})
    assert response.status_code == 302
    page.refresh_from_db()
    private_badge.refresh_from_db()
    assert page.visibility == Page.Visibility.PUBLIC
    assert private_badge.visibility == Badge.Visibility.PUBLIC
    assert "Hidden Skill" in _shown(anon_client, page)


def test_leave_them_out(owner_client, owner, private_badge, anon_client):
    page = make_page(owner)
    add_block(page, Block.Kind.BADGE, badge=private_badge)
    _publish(owner_client, page, "unlisted")
    url = reverse("pages:publish_confirm", args=[page.pk])
    owner_client.post(url, {"choice": "leave-out"})
    page.refresh_from_db()
    private_badge.refresh_from_db()
    assert page.visibility == Page.Visibility.UNLISTED
    assert private_badge.visibility == Badge.Visibility.PRIVATE
    assert "Hidden Skill" not in _shown(anon_client, page)


def test_the_confirmation_needs_a_pending_publication(owner_client, page):
    url = reverse("pages:publish_confirm", args=[page.pk])
    response = owner_client.post(url, {"choice": "make-public"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.visibility == Page.Visibility.PRIVATE


def test_making_a_page_private_never_asks(owner_client, owner, private_badge):
    page = make_page(owner, visibility=Page.Visibility.PUBLIC)
    add_block(page, Block.Kind.BADGE, badge=private_badge)
    response = _publish(owner_client, page, "private")
    assert response["Location"].endswith("#publish")
    page.refresh_from_db()
    assert page.visibility == Page.Visibility.PRIVATE


def test_the_editor_counts_the_hidden_badges(owner_client, owner, private_badge, public_badge):
    page = make_page(owner)
    add_block(page, Block.Kind.BADGE, badge=private_badge)
    add_block(page, Block.Kind.BADGE, badge=public_badge)
    body = owner_client.get(reverse("pages:edit", args=[page.pk])).content.decode()
    assert "1 badge on this page is private: visitors do not see it." in body
    assert "This badge is private, so visitors do not see it." in body


def test_nothing_left_to_ask_goes_back_to_the_editor(owner_client, owner, private_badge):
    page = make_page(owner)
    add_block(page, Block.Kind.BADGE, badge=private_badge)
    _publish(owner_client, page, "public")
    set_visibility(Badge.objects.filter(pk=private_badge.pk), Badge.Visibility.PUBLIC)
    response = owner_client.get(reverse("pages:publish_confirm", args=[page.pk]))
    assert response["Location"].endswith("#publish")
    page.refresh_from_db()
    assert page.visibility == Page.Visibility.PRIVATE  # a GET never publishes
