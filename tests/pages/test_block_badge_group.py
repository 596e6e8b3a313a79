"""Badge groups: a collection's or a tag's badges, resolved when the page is shown."""

from __future__ import annotations

import pytest

from badges.models import Badge
from pages.models import Block, Page
from tests.badges.factories import make_badge, make_collection, make_tag
from tests.pages.factories import add_block
from tests.pages.helpers import add, edit, editor, public

pytestmark = pytest.mark.django_db


def _published(owner) -> Page:
    return Page.objects.create(owner=owner, title="P", visibility=Page.Visibility.PUBLIC)


def test_the_choices_are_my_collections_and_tags(owner_client, owner, other, page):
    collection = make_collection(owner, "Job hunt")
    tag = make_tag(owner, "welding")
    make_collection(other, "Not mine")
    body = editor(owner_client, page, "?add=group")
    assert f'<option value="c{collection.pk}">Job hunt</option>' in body
    assert f'<option value="t{tag.pk}">welding</option>' in body
    assert "Not mine" not in body


def test_add_a_collection_group_and_a_tag_group(owner_client, owner, page):
    collection = make_collection(owner)
    tag = make_tag(owner)
    add(owner_client, page, "group", {"source": f"c{collection.pk}", "title": "Best"})
    add(owner_client, page, "group", {"source": f"t{tag.pk}"})
    first, second = page.blocks.all()
    assert (first.collection, first.tag, first.title) == (collection, None, "Best")
    assert (second.collection, second.tag) == (None, tag)


def test_someone_elses_collection_is_refused(owner_client, other, page):
    theirs = make_collection(other)
    response = add(owner_client, page, "group", {"source": f"c{theirs.pk}"})
    assert response.status_code == 400
    assert not page.blocks.exists()


def test_switch_a_group_to_a_tag(owner_client, owner, page):
    block = add_block(page, Block.Kind.BADGE_GROUP, collection=make_collection(owner))
    tag = make_tag(owner)
    edit(owner_client, block, {"source": f"t{tag.pk}", "title": ""})
    block.refresh_from_db()
    assert (block.collection, block.tag) == (None, tag)


def test_a_collection_group_follows_the_collection(anon_client, owner):
    first = make_badge(owner, visibility=Badge.Visibility.PUBLIC)
    collection = make_collection(owner, badges=[first])
    page = _published(owner)
    add_block(page, Block.Kind.BADGE_GROUP, collection=collection)
    assert first.name in public(anon_client, page).content.decode()

    later = make_badge(owner, visibility=Badge.Visibility.PUBLIC)
    collection.items.create(badge=later, position=1)
    body = public(anon_client, page).content.decode()
    assert first.name in body and later.name in body
    assert body.index(first.name) < body.index(later.name)


def test_a_tag_group_follows_the_tag(anon_client, owner):
    tag = make_tag(owner, "robots")
    page = _published(owner)
    add_block(page, Block.Kind.BADGE_GROUP, tag=tag, title="Robots")
    badge = make_badge(owner, visibility=Badge.Visibility.PUBLIC)
    assert badge.name not in public(anon_client, page).content.decode()
    tag.badges.add(badge)
    body = public(anon_client, page).content.decode()
    assert badge.name in body
    assert ">Robots</h2>" in body
