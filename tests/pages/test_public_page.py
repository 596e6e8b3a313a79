"""The published page: themed, printable, with link previews and share links."""

from __future__ import annotations

from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pages.models import Block, Page, Theme
from tests.pages.factories import add_block, make_page, png_bytes
from tests.pages.helpers import public

pytestmark = pytest.mark.django_db


@pytest.fixture
def shown(owner, public_badge) -> Page:
    page = make_page(
        owner,
        "Robots & me",
        visibility=Page.Visibility.PUBLIC,
        introduction="I build **robots** for a living.",
    )
    add_block(page, Block.Kind.BADGE, badge=public_badge)
    return page


def _meta(body: str, key: str) -> str:
    marker = f'property="{key}" content="' if key.startswith("og:") else f'name="{key}" content="'
    start = body.index(marker) + len(marker)
    return body[start : body.index('"', start)]


def test_opengraph_describes_the_page_with_absolute_addresses(anon_client, shown, public_badge):
    body = public(anon_client, shown).content.decode()
    url = f"http://testserver/pages/p/{shown.public_id}/"
    assert _meta(body, "og:title") == "Robots &amp; me"
    assert _meta(body, "og:description") == "I build robots for a living."
    assert _meta(body, "og:url") == url
    assert _meta(body, "og:image") == f"http://testserver/b/{public_badge.public_id}/preview.png"
    assert _meta(body, "og:image:width") == "1200"
    picture = anon_client.get(_meta(body, "og:image").removeprefix("http://testserver"))
    assert (picture.status_code, picture["Content-Type"]) == (200, "image/png")
    assert _meta(body, "twitter:title") == "Robots &amp; me"
    assert f'<link rel="canonical" href="{url}">' in body


def test_the_cover_is_the_preview_picture_when_there_is_one(anon_client, shown):
    shown.cover.save("c.png", ContentFile(png_bytes((1200, 630))), save=False)
    shown.cover_width, shown.cover_height = 1200, 630
    shown.save()
    body = public(anon_client, shown).content.decode()
    image = _meta(body, "og:image")
    assert image.startswith(f"http://testserver/pages/p/{shown.public_id}/cover/?v=")
    assert _meta(body, "og:image:width") == "1200"
    assert _meta(body, "twitter:card") == "summary_large_image"


def test_without_introduction_the_first_text_describes_the_page(anon_client, owner):
    page = make_page(owner, visibility=Page.Visibility.UNLISTED)
    add_block(page, Block.Kind.TEXT, text="## Hello\n\nI *weld* things.")
    assert _meta(public(anon_client, page).content.decode(), "og:description") == (
        "Hello I weld things."
    )


@pytest.mark.parametrize(
    ("introduction", "text"),
    [
        ("Fish & chips > *pizza*, <b>surely</b>.", "Fish & chips > pizza, surely."),
        ("Tom &amp; Jerry say 5 &lt; 6", "Tom & Jerry say 5 < 6"),  # as the page shows it
    ],
)
def test_the_description_is_escaped_exactly_once(anon_client, owner, introduction, text):
    page = make_page(owner, visibility=Page.Visibility.PUBLIC, introduction=introduction)
    body = public(anon_client, page).content.decode()

    for key in ("og:description", "twitter:description", "description"):
        # What a preview shows is the attribute unescaped once: the text as typed.
        assert unescape(_meta(body, key)) == text


def test_share_links_without_linkedins_add_to_profile(anon_client, shown):
    body = public(anon_client, shown).content.decode()
    url = f"http://testserver/pages/p/{shown.public_id}/"
    assert "share-link-linkedin-add" not in body
    for key in ("linkedin", "x", "facebook", "email"):
        assert f"share-link-{key}" in body
    start = body.index('share-link-x" href="') + len('share-link-x" href="')
    href = body[start : body.index('"', start)].replace("&amp;", "&")
    assert dict(parse_qsl(urlsplit(href).query))["url"] == url


@pytest.mark.parametrize("theme", [t.value for t in Theme])
def test_each_theme_is_a_css_class(anon_client, owner, theme):
    page = make_page(owner, visibility=Page.Visibility.PUBLIC, theme=theme)
    body = public(anon_client, page).content.decode()
    assert f'class="public-page page-view theme-{theme}"' in body
    assert "/static/css/pages.css" in body


def test_the_stylesheet_has_print_rules_and_every_theme():
    from django.contrib.staticfiles import finders

    with open(finders.find("css/pages.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    assert "@media print" in css
    for theme in Theme:
        assert f".theme-{theme.value}" in css


def test_the_owner_sees_a_note_and_a_way_back(owner_client, shown):
    body = public(owner_client, shown).content.decode()
    assert "This is your page as visitors see it" in body
    assert reverse("pages:edit", args=[shown.pk]) in body


def test_the_learners_name_links_to_their_public_profile_only_when_it_is_public(
    anon_client, owner, shown
):
    profile = reverse("sharing:profile", args=[owner.public_slug])
    assert profile not in public(anon_client, shown).content.decode()
    owner.profile_is_public = True
    owner.save()
    body = public(anon_client, shown).content.decode()
    assert f'<a href="{profile}">Olive Owner</a>' in body


def test_public_for_lists_only_public_pages_of_active_learners(owner, other):
    shown = make_page(owner, "A", visibility=Page.Visibility.PUBLIC)
    for visibility in ("private", "unlisted", "password"):
        make_page(owner, visibility, visibility=visibility)
    make_page(other, "B", visibility=Page.Visibility.PUBLIC)
    assert list(Page.objects.public_for(owner)) == [shown]
    owner.is_active = False
    owner.save()
    assert list(Page.objects.public_for(owner)) == []


def test_an_empty_page_says_so(anon_client, owner):
    page = make_page(owner, visibility=Page.Visibility.PUBLIC)
    assert "Nothing is shown on this page yet." in public(anon_client, page).content.decode()
