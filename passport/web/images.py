"""The one way Passport opens an image that someone else supplied.

Only the header is read before the pixel count is checked, so a small file claiming a
huge picture is refused before a byte of it is decoded. One limit serves every use:
badge images, page pictures, avatars and the pictures drawn on share cards.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable

from PIL import Image, UnidentifiedImageError

# A 6000×4000 photograph: more than any badge, avatar or page picture needs.
MAX_PIXELS = 25_000_000
RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
_BROKEN = (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError)


class UnusableImage(ValueError):
    """``code`` is "not_image" or "too_many_pixels"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def open_image(
    data: bytes,
    *,
    formats: Iterable[str] = RASTER_FORMATS,
    max_pixels: int = MAX_PIXELS,
    decode: bool = True,
) -> Image.Image:
    """The picture in ``data``, checked; ``decode=False`` leaves the pixels unread."""
    try:
        with warnings.catch_warnings():
            # Our own pixel limit is far stricter than Pillow's warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=tuple(formats))
    except Image.DecompressionBombError:  # Pillow's own, far larger limit
        raise UnusableImage("too_many_pixels") from None
    except _BROKEN:
        raise UnusableImage("not_image") from None
    if image.width * image.height > max_pixels:
        raise UnusableImage("too_many_pixels")
    if decode:
        try:
            image.load()
        except _BROKEN:
            raise UnusableImage("not_image") from None
    return image
