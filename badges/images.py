"""Badge and issuer images: accepted only when their bytes are a real image."""

from __future__ import annotations

import base64
import binascii
import urllib.parse

import defusedxml.ElementTree
from PIL import Image

from badges.openbadges.errors import ImportRefused, _
from badges.openbadges.fetch_types import MAX_FILE_BYTES, Fetcher
from badges.svg_display import clean_svg
from passport.web.images import DISPLAY_SIZE, UnusableImage, display_copy, open_image

__all__ = ["DISPLAY_SIZE", "display_image", "image_extension", "load_image"]

MAX_IMAGE_BYTES = MAX_FILE_BYTES
RASTER_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}


def image_extension(data: bytes) -> str | None:
    """``.png``/``.jpg``/``.gif``/``.webp``/``.svg`` when the bytes are such an image."""
    if len(data) > MAX_IMAGE_BYTES:
        return None
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"<svg" in data[:4096]:
        return ".svg" if _is_safe_svg(data) else None
    try:
        with open_image(data, decode=False) as image:
            image.verify()
            return RASTER_FORMATS.get(image.format or "")
    except (UnusableImage, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


def _is_safe_svg(data: bytes) -> bool:
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except Exception:  # any parse error or defusedxml refusal means "not usable"
        return False
    return root.tag.rsplit("}", 1)[-1] == "svg"


def load_image(source: str, fetcher: Fetcher) -> tuple[bytes, str] | None:
    """Bytes and extension of the image at ``source`` (URL or data: URI), or None.

    A missing or broken image never blocks an import: the badge is still genuine,
    and the gallery shows a placeholder instead.
    """
    if source.startswith("data:"):
        data = _decode_data_uri(source)
    elif source.startswith(("http://", "https://")):
        try:
            # Each badge stores its own copy, so the shared cache need not hold images.
            response = fetcher.get_uncached(source, accept="image/png,image/svg+xml,image/*;q=0.8")
        except ImportRefused:
            return None
        data = response.content if response.status == 200 else None
    else:
        data = None
    if not data:
        return None
    extension = image_extension(data)
    return display_image((data, extension)) if extension else None


def display_image(image: tuple[bytes, str] | None) -> tuple[bytes, str] | None:
    """The copy of an image a browser is shown, or None when it is unusable.

    A raster image is re-encoded (``display_copy``), so what an issuer sent never
    reaches a browser as it was. An SVG is cleaned down to its drawing
    (``svg_display.clean_svg``), and is still served only with a sandbox CSP and as an
    attachment.
    """
    if image is None:
        return None
    data, extension = image
    if extension == ".svg":
        cleaned = clean_svg(data)
        return (cleaned, ".svg") if cleaned else None
    try:
        return display_copy(data), ".png"
    except UnusableImage as unusable:
        if unusable.code == "busy":
            raise ImportRefused(
                "busy",
                _("Passport is busy with other pictures just now. Try again in a minute."),
            ) from None
        return None


def _decode_data_uri(uri: str) -> bytes | None:
    header, _, payload = uri.partition(",")
    try:
        if header.endswith(";base64"):
            return base64.b64decode(payload, validate=False)
        return urllib.parse.unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None
