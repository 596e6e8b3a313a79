"""Image blocks: a real picture, saved again without metadata, with required alt text."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from pages.models import Block
from tests.pages.factories import PDF, add_file_block, jpeg_with_exif, png_bytes
from tests.pages.helpers import add, edit, editor, upload

pytestmark = pytest.mark.django_db


def test_add_an_image_with_alt_and_caption(owner_client, page):
    data = {"alt": "A welded joint", "caption": "Week 3"}
    add(owner_client, page, "image", data, upload=upload("joint.png", png_bytes()))
    block = page.blocks.get()
    assert (block.alt, block.caption, block.file_type) == ("A welded joint", "Week 3", "png")
    body = editor(owner_client, page)
    assert f'src="{block.file_url}" alt="A welded joint"' in body
    assert "<figcaption>Week 3</figcaption>" in body


def test_alt_text_is_required(owner_client, page):
    response = add(owner_client, page, "image", {"alt": ""}, upload=upload("a.png", png_bytes()))
    assert response.status_code == 400
    assert not page.blocks.exists()


def test_the_picture_loses_its_metadata(owner_client, page):
    original = jpeg_with_exif()
    assert b"SecretCam" in original
    add(owner_client, page, "image", {"alt": "x"}, upload=upload("p.jpg", original))
    stored = page.blocks.get().file.read()
    assert b"SecretCam" not in stored and b"GeoTagger" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


def test_a_pdf_is_not_a_picture(owner_client, page):
    response = add(owner_client, page, "image", {"alt": "x"}, upload=upload("x.png", PDF))
    assert response.status_code == 400
    assert "not a picture we can use" in response.content.decode()


def test_a_broken_picture_is_refused(owner_client, page):
    broken = png_bytes()[:40]
    response = add(owner_client, page, "image", {"alt": "x"}, upload=upload("x.png", broken))
    assert response.status_code == 400
    assert not page.blocks.exists()


def test_edit_alt_and_caption_keeps_the_picture(owner_client, page):
    block = add_file_block(
        page, kind=Block.Kind.IMAGE, content=png_bytes(), file_name="a.png", file_type="png"
    )
    edit(owner_client, block, {"alt": "New alt", "caption": ""})
    block.refresh_from_db()
    assert (block.alt, block.caption, block.file_name) == ("New alt", "", "a.png")
