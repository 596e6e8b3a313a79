"""The display copy of an SVG badge image keeps the drawing and nothing that can act."""

from __future__ import annotations

import pytest

from badges.images import display_image
from badges.svg_display import clean_svg

HOSTILE = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:openbadges="http://openbadges.org" viewBox="0 0 100 100" onload="alert(1)">
  <openbadges:assertion verify="https://issuer.example/a/1"/>
  <script>alert(2)</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#1d4e89"/></linearGradient></defs>
  <circle cx="50" cy="50" r="40" fill="url(#g)" onclick="alert(3)"/>
  <a xlink:href="javascript:alert(4)"><rect width="10" height="10"/></a>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
  <image xlink:href="https://tracker.example/pixel.png" width="1" height="1"/>
  <use xlink:href="#g"/>
  <set attributeName="href" to="javascript:alert(5)"/>
  <rect width="5" height="5" style="background:url(https://tracker.example/x)"/>
  <text x="10" y="90" font-size="12">Robotics</text>
</svg>"""


def test_scripts_handlers_links_and_foreign_content_are_dropped():
    cleaned = clean_svg(HOSTILE).decode()

    for gone in (
        "script",
        "alert",
        "onload",
        "onclick",
        "foreignObject",
        "javascript:",
        "tracker.example",
        "openbadges",
        "<set",
        "<a ",
    ):
        assert gone not in cleaned, gone
    for kept in ("<circle", 'fill="url(#g)"', 'stop-color="#1d4e89"', "Robotics", 'href="#g"'):
        assert kept in cleaned, kept


def test_an_embedded_raster_picture_is_kept():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="4" height="4"/></svg>'
    )

    assert b"data:image/png;base64" in clean_svg(svg)


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body>not an svg</body></html>",
        b"<svg" + b"<g>" * 10,
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 200 + b"</g>" * 200 + b"</svg>",
    ],
)
def test_what_is_not_a_plain_svg_has_no_display_copy(data):
    assert clean_svg(data) is None
    assert display_image((data, ".svg")) is None


def test_the_display_copy_of_an_svg_badge_is_the_cleaned_one():
    data, extension = display_image((HOSTILE, ".svg"))

    assert extension == ".svg" and b"<script" not in data and b"<circle" in data
