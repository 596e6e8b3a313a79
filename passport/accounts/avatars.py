"""Turning an uploaded picture into a safe avatar.

Only the pixels survive: the upload is identified by its bytes (never by its name or
declared type), its size is checked before it is decoded, and it is re-encoded as a
PNG of at most 512x512 without any metadata (no EXIF, GPS position or camera data).
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from passport.web.images import MAX_PIXELS, RASTER_FORMATS, UnusableImage, open_image

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 512
# What Pillow may identify the upload as; anything else is refused before decoding.
ALLOWED_FORMATS = RASTER_FORMATS
ACCEPT = "image/png,image/jpeg,image/gif,image/webp"


def make_avatar(upload: UploadedFile) -> ContentFile:
    """A clean PNG from ``upload``, or ``ValidationError`` with a message for the learner."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("This picture is too large. Choose a file of 5 MB or less."), code="too_large"
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("This picture is too large. Choose a file of 5 MB or less."), code="too_large"
        )
    image = _open_checked(data)
    return ContentFile(_reencode(image), name="avatar.png")


def _open_checked(data: bytes) -> Image.Image:
    try:
        return open_image(data, formats=ALLOWED_FORMATS)
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


def _reencode(image: Image.Image) -> bytes:
    # Turn the picture upright first: the orientation lives in the EXIF we drop.
    image = ImageOps.exif_transpose(image) or image
    mode = "RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB"
    image = image.convert(mode)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A fresh image carries the pixels and nothing else (no ICC, text or EXIF chunks).
    clean = Image.new(mode, image.size)
    clean.paste(image)
    output = io.BytesIO()
    clean.save(output, format="PNG", optimize=True)
    return output.getvalue()
