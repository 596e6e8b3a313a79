"""The 1200×630 preview picture: drawn with Pillow, stored once, drawn again after a change."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, ImageFont

from passport import privacy
from passport.web.images import UnusableImage
from sharing import cleanup, previews
from tests.sharing.factories import make_badge_class, make_collection, make_public_badge


def preview(client, badge):
    return client.get(reverse("sharing:badge_preview", args=[badge.public_id]))


def stored(folder: str) -> list[str]:
    try:
        return default_storage.listdir(f"share-previews/{folder}")[1]
    except FileNotFoundError:
        return []


def open_png(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    return image


def test_the_preview_is_a_1200_by_630_png(anon_client, badge):
    response = preview(anon_client, badge)
    assert open_png(response).size == (1200, 630)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(stored(f"b/{badge.public_id}")) == 1


def test_the_stored_card_is_served_without_drawing_again(anon_client, badge, monkeypatch):
    first = preview(anon_client, badge).content
    monkeypatch.setattr(previews, "draw", pytest.fail)
    assert preview(anon_client, badge).content == first


def test_a_new_name_draws_a_new_card_and_drops_the_old(anon_client, badge):
    first = preview(anon_client, badge).content
    old_files = stored(f"b/{badge.public_id}")
    badge.name = "Latte Art Master"
    badge.save()
    second = preview(anon_client, badge).content
    assert second != first
    new_files = stored(f"b/{badge.public_id}")
    assert len(new_files) == 1 and new_files != old_files


def test_a_new_status_draws_a_new_card(anon_client, badge):
    first = preview(anon_client, badge).content
    badge.status = "revoked"
    badge.save()
    assert preview(anon_client, badge).content != first


def test_cards_are_drawn_without_any_system_font(anon_client, badge, monkeypatch):
    monkeypatch.setattr(previews, "FONT_CANDIDATES", {"bold": (), "regular": ()})
    previews._font_file.cache_clear()
    try:
        assert isinstance(previews.font("bold", 40), ImageFont.FreeTypeFont)
        assert open_png(preview(anon_client, badge)).size == (1200, 630)
    finally:
        previews._font_file.cache_clear()


@pytest.mark.parametrize(
    "data",
    [b'<svg xmlns="http://www.w3.org/2000/svg"/>', b"\x89PNG\r\n\x1a\nnot really"],
    ids=["svg", "broken"],
)
def test_an_image_pillow_cannot_draw_gets_a_placeholder(anon_client, owner, data):
    badge_class = make_badge_class()
    badge_class.image.save("image.svg", ContentFile(data), save=True)
    badge = make_public_badge(owner, badge_class)
    assert open_png(preview(anon_client, badge)).size == (1200, 630)


def test_long_names_still_fit(anon_client, owner):
    name = "A very long badge name " * 12 + "Supercalifragilisticexpialidocious" * 3
    badge = make_public_badge(owner, make_badge_class(name=name))
    assert open_png(preview(anon_client, badge)).size == (1200, 630)


def test_profile_and_collection_previews(anon_client, owner, badge):
    owner.profile_is_public = True
    owner.save()
    collection = make_collection(owner, [badge], visibility="public")
    profile = anon_client.get(reverse("sharing:profile_preview", args=[owner.public_slug]))
    shelf = anon_client.get(reverse("sharing:collection_preview", args=[collection.public_id]))
    assert open_png(profile).size == (1200, 630)
    assert open_png(shelf).size == (1200, 630)


def test_erasing_the_account_deletes_every_card(anon_client, owner, badge):
    owner.profile_is_public = True
    owner.save()
    collection = make_collection(owner, [badge], visibility="public")
    preview(anon_client, badge)
    anon_client.get(reverse("sharing:profile_preview", args=[owner.public_slug]))
    anon_client.get(reverse("sharing:collection_preview", args=[collection.public_id]))
    assert cleanup.erase_previews in privacy.erasers()
    folders = [f"b/{badge.public_id}", f"u/{owner.public_slug}", f"c/{collection.public_id}"]
    assert all(stored(folder) for folder in folders)
    privacy.erase_account(owner)
    assert not any(stored(folder) for folder in folders)


def test_deleting_a_badge_deletes_its_cards(anon_client, badge, django_capture_on_commit_callbacks):
    preview(anon_client, badge)
    folder = f"b/{badge.public_id}"
    with django_capture_on_commit_callbacks(execute=True):
        badge.delete()
    assert stored(folder) == []


@pytest.mark.django_db
def test_the_share_image_is_green_only_for_a_confirmed_issuer(owner):
    from sharing import cards

    confirmed = make_public_badge(owner)
    unconfirmed = make_public_badge(
        owner,
        trust="issuer_not_confirmed",
        verification={"method": "vc-jwt", "key_id": "did:key:z6Mk", "self_asserted_key": True},
    )

    assert (cards.badge_card(confirmed).mark, cards.badge_card(confirmed).mark_label) == (
        "verified",
        "Verified",
    )
    card = cards.badge_card(unconfirmed)
    assert (card.mark, card.mark_label) == ("unconfirmed", "Signature valid · issuer not confirmed")


def test_a_card_drawn_while_pictures_are_busy_is_shown_but_not_kept(
    anon_client, badge, monkeypatch
):
    assert badge.image
    opener = previews.open_image

    def busy(*args, **kwargs):
        raise UnusableImage("busy")

    monkeypatch.setattr(previews, "open_image", busy)
    assert open_png(preview(anon_client, badge)).size == (1200, 630)
    assert stored(f"b/{badge.public_id}") == []

    monkeypatch.setattr(previews, "open_image", opener)
    preview(anon_client, badge)
    assert len(stored(f"b/{badge.public_id}")) == 1
