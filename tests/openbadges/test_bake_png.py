"""Baking a badge into a PNG: one uncompressed iTXt right after IHDR, round-trip safe."""

from __future__ import annotations

import io
import struct
import zlib

import openbadges_bakery
import pytest
from PIL import Image, PngImagePlugin

from badges.openbadges.bake import bake_png, extract_from_png
from badges.openbadges.errors import ImportRefused
from tests.samples import OB30_DIR, sample_bytes

ASSERTION = '{"type": "Assertion", "name": "Caf\u00e9 \u2615 badge"}'
JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpZCI6IjEifQ.c2lnbmF0dXJl"


def pillow_png(info: PngImagePlugin.PngInfo | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (16, 16), (10, 120, 200, 255)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    found, position = [], 8
    while position < len(data):
        (length,) = struct.unpack_from(">I", data, position)
        kind = data[position + 4 : position + 8]
        found.append((kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
    return found


def test_round_trip():
    assert extract_from_png(bake_png(pillow_png(), ASSERTION)) == ASSERTION


def test_ob3_keyword_round_trip():
    baked = bake_png(pillow_png(), JWS, keyword="openbadgecredential")
    assert extract_from_png(baked) == JWS
    assert chunks(baked)[1][1].startswith(b"openbadgecredential\x00")


def test_one_uncompressed_itxt_right_after_the_header():
    baked = bake_png(pillow_png(), ASSERTION)
    kinds = [kind for kind, _data in chunks(baked)]
    assert kinds[:2] == [b"IHDR", b"iTXt"]
    assert kinds.count(b"iTXt") == 1
    assert chunks(baked)[1][1] == b"openbadges\x00\x00\x00\x00\x00" + ASSERTION.encode()


def test_pixels_are_unchanged():
    original = pillow_png()
    baked = Image.open(io.BytesIO(bake_png(original, ASSERTION)))
    assert baked.tobytes() == Image.open(io.BytesIO(original)).tobytes()


def test_rebaking_replaces_every_earlier_badge_chunk():
    info = PngImagePlugin.PngInfo()
    info.add_text("openbadges", "https://old.example/1")
    info.add_text("openbadgecredential", "https://old.example/2", zip=True)
    info.add_text("Software", "paint")
    baked = bake_png(bake_png(pillow_png(info), "https://old.example/3"), JWS)
    texts = [data for kind, data in chunks(baked) if kind in (b"iTXt", b"tEXt", b"zTXt")]
    assert texts == [b"openbadges\x00\x00\x00\x00\x00" + JWS.encode(), b"Software\x00paint"]


def test_bytes_after_the_end_marker_are_dropped():
    baked = bake_png(pillow_png() + b"trailing", JWS)
    assert chunks(baked)[-1] == (b"IEND", b"")


def test_reference_unbaker_reads_our_png():
    baked = bake_png(pillow_png(), ASSERTION)
    assert openbadges_bakery.unbake(io.BytesIO(baked)) == ASSERTION


def test_rebaking_a_real_ob3_sample():
    original = sample_bytes(f"{OB30_DIR}/simple-jwt.png")
    baked = bake_png(original, JWS)
    assert extract_from_png(baked) == JWS
    assert Image.open(io.BytesIO(baked)).tobytes() == Image.open(io.BytesIO(original)).tobytes()


@pytest.mark.parametrize("image", [b"", b"GIF89a....", b"\x89PNG\r\n\x1a\n"])
def test_input_must_be_a_png(image):
    with pytest.raises(ImportRefused) as caught:
        bake_png(image, JWS)
    assert caught.value.code == "invalid"


def test_damaged_pixels_are_refused_when_writing():
    data = bytearray(pillow_png())
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF
    with pytest.raises(ImportRefused) as caught:
        bake_png(bytes(data), JWS)
    assert caught.value.params == {"chunk": "IDAT"}


def test_truncated_png_is_refused():
    with pytest.raises(ImportRefused):
        bake_png(pillow_png()[:-5], JWS)


@pytest.mark.parametrize("keyword", ["Comment", "openbadge", "openbadges\u00e9"])
def test_only_badge_keywords_are_written(keyword):
    with pytest.raises(ValueError, match="keyword"):
        bake_png(pillow_png(), JWS, keyword=keyword)


@pytest.mark.parametrize("payload", ["", "  \n", "a\x00b"])
def test_payload_must_be_text(payload):
    with pytest.raises(ValueError, match="payload"):
        bake_png(pillow_png(), payload)


def test_written_checksums_are_right():
    baked = bake_png(pillow_png(), ASSERTION)
    position = 8
    while position < len(baked):
        (length,) = struct.unpack_from(">I", baked, position)
        body = baked[position + 4 : position + 8 + length]
        assert struct.unpack_from(">I", baked, position + 8 + length)[0] == zlib.crc32(body)
        position += 12 + length
