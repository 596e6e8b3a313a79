"""The public page, the editor and the list cost the same few queries however big they get."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.models import Badge
from pages.models import Block, Page
from tests.badges.factories import make_badges, make_collection, make_tag
from tests.pages.factories import PDF, add_file_block, make_page, png_bytes
from tests.pages.helpers import public

pytestmark = pytest.mark.django_db


def _fifty_blocks(owner) -> Page:
    """50 blocks of every kind; badge groups of collections and tags with 5 badges each."""
    page = make_page(owner, visibility=Page.Visibility.PUBLIC, introduction="Hello")
    badges = make_badges(owner, 40, visibility=Badge.Visibility.PUBLIC)
    private = make_badges(owner, 5)
    collections = [
        make_collection(owner, f"C{i}", badges=badges[i * 5 : i * 5 + 5] + private[:1])
        for i in range(4)
    ]
    tags = [
        make_tag(owner, f"t{i}", badges=badges[20 + i * 5 : 25 + i * 5] + private[1:2])
        for i in range(4)
    ]
    kinds = [
        lambda i: {"kind": Block.Kind.HEADING, "text": f"Heading {i}", "level": 2},
        lambda i: {"kind": Block.Kind.TEXT, "text": f"Some *text* {i}"},
        lambda i: {"kind": Block.Kind.BADGE, "badge": badges[i % 40]},
        lambda i: {"kind": Block.Kind.BADGE, "badge": private[i % 5]},
        lambda i: {"kind": Block.Kind.BADGE_GROUP, "collection": collections[i % 4]},
        lambda i: {"kind": Block.Kind.BADGE_GROUP, "tag": tags[i % 4]},
        lambda i: {"kind": Block.Kind.LINK, "url": f"https://example.org/{i}", "title": "L"},
        lambda i: {"kind": Block.Kind.MEDIA, "provider": "youtube", "embed_id": "dQw4w9WgXcQ"},
    ]
    Block.objects.bulk_create(
        Block(page=page, position=i, **kinds[i % len(kinds)](i)) for i in range(44)
    )
    for _ in range(3):
        add_file_block(page, content=PDF)
        add_file_block(page, Block.Kind.IMAGE, png_bytes(), file_name="i.png", file_type="png")
    assert page.blocks.count() == 50
    return page


def test_the_public_page_with_50_blocks(anon_client, owner, django_assert_max_num_queries):
    page = _fifty_blocks(owner)
    # 1 is it shown, and whose (all a kept page asks), then to draw it: 2 the page with its
    # owner, 3 its blocks with their badge, collection and tag, 4 the collections' public
    # badges, 5 the tags' public badges.
    with django_assert_max_num_queries(5):
        response = public(anon_client, page)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="badge-card"') > 40
    for badge in Badge.objects.filter(visibility=Badge.Visibility.PRIVATE):
        assert badge.public_id not in body


def test_the_public_page_costs_the_same_with_5_blocks(
    anon_client, owner, django_assert_num_queries
):
    page = make_page(owner, visibility=Page.Visibility.PUBLIC)
    badge = make_badges(owner, 1, visibility=Badge.Visibility.PUBLIC)[0]
    Block.objects.create(page=page, kind=Block.Kind.BADGE, badge=badge, position=0)
    Block.objects.create(
        page=page,
        kind=Block.Kind.BADGE_GROUP,
        collection=make_collection(owner, badges=[badge]),
        position=1,
    )
    Block.objects.create(
        page=page, kind=Block.Kind.BADGE_GROUP, tag=make_tag(owner, badges=[badge]), position=2
    )
    with django_assert_num_queries(5):
        public(anon_client, page)
    with django_assert_num_queries(1):  # kept: only whether it is still shown
        public(anon_client, page)


def test_the_owner_sees_the_public_page_for_the_same_cost(
    owner_client, owner, django_assert_max_num_queries
):
    page = _fifty_blocks(owner)
    # The session and the user, then the same four.
    with django_assert_max_num_queries(6):
        assert public(owner_client, page).status_code == 200


def test_the_editor_with_50_blocks(owner_client, owner, django_assert_max_num_queries):
    page = _fifty_blocks(owner)
    # 1 the session, 2 the user, 3 the page, 4 its blocks, 5 the collections' badges,
    # 6 the tags' badges.
    with django_assert_max_num_queries(6):
        response = owner_client.get(reverse("pages:edit", args=[page.pk]))
    assert response.status_code == 200


def test_the_list_of_pages(owner_client, owner, django_assert_max_num_queries):
    for i in range(20):
        make_page(owner, f"Page {i}")
    # 1 the session, 2 the user, 3 the pages with their block counts.
    with django_assert_max_num_queries(3):
        response = owner_client.get(reverse("pages:list"))
    assert response.content.decode().count('class="page-card"') == 20


def test_the_public_page_reads_its_badges_as_cards_not_their_credentials(anon_client, owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = _fifty_blocks(owner)
    with CaptureQueriesContext(connection) as queries:
        assert public(anon_client, page).status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"badges_badge"."name"' in read  # the cards' badges are read
    for column in ("original", "document", "evidence", "narrative_html", "search_text"):
        assert f'"badges_badge"."{column}"' not in read  # nor what no card shows
