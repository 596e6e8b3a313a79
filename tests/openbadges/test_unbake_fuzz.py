"""Whatever bytes come in, the readers answer with a payload or an ``ImportRefused``."""

from __future__ import annotations

import io
import zlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from badges.openbadges.bake import (
    bake_png,
    detect_payload,
    extract_from_png,
    extract_from_svg,
    extract_payload,
)
from badges.openbadges.errors import ImportRefused

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ASSERTION = '{"type": "Assertion", "id": "https://issuer.example/a/1"}'


def _baked_png() -> bytes:
    out = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("openbadgecredential", ASSERTION, zip=True)  # a zTXt to damage too
    Image.new("RGB", (8, 8), "olive").save(out, "PNG", pnginfo=info)
    return bake_png(out.getvalue(), ASSERTION)


BAKED_PNG = _baked_png()
BAKED_SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
    b'<openbadges:assertion verify="https://issuer.example/a/1">'
    b'<![CDATA[{"type": "Assertion"}]]></openbadges:assertion><title>Badge</title></svg>'
)


def only_refuses(read, data) -> str | None:
    """Run ``read``; any exception other than ``ImportRefused`` fails the test."""
    try:
        return read(data)
    except ImportRefused:
        return None


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes(data):
    only_refuses(extract_payload, data)
    only_refuses(extract_from_png, data)
    only_refuses(extract_from_svg, data)


@FUZZ
@given(st.binary(max_size=512))
def test_random_bytes_behind_a_png_signature(data):
    only_refuses(extract_payload, b"\x89PNG\r\n\x1a\n" + data)


@FUZZ
@given(st.binary(max_size=512))
def test_random_bytes_behind_an_xml_start(data):
    only_refuses(extract_payload, b"<?xml version='1.0'?><svg>" + data)


@FUZZ
@given(st.integers(min_value=0, max_value=len(BAKED_PNG) - 1))
def test_truncated_png_is_refused_as_invalid(length):
    try:
        extract_from_png(BAKED_PNG[:length])
    except ImportRefused as error:
        assert error.code == "invalid"
    else:
        raise AssertionError(f"a PNG cut at {length} bytes was read")


@FUZZ
@given(st.integers(min_value=0, max_value=len(BAKED_PNG) - 1), st.integers(1, 255))
def test_damaged_png(position, flip):
    damaged = bytearray(BAKED_PNG)
    damaged[position] ^= flip
    only_refuses(extract_payload, bytes(damaged))


@FUZZ
@given(st.binary(min_size=1, max_size=256))
def test_random_compressed_badge_chunk(body):
    # A real chunk around random "compressed" data reaches the decompressor.
    data = b"openbadges\x00\x01\x00\x00\x00" + body
    itxt = len(data).to_bytes(4, "big") + b"iTXt" + data
    itxt += zlib.crc32(b"iTXt" + data).to_bytes(4, "big")
    only_refuses(extract_payload, BAKED_PNG[:33] + itxt + BAKED_PNG[33:])


@FUZZ
@given(st.integers(min_value=0, max_value=len(BAKED_SVG) - 1))
def test_truncated_svg(length):
    only_refuses(extract_payload, BAKED_SVG[:length])


@FUZZ
@given(st.integers(min_value=0, max_value=len(BAKED_SVG)), st.text(max_size=64))
def test_svg_with_text_inserted(position, text):
    only_refuses(extract_payload, BAKED_SVG[:position] + text.encode() + BAKED_SVG[position:])


@FUZZ
@given(st.text(max_size=512))
def test_random_text(text):
    only_refuses(detect_payload, text)
    only_refuses(extract_payload, text.encode())


@FUZZ
@given(
    st.from_regex(r"[A-Za-z0-9_-]{0,40}\.[A-Za-z0-9_-]{0,40}\.[A-Za-z0-9_-]{0,40}", fullmatch=True)
)
def test_jws_shaped_text(text):
    only_refuses(detect_payload, text)


def test_the_fuzzed_files_are_readable_when_intact():
    # Otherwise the properties above would only ever exercise the refusals.
    assert extract_payload(BAKED_PNG).text == ASSERTION
    assert extract_payload(BAKED_SVG).text == "https://issuer.example/a/1"
