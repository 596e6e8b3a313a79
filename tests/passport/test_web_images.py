"""The one image opener: header first, pixels counted before anything is decoded."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from passport.web.images import DISPLAY_SIZE, MAX_PIXELS, UnusableImage, display_copy, open_image


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _huge_png_header(width: int, height: int) -> bytes:
    """A tiny file that claims a huge picture: only its header is valid."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_a_real_picture_opens_decoded():
    image = open_image(_png(40, 30))

    assert image.size == (40, 30) and image.getpixel((0, 0)) == (10, 20, 30)


def test_too_many_pixels_is_refused_from_the_header_alone():
    with pytest.raises(UnusableImage) as refused:
        open_image(_huge_png_header(100_000, 100_000))

    assert refused.value.code == "too_many_pixels"
    assert MAX_PIXELS < 100_000 * 100_000


@pytest.mark.parametrize("data", [b"", b"not an image", _png(4, 4)[:40]])
def test_anything_else_is_not_an_image(data):
    with pytest.raises(UnusableImage) as refused:
        open_image(data)

    assert refused.value.code == "not_image"


def test_a_format_not_allowed_is_not_an_image():
    with pytest.raises(UnusableImage):
        open_image(_png(4, 4), formats=("JPEG",))


def test_a_display_copy_keeps_transparency_and_shape():
    buffer = io.BytesIO()
    Image.new("RGBA", (4000, 1000), (0, 0, 0, 0)).save(buffer, "PNG")

    copy = Image.open(io.BytesIO(display_copy(buffer.getvalue())))

    assert copy.format == "PNG" and copy.size == (DISPLAY_SIZE, DISPLAY_SIZE // 4)
    assert copy.mode == "RGBA" and copy.getpixel((0, 0))[3] == 0


def test_a_display_copy_of_a_picture_claiming_too_many_pixels_is_refused():
    with pytest.raises(UnusableImage) as refused:
        display_copy(_huge_png_header(100_000, 100_000))

    assert refused.value.code == "too_many_pixels"


def test_a_display_copy_is_turned_the_way_the_camera_says_and_forgets_it():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to view
    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1000), (0, 0, 0)).save(buffer, "JPEG", exif=exif)

    copy = Image.open(io.BytesIO(display_copy(buffer.getvalue())))

    assert copy.size == (DISPLAY_SIZE // 2, DISPLAY_SIZE)
    assert not copy.getexif()
