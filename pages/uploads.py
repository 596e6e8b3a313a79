"""Checking what learners upload to their pages: covers, pictures, documents and media.

Every upload is read whole (at most 10 MB), its type decided from its bytes, and its
name must not claim another type. Pictures are decoded and saved again, so only their
pixels survive: no EXIF, GPS position or camera data reaches a public page.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from pages import filetypes
from pages.filetypes import FileType
from passport.web.images import MAX_PIXELS, UnusableImage, open_image

MAX_SIDE = 2400
JPEG_QUALITY = 88
PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
NAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class CleanFile:
    """An upload that passed every check, ready to be stored."""

    content: bytes
    name: str  # the learner's name for it, tidied, with the extension of its real type
    file_type: FileType
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.content)


def max_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def read_upload(upload: UploadedFile) -> bytes:
    too_large = ValidationError(
        _("This file is too large. Choose one of %(size)s or less.")
        % {"size": filesizeformat(max_bytes())},
        code="too_large",
    )
    if upload.size is not None and upload.size > max_bytes():
        raise too_large
    upload.seek(0)
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise too_large
    if not data:
        raise ValidationError(_("This file is empty."), code="empty")
    return data


def check_upload(upload: UploadedFile, accepted: frozenset[str], refusal: str) -> CleanFile:
    """The upload as a ``CleanFile`` when its bytes are one of the ``accepted`` types.

    ``ValidationError`` otherwise, with ``refusal`` as the message when the type is wrong.
    """
    data = read_upload(upload)
    file_type = filetypes.sniff(data)
    if file_type is None or file_type.key not in accepted:
        raise ValidationError(refusal, code="type")
    name = tidy_name(upload.name or "", file_type)
    if not filetypes.name_agrees(upload.name or "", file_type):
        raise ValidationError(
            _(
                "This file’s name ends in “%(ext)s” but its contents are not of that type. "
                "Check that you chose the right file."
            )
            % {"ext": _suffix(upload.name or "")},
            code="mismatch",
        )
    if file_type.is_image:
        return clean_picture(data, name)
    return CleanFile(data, name, file_type)


def clean_picture(data: bytes, name: str) -> CleanFile:
    """The picture decoded and saved again: upright, at most 2400 px, without metadata."""
    image = _open_picture(data)
    source_format = image.format
    image = ImageOps.exif_transpose(image) or image
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    photo = source_format in ("JPEG", "WEBP") and not has_alpha
    key = "jpeg" if photo else "png"
    mode = "RGBA" if has_alpha else "RGB"
    image = image.convert(mode)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A fresh image carries the pixels and nothing else (no ICC, text or EXIF chunks).
    clean = Image.new(mode, image.size)
    clean.paste(image)
    output = io.BytesIO()
    if key == "jpeg":
        clean.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        clean.save(output, format="PNG", optimize=True)
    file_type = filetypes.TYPES[key]
    return CleanFile(output.getvalue(), tidy_name(name, file_type), file_type, *clean.size)


def _open_picture(data: bytes) -> Image.Image:
    try:
        return open_image(data, formats=PILLOW_FORMATS.values())
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


def tidy_name(filename: str, file_type: FileType) -> str:
    """The learner's file name, safe to show and to send back, with the real extension."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base[: base.rfind(".")] if base.rfind(".") > 0 else base
    stem = unicodedata.normalize("NFC", stem)
    stem = "".join(c for c in stem if c.isprintable() and c not in '"<>:|?*')
    stem = " ".join(stem.split()).strip(". ")[:NAME_MAX_LENGTH] or _("file")
    extension = _suffix(base).lower()
    if extension not in file_type.extensions:
        extension = file_type.extension
    return f"{stem}{extension}"


def _suffix(filename: str) -> str:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:] if dot > 0 else ""
