"""Every kind of block moves up and down without JavaScript, and is removed on its own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.models import Badge
from pages.models import Block
from tests.badges.factories import make_badge, make_collection
from tests.pages.conftest import stored_files
from tests.pages.factories import MP3, PDF, add_block, add_file_block, png_bytes

pytestmark = pytest.mark.django_db


def _one_of_each(page) -> dict[str, Block]:
    owner = page.owner
    badge = make_badge(owner, visibility=Badge.Visibility.PUBLIC)
    return {
        "heading": add_block(page, Block.Kind.HEADING, text="H", level=2),
        "text": add_block(page, Block.Kind.TEXT, text="T"),
        "badge": add_block(page, Block.Kind.BADGE, badge=badge),
        "group": add_block(page, Block.Kind.BADGE_GROUP, collection=make_collection(owner)),
        "file": add_file_block(page, content=PDF),
        "image": add_file_block(
            page, Block.Kind.IMAGE, png_bytes(), file_name="i.png", file_type="png", alt="A"
        ),
        "media": add_file_block(page, Block.Kind.MEDIA, MP3, file_name="s.mp3", file_type="mp3"),
        "link": add_block(page, Block.Kind.LINK, url="https://example.org", title="L"),
    }


def _order(page) -> list[str]:
    return list(page.blocks.values_list("kind", flat=True))


def _move(client, block: Block, direction: str):
    url = reverse("pages:block_move", args=[block.page_id, block.pk])
    return client.post(url, {"direction": direction})


@pytest.mark.parametrize(
    "kind", ["heading", "text", "badge", "group", "file", "image", "media", "link"]
)
def test_each_kind_moves_up_and_down(owner_client, page, kind):
    blocks = _one_of_each(page)
    before = _order(page)
    index = before.index(kind)
    direction = "up" if index > 0 else "down"
    response = _move(owner_client, blocks[kind], direction)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#block-{blocks[kind].pk}")
    after = _order(page)
    other = index - 1 if direction == "up" else index + 1
    expected = list(before)
    expected[index], expected[other] = expected[other], expected[index]
    assert after == expected
    _move(owner_client, blocks[kind], "down" if direction == "up" else "up")
    assert _order(page) == before


def test_moving_past_either_end_changes_nothing(owner_client, page):
    first = add_block(page, Block.Kind.TEXT, text="1")
    last = add_block(page, Block.Kind.TEXT, text="2")
    _move(owner_client, first, "up")
    _move(owner_client, last, "down")
    _move(owner_client, last, "sideways")
    assert list(page.blocks.values_list("text", flat=True)) == ["1", "2"]


@pytest.mark.parametrize(
    "kind", ["heading", "text", "badge", "group", "file", "image", "media", "link"]
)
def test_each_kind_is_removed_with_its_file(
    owner_client, page, media_root, kind, django_capture_on_commit_callbacks
):
    blocks = _one_of_each(page)
    files_before = len(stored_files(media_root))
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("pages:block_delete", args=[page.pk, blocks[kind].pk]))
    assert response.status_code == 302
    assert kind not in _order(page)
    assert len(_order(page)) == 7
    has_file = kind in ("file", "image", "media")
    assert len(stored_files(media_root)) == files_before - (1 if has_file else 0)
    # Badges, collections and tags stay in the backpack.
    if kind == "badge":
        assert Badge.objects.filter(pk=blocks["badge"].badge_id).exists()


def test_a_new_block_goes_last(owner_client, page):
    add_block(page, Block.Kind.TEXT, text="first")
    owner_client.post(
        reverse("pages:block_add", args=[page.pk, "heading"]), {"text": "Last", "level": "2"}
    )
    assert list(page.blocks.values_list("kind", flat=True)) == ["text", "heading"]


def test_another_learners_blocks_are_404(other_client, page):
    block = add_block(page, Block.Kind.TEXT, text="Mine")
    for name, data in (
        ("pages:block_move", {"direction": "up"}),
        ("pages:block_delete", {}),
        ("pages:block_edit", {"text": "Hacked"}),
    ):
        assert other_client.post(reverse(name, args=[page.pk, block.pk]), data).status_code == 404
    add_url = reverse("pages:block_add", args=[page.pk, "text"])
    assert other_client.post(add_url, {"text": "x"}).status_code == 404
    block.refresh_from_db()
    assert block.text == "Mine"


def test_a_block_of_another_page_is_404(owner_client, owner, page):
    from tests.pages.factories import make_page

    other_page = make_page(owner, "Second")
    block = add_block(other_page, Block.Kind.TEXT, text="x")
    url = reverse("pages:block_delete", args=[page.pk, block.pk])
    assert owner_client.post(url).status_code == 404


def test_an_unknown_kind_is_404(owner_client, page):
    url = reverse("pages:block_add", args=[page.pk, "script"])
    assert owner_client.post(url, {"text": "x"}).status_code == 404


# --- Dragged into a new order (the editor's script posts the whole order) ---------------


def _order_url(page) -> str:
    return reverse("pages:block_order", args=[page.pk])


def _texts(page) -> list[str]:
    return list(page.blocks.values_list("text", flat=True))


def test_a_dragged_order_is_stored_whole(owner_client, page):
    blocks = [add_block(page, Block.Kind.TEXT, text=str(n)) for n in range(4)]
    new = [blocks[2], blocks[0], blocks[3], blocks[1]]
    response = owner_client.post(_order_url(page), {"order": ",".join(str(b.pk) for b in new)})
    assert response.status_code == 200
    assert response.json()["message"] == "New order of the blocks saved."
    assert _texts(page) == ["2", "0", "3", "1"]
    assert list(page.blocks.values_list("position", flat=True)) == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("order", "status"),
    [
        ("", 400),  # nothing sent
        ("1,two,3", 400),  # not ids
        ("-1", 400),
        ("SAME,SAME", 409),  # one block twice, one missing
        ("FIRST", 409),  # a stale screen that misses a block
        ("FIRST,SECOND,999999", 409),  # a block of no one's, or of another page
    ],
)
def test_an_order_that_does_not_name_each_block_once_changes_nothing(
    owner_client, page, order, status
):
    first = add_block(page, Block.Kind.TEXT, text="a")
    second = add_block(page, Block.Kind.TEXT, text="b")
    order = (
        order.replace("SAME", str(first.pk))
        .replace("FIRST", str(first.pk))
        .replace("SECOND", str(second.pk))
    )
    response = owner_client.post(_order_url(page), {"order": order})
    assert response.status_code == status
    assert response.json()["error"]
    assert _texts(page) == ["a", "b"]


def test_a_block_of_another_page_cannot_be_ordered_into_mine(owner_client, owner, page):
    from tests.pages.factories import make_page

    mine = add_block(page, Block.Kind.TEXT, text="mine")
    elsewhere = add_block(make_page(owner, "Second"), Block.Kind.TEXT, text="elsewhere")
    response = owner_client.post(_order_url(page), {"order": f"{elsewhere.pk},{mine.pk}"})
    assert response.status_code == 409
    assert _texts(page) == ["mine"]


def test_another_learners_page_cannot_be_reordered(other_client, page):
    first = add_block(page, Block.Kind.TEXT, text="a")
    second = add_block(page, Block.Kind.TEXT, text="b")
    response = other_client.post(_order_url(page), {"order": f"{second.pk},{first.pk}"})
    assert response.status_code == 404
    assert _texts(page) == ["a", "b"]


def test_ordering_needs_a_post(owner_client, page):
    assert owner_client.get(_order_url(page)).status_code == 405


def test_the_editor_offers_drag_handles_and_keeps_the_buttons(owner_client, page):
    for n in range(2):
        add_block(page, Block.Kind.TEXT, text=str(n))
    body = owner_client.get(reverse("pages:edit", args=[page.pk])).content.decode()
    assert f'data-order-url="{_order_url(page)}"' in body
    assert body.count('class="drag-handle"') == 2
    assert "Move block 2 up" in body  # the keyboard's way stays
