"""Heading blocks: text and level, added, edited in place, shown as h2 or h3."""

from __future__ import annotations

import pytest

from pages.models import Block, Page
from tests.pages.factories import add_block
from tests.pages.helpers import add, edit, editor, public

pytestmark = pytest.mark.django_db


def test_add_a_heading(owner_client, page):
    response = add(owner_client, page, "heading", {"text": "  My   projects ", "level": "2"})
    block = page.blocks.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#block-{block.pk}")
    assert (block.kind, block.text, block.level, block.position) == ("heading", "My projects", 2, 0)


def test_the_menu_opens_the_heading_form(owner_client, page):
    body = editor(owner_client, page, "?add=heading")
    assert f'action="/pages/{page.pk}/blocks/add/heading/"' in body
    assert 'name="level"' in body


def test_an_empty_heading_is_a_field_error_and_nothing_is_lost(owner_client, page):
    response = add(owner_client, page, "heading", {"text": "", "level": "3"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required." in body
    assert '<option value="3" selected>' in body
    assert not page.blocks.exists()


def test_a_level_other_than_2_or_3_is_refused(owner_client, page):
    response = add(owner_client, page, "heading", {"text": "X", "level": "1"})
    assert response.status_code == 400
    assert not page.blocks.exists()


def test_edit_a_heading_in_place(owner_client, page):
    block = add_block(page, Block.Kind.HEADING, text="Old", level=2)
    body = editor(owner_client, page, f"?edit={block.pk}")
    assert f'action="/pages/{page.pk}/blocks/{block.pk}/edit/"' in body
    assert 'value="Old"' in body
    edit(owner_client, block, {"text": "New", "level": "3"})
    block.refresh_from_db()
    assert (block.text, block.level) == ("New", 3)


def test_headings_render_at_their_level(anon_client, owner):
    page = Page.objects.create(owner=owner, title="P", visibility=Page.Visibility.UNLISTED)
    add_block(page, Block.Kind.HEADING, text="Section", level=2)
    add_block(page, Block.Kind.HEADING, text="Sub", level=3)
    body = public(anon_client, page).content.decode()
    assert '<h2 class="block block-heading">Section</h2>' in body
    assert '<h3 class="block block-heading">Sub</h3>' in body
