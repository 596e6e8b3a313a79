"""Telling what a learner handed in: the carrier from the bytes, the kind from the text."""

from __future__ import annotations

import io
import json
from dataclasses import FrozenInstanceError

import pytest
from PIL import Image

from badges.openbadges.bake import Payload, bake_png, detect_payload, extract_payload
from badges.openbadges.errors import ImportRefused
from tests.samples import OB20_DIR, OB30_DIR, sample_bytes

URL = "https://issuer.example/assertions/1"
JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpZCI6IjEifQ.c2lnbmF0dXJl"
ASSERTION = '{"type": "Assertion", "id": "urn:uuid:1"}'


def pixel_png(image_format: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(out, image_format)
    return out.getvalue()


def refused(call, *args) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        call(*args)
    return caught.value


def test_baked_png_is_read():
    data = bake_png(pixel_png(), ASSERTION)
    assert extract_payload(data, "badge.png") == Payload("json", ASSERTION, "png")


def test_baked_svg_after_bom_and_whitespace_is_read():
    data = (
        b"\xef\xbb\xbf\n  "
        + (f'<svg xmlns:ob="http://openbadges.org"><ob:assertion verify="{JWS}"/></svg>').encode()
    )
    assert extract_payload(data) == Payload("jws", JWS, "svg")


def test_svg_opening_with_a_comment_is_read():
    data = f'<!-- made by hand --><svg><assertion verify="{URL}"/></svg>'.encode()
    assert extract_payload(data) == Payload("url", URL, "svg")


def test_json_file():
    assert extract_payload(ASSERTION.encode(), "badge.json") == Payload("json", ASSERTION, "json")


def test_jws_file_is_stripped():
    assert extract_payload(f"\ufeff{JWS}\r\n".encode(), "badge.jws") == Payload("jws", JWS, "jws")


def test_url_file():
    assert extract_payload(f"{URL}\n".encode()) == Payload("url", URL, "url")


def test_file_name_is_not_trusted():
    assert extract_payload(ASSERTION.encode(), "badge.png").carrier == "json"
    assert extract_payload(bake_png(pixel_png(), URL), "badge.json").carrier == "png"


@pytest.mark.parametrize(
    "image_format, name", [("JPEG", "JPEG"), ("GIF", "GIF"), ("WEBP", "WebP"), ("TIFF", "TIFF")]
)
def test_other_image_formats_hold_no_badge_data(image_format, name):
    error = refused(extract_payload, pixel_png(image_format), "badge.png")
    assert error.code == "no_badge_data"
    assert error.params == {"format": name}


def test_pdf_holds_no_badge_data():
    assert refused(extract_payload, b"%PDF-1.7\n%\xe2\xe3").params == {"format": "PDF"}


def test_unbaked_png_holds_no_badge_data():
    assert refused(extract_payload, pixel_png()).code == "no_badge_data"


def test_binary_named_like_an_image_says_so():
    error = refused(extract_payload, b"\x00\x01\xfe\xff binary", "photo.PNG")
    assert error.code == "invalid"
    assert error.params == {"format": "PNG"}


def test_other_binary_is_invalid():
    error = refused(extract_payload, b"\x00\x01\xfe\xff binary")
    assert error.code == "invalid"
    assert "neither" in error.message


@pytest.mark.parametrize("data", [b"", b" \n\t"])
def test_empty_file_is_invalid(data):
    assert refused(extract_payload, data).code == "invalid"


def test_baked_text_that_is_not_a_badge_is_invalid():
    data = bake_png(pixel_png(), "hello there")
    assert refused(extract_payload, data).code == "invalid"


def test_detect_url():
    assert detect_payload(f"  {URL}\n") == Payload("url", URL, "text")


def test_detect_json():
    assert detect_payload(ASSERTION) == Payload("json", ASSERTION, "text")


def test_detect_jws():
    assert detect_payload(JWS) == Payload("jws", JWS, "text")


def test_detect_keeps_a_given_carrier():
    assert detect_payload(URL, "png").carrier == "png"


def test_payload_is_frozen():
    with pytest.raises(FrozenInstanceError):
        detect_payload(URL).text = "x"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "empty"),
        ("\ufeff \n", "empty"),
        ('{"type": "Assertion",}', "malformed at line"),
        ('["a", "b"]', "not a badge object"),
        ("[" * 100_000, "nested too deeply"),
        ("https://issuer.example/a b", "spaces"),
        ("https:///path-only", "names no host"),
        ("http://[::1", "malformed"),
        ("ftp://issuer.example/badge.json", "https:// and http://"),
        ("did:key:z6Mkabc", "https:// and http://"),
        ("www.issuer.example/badges/1", "full web address"),
        ("issuer.example:8080/badges/1", "full web address"),
        ("eyJub3QganNvbg.eyJpZCI6IjEifQ.c2ln", "JWS"),
        ("just some words", "not a badge"),
    ],
)
def test_text_that_is_no_badge_is_refused_specifically(text, fragment):
    error = refused(detect_payload, text)
    assert error.code == "invalid"
    assert fragment in error.render()


def test_malformed_json_names_line_and_column():
    assert refused(detect_payload, '{\n  "a": }').params == {"line": 2, "column": 8}


def test_three_dotted_words_are_not_a_jws():
    # A host name has the shape of a JWS but its first part is no JSON header.
    assert refused(detect_payload, "badges.issuer.example").message.startswith("Enter the full")


@pytest.mark.parametrize(
    "path, kind, carrier",
    [
        (f"{OB30_DIR}/simple.jwt", "jws", "jws"),
        (f"{OB30_DIR}/simple.json", "json", "json"),
        (f"{OB30_DIR}/simple-json.svg", "json", "svg"),
        (f"{OB30_DIR}/simple-jwt.png", "jws", "png"),
        (f"{OB20_DIR}/simple.jwt", "jws", "jws"),
        (f"{OB20_DIR}/simple-badge.png", "json", "png"),
        ("openbadges-bakery/test/baked.svg", "url", "svg"),
    ],
)
def test_samples(path, kind, carrier):
    payload = extract_payload(sample_bytes(path), path)
    assert (payload.kind, payload.carrier) == (kind, carrier)
    if kind == "json":
        assert isinstance(json.loads(payload.text), dict)


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("notes.txt", "The file is neither a PNG or SVG image nor a badge in text form."),
        ("badge.png", "The file is named like a PNG image but its content is not one."),
    ],
)
def test_a_text_file_that_is_no_badge_is_told_as_a_file(filename, message):
    refusal = refused(extract_payload, b"Shopping list: eggs, flour.", filename)

    assert refusal.code == "invalid"
    assert str(refusal) == message  # no web address was asked for: it is a file


def test_pasted_text_that_is_no_badge_still_asks_for_an_address_or_json():
    refusal = refused(detect_payload, "Shopping list: eggs, flour.")

    assert "expected a web address (https://…), badge JSON or a signed badge" in str(refusal)
