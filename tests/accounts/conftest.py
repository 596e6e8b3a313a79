"""Fixtures for the account tests: fresh rate limits, a throwaway media folder, pictures."""

from __future__ import annotations

import io
import re

from PIL import Image


def picture_bytes(fmt: str = "PNG", size=(64, 48), color=(200, 30, 30), **save) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format=fmt, **save)
    return output.getvalue()


def jpeg_with_exif(size=(800, 400)) -> bytes:
    """A landscape JPEG that says "rotate me upright" and carries a camera and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Industries"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif.get_ifd(0x8825).update({1: "N", 2: (45.0, 30.0, 15.0), 3: "W", 4: (73.0, 35.0, 1.0)})
    return picture_bytes("JPEG", size=size, exif=exif.tobytes())


def confirmation_path(message) -> str:
    """The path of the e-mail verification link in a sent message."""
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)
