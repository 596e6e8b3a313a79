"""The one way Passport opens an image that someone else supplied.

Only the header is read before the pixel count is checked, so a small file claiming a
huge picture is refused before a byte of it is decoded. One limit serves every use:
badge images, page pictures, avatars and the pictures drawn on share cards.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable

from PIL import Image, ImageOps, UnidentifiedImageError

# A 6000×4000 photograph: more than any badge, avatar or page picture needs.
MAX_PIXELS = 25_000_000
# Badges are drawn at most 280 px wide; 1024 px is sharp on any screen and small to send.
DISPLAY_SIZE = 1024
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


def open_uploaded_picture(data: bytes, *, formats: Iterable[str] = RASTER_FORMATS) -> Image.Image:
    """A picture a learner uploaded, decoded; ``ValidationError`` saying what is wrong."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        return open_image(data, formats=formats)
    except UnusableImage as unusable:
        if unusable.code == "too_many_pixels":
            raise ValidationError(
                _("This picture has too many pixels. Choose one of at most %(count)s megapixels.")
                % {"count": MAX_PIXELS // 1_000_000},
                code="too_many_pixels",
            ) from None
        raise ValidationError(
            _("This file is not a picture we can use. Upload a PNG, JPEG, GIF or WebP image."),
            code="not_image",
        ) from None


def display_copy(data: bytes, *, size: int = DISPLAY_SIZE) -> bytes:
    """``data`` decoded and written again as a PNG of at most ``size``×``size``.

    The aspect ratio is kept, a smaller picture is never enlarged, and nothing but the
    pixels survives: no EXIF, no text chunks, no colour profile, no second frame.
    Raises ``UnusableImage`` like ``open_image``.
    """
    with open_image(data) as image:
        picture = ImageOps.exif_transpose(image)
        has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
        picture = picture.convert("RGBA" if has_alpha else "RGB")
    picture.thumbnail((size, size), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    picture.save(output, "PNG")
    return output.getvalue()
