"""Whatever a learner types into any field, the editor and the public page show it inert."""

from __future__ import annotations

import re

import pytest

from pages.models import Block, Page
from tests.pages.factories import add_block, add_file_block, png_bytes
from tests.pages.helpers import add, editor, public

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
PAYLOAD = SCRIPT + ATTRIBUTE


def _assert_inert(body: str) -> None:
    assert "<script>alert" not in body
    assert "<img src=x onerror" not in body
    assert 'onerror=alert(1)">' not in body
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", body, re.I)


@pytest.fixture
def hostile_page(owner) -> Page:
    page = Page.objects.create(
        owner=owner,
        title=PAYLOAD,
        introduction=PAYLOAD + " [click](javascript:alert(1))",
        visibility=Page.Visibility.PUBLIC,
    )
    add_block(page, Block.Kind.HEADING, text=PAYLOAD, level=2)
    add_block(
        page,
        Block.Kind.TEXT,
        text=PAYLOAD + "\n\n[x](javascript:alert(1)) <a href='javascript:y'>y</a>",
    )
    add_file_block(
        page,
        Block.Kind.IMAGE,
        png_bytes(),
        file_name="a.png",
        file_type="png",
        alt=PAYLOAD,
        caption=PAYLOAD,
    )
    add_file_block(page, file_name=PAYLOAD + ".pdf", caption=PAYLOAD)
    add_block(
        page,
        Block.Kind.LINK,
        url='https://example.org/?q="><script>',
        title=PAYLOAD,
        description=PAYLOAD,
    )
    add_block(
        page,
        Block.Kind.MEDIA,
        provider="youtube",
        embed_id="dQw4w9WgXcQ",
        title=PAYLOAD,
        caption=PAYLOAD,
    )
    add_block(page, Block.Kind.BADGE_GROUP, title=PAYLOAD)
    return page


def test_the_public_page_escapes_every_field(anon_client, hostile_page):
    body = public(anon_client, hostile_page).content.decode()
    _assert_inert(body)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body  # shown as text


def test_the_editor_escapes_every_field(owner_client, hostile_page):
    _assert_inert(editor(owner_client, hostile_page))


def test_the_edit_forms_escape_what_they_show(owner_client, hostile_page):
    for block in hostile_page.blocks.all():
        _assert_inert(editor(owner_client, hostile_page, f"?edit={block.pk}"))


def test_the_page_list_escapes_titles(owner_client, hostile_page):
    _assert_inert(owner_client.get("/pages/").content.decode())


def test_a_javascript_link_cannot_be_saved(owner_client, page):
    response = add(owner_client, page, "link", {"url": "javascript:alert(1)", "title": "x"})
    assert response.status_code == 400
    response = add(owner_client, page, "link", {"url": "JaVaScRiPt:alert(1)", "title": "x"})
    assert response.status_code == 400
    assert not page.blocks.exists()


def test_the_text_preview_is_sanitised(owner_client, page):
    body = add(owner_client, page, "text", {"text": PAYLOAD, "action": "preview"}).content.decode()
    _assert_inert(body.replace("&lt;script&gt;", ""))
    assert "<script>alert" not in body
