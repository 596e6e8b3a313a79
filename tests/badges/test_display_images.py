"""Badge images are kept for display as a re-encoded copy of a safe size.

The picture a browser is shown is never the bytes an issuer sent: it is decoded by the
one image opener and written again as a PNG of at most 1024×1024 without metadata. The
file the learner uploaded stays as it was, for download.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from badges.images import DISPLAY_SIZE
from badges.models import Badge
from badges.openbadges.bake import bake_png
from badges.reverify import reverify_badge
from passport.web.images import UnusableImage
from tests.badges.conftest import png_bytes
from tests.passport.test_web_images import _huge_png_header

EMAIL = "owner@example.org"
IMAGE_URL = "https://issuer.example/images/robotics.png"


def _png_with_text(size: tuple[int, int]) -> bytes:
    info = PngInfo()
    info.add_text("Comment", "taken at 12 Secret Street")
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def _jpeg_with_exif(size: tuple[int, int]) -> bytes:
    exif = Image.Exif()
    exif[0x010E] = "taken at 12 Secret Street"  # ImageDescription
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 200, 40)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _import_hosted(owner_client, issuer) -> Badge:
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    owner_client.post("/badges/add/", {"way": "url", "url": url})
    return Badge.objects.get()


def _shown(owner_client, badge: Badge) -> Image.Image:
    response = owner_client.get(f"/badges/{badge.pk}/image/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize(
    ("size", "expected"),
    [((3000, 1500), (DISPLAY_SIZE, DISPLAY_SIZE // 2)), ((900, 2700), (341, DISPLAY_SIZE))],
)
def test_a_large_image_is_shown_reduced_keeping_its_shape(owner_client, issuer, size, expected):
    issuer.fetcher.serve(IMAGE_URL, _png_with_text(size), content_type="image/png")

    shown = _shown(owner_client, _import_hosted(owner_client, issuer))

    assert shown.format == "PNG" and shown.size == expected
    assert shown.getpixel((0, 0))[:3] == (200, 40, 40)


def test_a_small_image_is_never_enlarged(owner_client, issuer):
    shown = _shown(owner_client, _import_hosted(owner_client, issuer))

    assert shown.size == (64, 64)


@pytest.mark.parametrize("data", [_png_with_text((80, 80)), _jpeg_with_exif((80, 80))])
def test_the_shown_image_carries_no_metadata(owner_client, issuer, data):
    issuer.fetcher.serve(IMAGE_URL, data, content_type="image/png")
    badge = _import_hosted(owner_client, issuer)

    shown = _shown(owner_client, badge)

    assert badge.image.name.endswith(".png")
    assert b"Secret Street" not in badge.image.open("rb").read()
    assert "Comment" not in shown.info and not shown.getexif()


def test_an_image_over_the_pixel_cap_is_not_kept_and_a_placeholder_is_shown(owner_client, issuer):
    issuer.fetcher.serve(IMAGE_URL, _huge_png_header(100_000, 100_000), content_type="image/png")

    badge = _import_hosted(owner_client, issuer)

    assert not badge.image
    assert owner_client.get(f"/badges/{badge.pk}/image/").status_code == 404
    html = owner_client.get(f"/badges/{badge.pk}/").content.decode()
    assert "badge-placeholder" in html and f"/badges/{badge.pk}/image/" not in html


def test_a_baked_upload_is_shown_reduced_and_downloaded_exactly(owner_client, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    issuer.fetcher.remove(IMAGE_URL)
    baked = bake_png(png_bytes((5, 6, 7), size=(2048, 2048)), url)
    owner_client.post(
        "/badges/add/", {"way": "upload", "files": [SimpleUploadedFile("b.png", baked)]}
    )
    badge = Badge.objects.get()

    assert _shown(owner_client, badge).size == (DISPLAY_SIZE, DISPLAY_SIZE)
    download = owner_client.get(f"/badges/{badge.pk}/download/")
    assert b"".join(download.streaming_content) == baked


def test_a_baked_upload_claiming_too_many_pixels_is_never_served_as_received(owner_client, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    issuer.fetcher.remove(IMAGE_URL)
    baked = bake_png(_huge_png_header(100_000, 100_000), url)
    owner_client.post(
        "/badges/add/", {"way": "upload", "files": [SimpleUploadedFile("b.png", baked)]}
    )
    badge = Badge.objects.get()

    assert not badge.image and badge.original_file
    assert owner_client.get(f"/badges/{badge.pk}/image/").status_code == 404
    Badge.objects.filter(pk=badge.pk).update(visibility=Badge.Visibility.PUBLIC)
    public = owner_client.get(f"/b/{badge.public_id}/image")
    assert public.status_code == 404


def test_verifying_again_stores_a_new_image_reduced(owner_client, issuer):
    badge = _import_hosted(owner_client, issuer)
    issuer.fetcher.serve(
        "https://issuer.example/images/new.png",
        _png_with_text((4000, 2000)),
        content_type="image/png",
    )
    issuer.update_badge_class(image="https://issuer.example/images/new.png")

    reverify_badge(Badge.objects.get(pk=badge.pk), fetcher=issuer.fetcher)

    assert _shown(owner_client, Badge.objects.get(pk=badge.pk)).size == (1024, 512)


def test_an_svg_image_is_served_only_sandboxed_and_as_a_download(owner_client, issuer):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    issuer.fetcher.serve(IMAGE_URL, svg, content_type="image/svg+xml")

    response = owner_client.get(f"/badges/{_import_hosted(owner_client, issuer).pk}/image/")

    assert response["Content-Type"] == "image/svg+xml"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_import_while_images_are_busy_says_to_try_again(owner_client, issuer, monkeypatch):
    def busy(*args, **kwargs):
        raise UnusableImage("busy")

    monkeypatch.setattr("badges.images.display_copy", busy)
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")

    response = owner_client.post("/badges/add/", {"way": "url", "url": url}, follow=True)

    assert not Badge.objects.exists()
    html = response.content.decode()
    assert 'data-code="busy"' in html and "Try again in a minute" in html
