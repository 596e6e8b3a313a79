"""Reading the badge baked into a PNG: every chunk variant, damaged files, bombs."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from badges.openbadges.bake import MAX_TEXT_BYTES, extract_from_png
from badges.openbadges.errors import ImportRefused
from tests.samples import OB20_DIR, OB30_DIR, sample_bytes

SIGNATURE = b"\x89PNG\r\n\x1a\n"
ASSERTION = '{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion"}'
URL = "https://issuer.example/assertions/1"


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


IHDR = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))  # 1x1 greyscale
IDAT = chunk(b"IDAT", zlib.compress(b"\x00\x00"))
IEND = chunk(b"IEND", b"")


def png(*chunks: bytes) -> bytes:
    """A 1x1 PNG with ``chunks`` between its header and its end marker."""
    return SIGNATURE + IHDR + b"".join(chunks) + IEND


def itxt(text: str, keyword: bytes = b"openbadges", *, compressed: bool = False) -> bytes:
    body = zlib.compress(text.encode()) if compressed else text.encode()
    flag = b"\x01\x00" if compressed else b"\x00\x00"
    return chunk(b"iTXt", keyword + b"\x00" + flag + b"en\x00badge\x00" + body)


def refusal(data: bytes) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        extract_from_png(data)
    return caught.value


def test_uncompressed_itxt_is_read():
    assert extract_from_png(png(itxt(ASSERTION), IDAT)) == ASSERTION


def test_ob3_keyword_is_read():
    assert extract_from_png(png(IDAT, itxt("eyJh.eyJi.c2ln", b"openbadgecredential"))) == (
        "eyJh.eyJi.c2ln"
    )


def test_compressed_itxt_is_inflated():
    assert extract_from_png(png(itxt(ASSERTION, compressed=True), IDAT)) == ASSERTION


def test_ztxt_is_inflated():
    ztxt = chunk(b"zTXt", b"openbadges\x00\x00" + zlib.compress(ASSERTION.encode()))
    assert extract_from_png(png(ztxt, IDAT)) == ASSERTION


def test_legacy_text_chunk_holding_a_url_is_read():
    assert extract_from_png(png(chunk(b"tEXt", b"openbadges\x00" + URL.encode()), IDAT)) == URL


def test_text_chunk_is_utf8_first_then_latin1():
    utf8 = chunk(b"tEXt", b"openbadges\x00" + '{"name": "Caf\u00e9"}'.encode())
    latin1 = chunk(b"tEXt", b"openbadges\x00" + '{"name": "Caf\u00e9"}'.encode("latin-1"))
    assert extract_from_png(png(utf8)) == '{"name": "Caf\u00e9"}'
    assert extract_from_png(png(latin1)) == '{"name": "Caf\u00e9"}'


def test_itxt_written_with_the_text_layout_is_tolerated():
    assert extract_from_png(png(chunk(b"iTXt", b"openbadges\x00" + URL.encode()))) == URL


def test_chunk_after_the_image_data_is_found():
    big_idat = chunk(b"IDAT", bytes(300_000))
    assert extract_from_png(png(IDAT, big_idat, itxt(URL))) == URL


def test_itxt_outranks_an_earlier_text_chunk():
    legacy = chunk(b"tEXt", b"openbadges\x00https://old.example/1")
    assert extract_from_png(png(legacy, IDAT, itxt(URL))) == URL


def test_text_is_stripped():
    assert extract_from_png(png(itxt(f"\n  {URL}  \n"))) == URL


@pytest.mark.parametrize("keyword", [b"Comment", b"openbadgesx", b"OpenBadges", b"openbadge"])
def test_other_keywords_are_not_a_badge(keyword):
    assert refusal(png(itxt(URL, keyword), IDAT)).code == "no_badge_data"


def test_png_without_badge_chunk_holds_no_badge_data():
    error = refusal(png(chunk(b"tEXt", b"Software\x00paint"), IDAT))
    assert error.code == "no_badge_data"
    assert "no badge data" in error.message


def test_empty_badge_chunk_holds_no_badge_data():
    assert refusal(png(itxt("   "), IDAT)).code == "no_badge_data"


def test_badge_chunk_after_iend_is_ignored():
    assert refusal(png(IDAT) + itxt(URL)).code == "no_badge_data"


def test_trailing_garbage_after_iend_is_ignored():
    assert extract_from_png(png(itxt(URL), IDAT) + b"\x00garbage") == URL


def test_wrong_signature_is_invalid():
    error = refusal(b"\x89PNG\n\x1a\n" + png(itxt(URL))[8:])  # CRLF turned into LF
    assert error.code == "invalid"
    assert "signature" in error.message


def test_wrong_checksum_names_the_chunk():
    damaged = bytearray(png(chunk(b"tEXt", b"Software\x00paint"), itxt(URL), IDAT))
    damaged[len(SIGNATURE) + len(IHDR) + 8] ^= 0xFF  # first data byte of the tEXt chunk
    error = refusal(bytes(damaged))
    assert error.code == "invalid"
    assert error.params == {"chunk": "tEXt"}
    assert "checksum" in error.message


def test_damaged_badge_chunk_is_invalid():
    data = bytearray(png(itxt(URL), IDAT))
    data[len(SIGNATURE) + len(IHDR) + 20] ^= 0x01
    assert refusal(bytes(data)).params == {"chunk": "iTXt"}


def test_pixel_data_checksum_is_not_checked():
    # Reading the badge never decodes pixels, so damaged pixels do not hide it.
    damaged_idat = IDAT[:-4] + b"\x00\x00\x00\x00"
    assert extract_from_png(png(itxt(URL), damaged_idat)) == URL


def test_every_truncation_is_invalid():
    data = png(itxt(URL), IDAT)
    for length in range(len(data)):
        error = refusal(data[:length])
        assert error.code == "invalid", length


def test_missing_end_marker_is_invalid():
    error = refusal(SIGNATURE + IHDR + itxt(URL) + IDAT)
    assert error.code == "invalid"
    assert "IEND" in error.message


def test_first_chunk_must_be_the_header():
    error = refusal(SIGNATURE + itxt(URL) + IHDR + IDAT + IEND)
    assert error.code == "invalid"
    assert "header" in error.message


def test_chunk_with_invalid_name_is_invalid():
    error = refusal(png(chunk(b"i T!", b"x"), itxt(URL)))
    assert error.code == "invalid"
    assert error.params == {"offset": len(SIGNATURE) + len(IHDR)}


def test_oversized_chunk_length_is_invalid():
    lying = struct.pack(">I", 2**31 + 5) + b"iTXt" + b"openbadges\x00"
    assert refusal(SIGNATURE + IHDR + lying).code == "invalid"


def test_compressed_itxt_bomb_is_too_large():
    bomb = chunk(
        b"iTXt", b"openbadges\x00\x01\x00\x00\x00" + zlib.compress(b" " * (MAX_TEXT_BYTES + 1), 9)
    )
    error = refusal(png(bomb, IDAT))
    assert error.code == "too_large"
    assert error.params == {"limit": 5}


def test_ztxt_bomb_is_too_large():
    bomb = chunk(b"zTXt", b"openbadges\x00\x00" + zlib.compress(bytes(MAX_TEXT_BYTES * 3), 9))
    assert refusal(png(bomb, IDAT)).code == "too_large"


def test_text_at_the_cap_is_accepted():
    text = "x" * MAX_TEXT_BYTES
    assert extract_from_png(png(itxt(text, compressed=True))) == text


def test_damaged_compressed_text_is_invalid():
    damaged = chunk(b"iTXt", b"openbadges\x00\x01\x00\x00\x00not zlib at all")
    assert refusal(png(damaged)).code == "invalid"


def test_cut_compressed_text_is_invalid():
    cut = chunk(b"zTXt", b"openbadges\x00\x00" + zlib.compress(ASSERTION.encode())[:-6])
    error = refusal(png(cut))
    assert error.code == "invalid"
    assert "cut short" in error.message


def test_unknown_compression_method_is_invalid():
    odd = chunk(b"iTXt", b"openbadges\x00\x01\x07\x00\x00" + zlib.compress(b"{}"))
    error = refusal(png(odd))
    assert error.code == "invalid"
    assert error.params == {"chunk": "iTXt"}


def test_itxt_without_its_separators_is_invalid():
    assert refusal(png(chunk(b"iTXt", b"openbadges\x00\x00\x00en"))).code == "invalid"


def test_itxt_that_is_not_utf8_is_invalid():
    error = refusal(png(chunk(b"iTXt", b"openbadges\x00\x00\x00\x00\x00\xff\xfe{}")))
    assert error.code == "invalid"
    assert "UTF-8" in error.message


def pillow_png(info: PngImagePlugin.PngInfo) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, "PNG", pnginfo=info)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["itxt", "itxt-zip", "text", "ztxt"])
def test_chunks_written_by_pillow_are_read(kind):
    info = PngImagePlugin.PngInfo()
    if kind.startswith("itxt"):
        info.add_itxt("openbadges", ASSERTION, zip=kind == "itxt-zip")
    else:
        info.add_text("openbadges", ASSERTION, zip=kind == "ztxt")
    assert extract_from_png(pillow_png(info)) == ASSERTION


def test_ob30_json_sample():
    text = extract_from_png(sample_bytes(f"{OB30_DIR}/simple-json.png"))
    assert text.startswith("{")
    assert "OpenBadgeCredential" in text


def test_ob30_jwt_sample():
    text = extract_from_png(sample_bytes(f"{OB30_DIR}/simple-jwt.png"))
    assert text.startswith("eyJ")
    assert text.count(".") == 2


def test_ob20_sample():
    assert '"type":"Assertion"' in extract_from_png(sample_bytes(f"{OB20_DIR}/simple-badge.png"))


@pytest.mark.parametrize(
    "path", ["openbadges-bakery/test/unbaked.png", f"{OB20_DIR}/assets/robotics-badge.png"]
)
def test_unbaked_samples_hold_no_badge_data(path):
    assert refusal(sample_bytes(path)).code == "no_badge_data"
