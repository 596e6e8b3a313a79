"""Cover pictures: checked by their bytes, saved again without metadata, replaced cleanly."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from tests.pages.conftest import stored_files
from tests.pages.factories import PDF, jpeg_with_exif, png_bytes
from tests.pages.helpers import upload

pytestmark = pytest.mark.django_db


def _save(client, page, **files):
    url = reverse("pages:settings", args=[page.pk])
    data = {"title": page.title, "theme": page.theme, "action": "save"}
    return client.post(url, data | files)


def test_a_cover_is_saved_again_without_its_metadata(owner_client, owner, page):
    original = jpeg_with_exif((1000, 400))
    response = _save(owner_client, page, cover=upload("holiday.jpg", original, "image/jpeg"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.cover.name.startswith(f"page-covers/{owner.pk}/")
    assert page.cover.name.endswith(".jpg") and "holiday" not in page.cover.name
    assert (page.cover_width, page.cover_height) == (1000, 400)
    stored = page.cover.read()
    assert b"SecretCam" not in stored and stored != original
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()


def test_a_huge_cover_is_scaled_down(owner_client, page):
    output = io.BytesIO()
    Image.new("RGB", (4000, 1000), (1, 2, 3)).save(output, "PNG")
    _save(owner_client, page, cover=upload("wide.png", output.getvalue()))
    page.refresh_from_db()
    assert (page.cover_width, page.cover_height) == (2400, 600)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cover.png", PDF),
        ("cover.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("cover.pdf", png_bytes()),
    ],
)
def test_what_is_not_a_picture_is_refused(owner_client, page, media_root, name, content):
    response = _save(owner_client, page, cover=upload(name, content))
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    page.refresh_from_db()
    assert not page.cover
    assert stored_files(media_root) == []


def test_a_cover_over_10_mb_is_refused(owner_client, page, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = _save(owner_client, page, cover=upload("c.png", png_bytes()))
    assert "too large" in response.content.decode()


def test_a_new_cover_replaces_the_old_file(
    owner_client, page, media_root, django_capture_on_commit_callbacks
):
    _save(owner_client, page, cover=upload("a.png", png_bytes()))
    page.refresh_from_db()
    first = page.cover.name
    with django_capture_on_commit_callbacks(execute=True):
        _save(owner_client, page, cover=upload("b.png", png_bytes(color=(9, 9, 9))))
    page.refresh_from_db()
    assert page.cover.name != first
    assert [p.name for p in stored_files(media_root)] == [page.cover.name.rsplit("/", 1)[-1]]


def test_the_cover_is_served_as_an_inline_image(owner_client, page):
    _save(owner_client, page, cover=upload("a.png", png_bytes()))
    response = owner_client.get(reverse("pages:cover", args=[page.public_id]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
