"""Badge blocks: one of the learner's own badges, shown as a card linking to its public page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pages.models import Block, Page
from tests.badges.factories import make_badge
from tests.pages.factories import add_block
from tests.pages.helpers import add, edit, editor, public

pytestmark = pytest.mark.django_db


def test_the_select_lists_only_my_badges(owner_client, page, public_badge, other):
    theirs = make_badge(other)
    body = editor(owner_client, page, "?add=badge")
    assert f'<option value="{public_badge.pk}">' in body
    assert f'value="{theirs.pk}"' not in body


def test_add_a_badge(owner_client, page, public_badge):
    add(owner_client, page, "badge", {"badge": public_badge.pk})
    assert page.blocks.get().badge == public_badge


def test_someone_elses_badge_is_refused(owner_client, page, other):
    theirs = make_badge(other)
    response = add(owner_client, page, "badge", {"badge": theirs.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not page.blocks.exists()


def test_change_the_badge(owner_client, page, public_badge, private_badge):
    block = add_block(page, Block.Kind.BADGE, badge=private_badge)
    assert f'<option value="{private_badge.pk}" selected>' in editor(
        owner_client, page, f"?edit={block.pk}"
    )
    edit(owner_client, block, {"badge": public_badge.pk})
    block.refresh_from_db()
    assert block.badge == public_badge


def test_shown_as_a_card_with_its_status_linking_to_its_public_page(
    anon_client, owner, public_badge
):
    page = Page.objects.create(owner=owner, title="P", visibility=Page.Visibility.UNLISTED)
    add_block(page, Block.Kind.BADGE, badge=public_badge)
    body = public(anon_client, page).content.decode()
    assert reverse("sharing:badge", args=[public_badge.public_id]) in body
    assert reverse("sharing:badge_image", args=[public_badge.public_id]) in body
    assert "Robotics Level 1" in body and "Robot Academy" in body
    assert "chip-ok" in body and "Verified" in body


def test_a_deleted_badge_leaves_a_note_for_the_owner_only(owner_client, anon_client, owner):
    badge = make_badge(owner, visibility="public")
    page = Page.objects.create(owner=owner, title="P", visibility=Page.Visibility.UNLISTED)
    block = add_block(page, Block.Kind.BADGE, badge=badge)
    badge.delete()
    block.refresh_from_db()
    assert block.badge is None
    assert "was deleted from your backpack" in editor(owner_client, page)
    assert public(anon_client, page).status_code == 200
