"""Text blocks: Markdown, previewed on the server before saving, sanitised when shown."""

from __future__ import annotations

import pytest

from pages.models import Block, Page
from tests.pages.factories import add_block
from tests.pages.helpers import add, edit, public

pytestmark = pytest.mark.django_db


def test_add_a_text_block(owner_client, page):
    add(owner_client, page, "text", {"text": "I *love* robots."})
    assert page.blocks.get().text == "I *love* robots."


def test_preview_renders_markdown_and_saves_nothing(owner_client, page):
    response = add(owner_client, page, "text", {"text": "Some **bold** words", "action": "preview"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Preview — not saved yet" in body
    assert "<strong>bold</strong>" in body
    assert "Some **bold** words</textarea>" in body  # still in the form
    assert not page.blocks.exists()


def test_preview_while_editing_keeps_the_saved_text(owner_client, page):
    block = add_block(page, Block.Kind.TEXT, text="Saved")
    response = edit(owner_client, block, {"text": "Draft *new*", "action": "preview"})
    assert "<em>new</em>" in response.content.decode()
    block.refresh_from_db()
    assert block.text == "Saved"


def test_edit_a_text_block(owner_client, page):
    block = add_block(page, Block.Kind.TEXT, text="Old")
    edit(owner_client, block, {"text": "New text"})
    block.refresh_from_db()
    assert block.text == "New text"


def test_links_get_nofollow_noopener_and_html_does_not_survive(anon_client, owner):
    page = Page.objects.create(owner=owner, title="P", visibility=Page.Visibility.PUBLIC)
    text = "See [my site](https://example.org) <b onclick='x()'>now</b> <script>alert(1)</script>"
    add_block(page, Block.Kind.TEXT, text=text)
    body = public(anon_client, page).content.decode()
    assert '<a href="https://example.org" rel="nofollow noopener">my site</a>' in body
    assert "onclick" not in body
    assert "<script>alert(1)" not in body


def test_an_empty_text_is_refused(owner_client, page):
    assert add(owner_client, page, "text", {"text": ""}).status_code == 400
    assert not page.blocks.exists()
