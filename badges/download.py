"""The badge a learner downloads: the baked file as received, or one baked on the fly.

A badge imported as JSON or a signed text has no image of its own that carries it,
so a PNG is baked from its display image and its original payload (the reverse of
unbaking), ready to upload to another backpack.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from badges.models import Badge
from badges.openbadges.bake import bake_png
from passport.web.images import UnusableImage, open_image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CONTENT_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class BakedFile:
    content: bytes
    filename: str
    content_type: str


def baked_badge_file(badge: Badge) -> BakedFile:
    if badge.original_file:
        with badge.original_file.open("rb") as stored:
            content = stored.read()
        extension = ".svg" if badge.original_file.name.lower().endswith(".svg") else ".png"
    else:
        keyword = "openbadgecredential" if badge.spec == "3.0" else "openbadges"
        content = bake_png(_display_png(badge), badge.original.strip(), keyword)
        extension = ".png"
    return BakedFile(content, download_stem(badge) + extension, CONTENT_TYPES[extension])


def download_stem(badge: Badge) -> str:
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in badge.name)
    return stem[:60].strip("-") or "badge"


def _display_png(badge: Badge) -> bytes:
    """The badge class image as PNG; a plain disc when it is missing or SVG."""
    image = badge.image
    if image and not image.name.lower().endswith(".svg"):
        try:
            with image.open("rb") as stored:
                data = stored.read()
        except FileNotFoundError:
            return _placeholder()  # the credential is what counts; the picture is gone
        if data.startswith(PNG_SIGNATURE):
            return data
        try:
            with open_image(data) as picture:
                return _png(picture.convert("RGBA"))
        except UnusableImage:
            pass
    return _placeholder()


def _placeholder() -> bytes:
    picture = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(picture).ellipse((10, 10, 390, 390), fill=(29, 78, 137, 255))
    return _png(picture)


def _png(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()
