"""The one way Passport opens an image that someone else supplied.

Only the header is read before the pixel count is checked, so a small file claiming a
huge picture is refused before a byte of it is decoded. One limit serves every use:
badge images, page pictures, avatars and the pictures drawn on share cards.

A decode holds all its pixels in memory (100 MB for 25 megapixels), so only
``IMAGE_DECODE_CONCURRENCY`` run at once in a process; one that waits longer than
``IMAGE_DECODE_WAIT`` seconds for its turn is refused as "busy".
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PIL import Image, ImageOps, UnidentifiedImageError

# A 6000×4000 photograph: more than any badge, avatar or page picture needs.
MAX_PIXELS = 25_000_000
# Badges are drawn at most 280 px wide; 1024 px is sharp on any screen and small to send.
DISPLAY_SIZE = 1024
RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
_BROKEN = (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError)


class UnusableImage(ValueError):
    """``code`` is "not_image", "too_many_pixels" or "busy" (try again soon)."""

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
        with decoding_slot():
            _load(image)
    return image


def _load(image: Image.Image) -> None:
    try:
        image.load()
    except _BROKEN:
        raise UnusableImage("not_image") from None


_slots_lock = threading.Lock()
_slots: tuple[int, threading.BoundedSemaphore] | None = None


def _decode_slots() -> threading.BoundedSemaphore:
    """The process's semaphore, made again when the setting changes (in tests)."""
    global _slots
    from django.conf import settings

    limit = settings.IMAGE_DECODE_CONCURRENCY
    with _slots_lock:
        if _slots is None or _slots[0] != limit:
            _slots = (limit, threading.BoundedSemaphore(limit))
        return _slots[1]


@contextmanager
def decoding_slot() -> Iterator[None]:
    """One of the few decodes allowed at once; ``UnusableImage("busy")`` after waiting."""
    from django.conf import settings

    slots = _decode_slots()
    if not slots.acquire(timeout=settings.IMAGE_DECODE_WAIT):
        raise UnusableImage("busy")
    try:
        yield
    finally:
        slots.release()


def open_uploaded_picture(data: bytes, *, formats: Iterable[str] = RASTER_FORMATS) -> Image.Image:
    """A picture a learner uploaded, decoded; ``ValidationError`` saying what is wrong."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        return open_image(data, formats=formats)
    except UnusableImage as unusable:
        if unusable.code == "busy":
            raise ValidationError(
                _("Passport is busy with other pictures just now. Try again in a minute."),
                code="busy",
            ) from None
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
    output = io.BytesIO()
    with open_image(data, decode=False) as image, decoding_slot():
        image.draft("RGB", (size, size))  # a JPEG is decoded at a fraction of its size
        _load(image)
        # Each step works in place or on the reduced picture: a full-size copy is 100 MB.
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image.thumbnail((size, size), Image.Resampling.LANCZOS)
        picture = image.convert("RGBA" if has_alpha else "RGB")
        ImageOps.exif_transpose(picture, in_place=True)
        picture.save(output, "PNG")
    return output.getvalue()
