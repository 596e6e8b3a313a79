"""Rich previews: OpenGraph and Twitter tags with absolute URLs on every public page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.sharing.factories import make_collection


def meta(content: str) -> dict[str, str]:
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', content)
    return {key: unescape(value) for key, value in found}


@pytest.fixture
def public_profile(owner):
    owner.profile_is_public = True
    owner.bio = "Barista & trainer."
    owner.save()
    return owner


def test_the_badge_page_has_complete_absolute_tags(anon_client, badge):
    url = f"http://testserver/b/{badge.public_id}/"
    tags = meta(anon_client.get(reverse("sharing:badge", args=[badge.public_id])).content.decode())
    assert tags["og:title"] == 'Café "Barista" Level 2'
    assert tags["og:url"] == url
    assert tags["og:type"] == "website"
    assert tags["og:description"].startswith("Earned by Olive Owner, issued by L'École & Co.")
    assert re.fullmatch(rf"{re.escape(url)}preview\.png\?v=[0-9a-f]{{12}}", tags["og:image"])
    assert tags["og:image:width"] == "1200" and tags["og:image:height"] == "630"
    assert tags["og:image:alt"] == 'Café "Barista" Level 2, issued by L\'École & Co'
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]
    assert tags["twitter:title"] == tags["og:title"]


def test_the_image_address_changes_when_the_card_does(anon_client, badge):
    url = reverse("sharing:badge", args=[badge.public_id])
    before = meta(anon_client.get(url).content.decode())["og:image"]
    badge.status = "revoked"
    badge.save()
    assert meta(anon_client.get(url).content.decode())["og:image"] != before


def test_the_profile_has_complete_absolute_tags(anon_client, public_profile):
    url = f"http://testserver/u/{public_profile.public_slug}/"
    content = anon_client.get(reverse("sharing:profile", args=[public_profile.public_slug]))
    tags = meta(content.content.decode())
    assert tags["og:type"] == "profile"
    assert tags["og:url"] == url
    assert tags["og:title"] == "Olive Owner · Open Badges"
    assert tags["og:description"] == "Barista & trainer."
    assert tags["og:image"].startswith(f"{url}preview.png?v=")
    assert tags["twitter:card"] == "summary_large_image"


def test_a_public_collection_has_complete_absolute_tags(anon_client, owner, badge):
    collection = make_collection(owner, [badge], name="Café & more", visibility="public")
    url = f"http://testserver/c/{collection.public_id}/"
    tags = meta(
        anon_client.get(reverse("sharing:collection", args=[collection.public_id])).content.decode()
    )
    assert tags["og:title"] == "Café & more"
    assert tags["og:url"] == url
    assert tags["og:image"].startswith(f"{url}preview.png?v=")
    assert tags["og:image:alt"] == "Café & more: Open Badges of Olive Owner"


def test_pages_ask_search_engines_not_to_index_them(anon_client, badge):
    content = anon_client.get(reverse("sharing:badge", args=[badge.public_id])).content.decode()
    assert '<meta name="robots" content="noindex">' in content
    assert f'<link rel="canonical" href="http://testserver/b/{badge.public_id}/">' in content


def described_tags(content: str) -> list[str]:
    """The raw ``content`` of every tag that carries the description, as sent."""
    return re.findall(
        r'<meta (?:property="og:description"|name="(?:twitter:)?description") content="([^"]*)">',
        content,
    )


TRICKY = "Robots & rockets > toys, <b>really</b>."


@pytest.mark.parametrize("where", ["badge", "profile", "collection"])
def test_descriptions_are_escaped_exactly_once(anon_client, owner, badge, where):
    if where == "badge":
        badge.description = TRICKY
        badge.save()
        url = reverse("sharing:badge", args=[badge.public_id])
    elif where == "profile":
        owner.profile_is_public, owner.bio = True, TRICKY
        owner.save()
        url = reverse("sharing:profile", args=[owner.public_slug])
    else:
        shown = make_collection(owner, [badge], description=TRICKY, visibility="public")
        url = reverse("sharing:collection", args=[shown.public_id])

    described = described_tags(anon_client.get(url).content.decode())

    assert len(described) == 3  # description, og:description, twitter:description
    for content in described:
        assert unescape(content).endswith(TRICKY)  # one unescape gives the text back
