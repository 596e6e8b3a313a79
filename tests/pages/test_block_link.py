"""Link blocks: an http(s) address with a title and a description."""

from __future__ import annotations

import pytest

from pages.models import Block, Page
from tests.pages.factories import add_block
from tests.pages.helpers import add, edit, public

pytestmark = pytest.mark.django_db


def test_add_a_link(owner_client, page):
    data = {"url": "https://github.com/me/robot", "title": "Robot code", "description": "Python"}
    add(owner_client, page, "link", data)
    block = page.blocks.get()
    assert (block.url, block.title, block.description) == (
        "https://github.com/me/robot",
        "Robot code",
        "Python",
    )


def test_an_address_without_a_scheme_gets_https(owner_client, page):
    add(owner_client, page, "link", {"url": "example.org/work", "title": "Work"})
    assert page.blocks.get().url == "https://example.org/work"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/x", "data:text/html,<script>x</script>"]
)
def test_only_web_addresses_are_accepted(owner_client, page, url):
    response = add(owner_client, page, "link", {"url": url, "title": "Bad"})
    assert response.status_code == 400
    assert not page.blocks.exists()


def test_edit_a_link(owner_client, page):
    block = add_block(page, Block.Kind.LINK, url="https://a.example", title="A")
    edit(owner_client, block, {"url": "https://b.example", "title": "B", "description": ""})
    block.refresh_from_db()
    assert (block.url, block.title) == ("https://b.example", "B")


def test_shown_as_a_card_with_nofollow(anon_client, owner):
    page = Page.objects.create(owner=owner, title="P", visibility=Page.Visibility.PUBLIC)
    add_block(page, Block.Kind.LINK, url="https://www.example.org/x", title="Mine", description="D")
    body = public(anon_client, page).content.decode()
    assert (
        '<a class="link-card" href="https://www.example.org/x" rel="nofollow noopener ugc">' in body
    )
    assert '<span class="link-card-host">example.org</span>' in body
