"""Uploads never fill the disk: bytes past the largest size any form accepts are dropped."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class SizeCappedUploadHandler(TemporaryFileUploadHandler):
    """Stops writing a file once it passes ``UPLOAD_MAX_BYTES``.

    The file keeps its real size, so each form refuses it with its own clear message
    ("larger than 10 MB") while the server never stored more than the cap.
    """

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            return None  # swallowed: the rest of this file is neither kept nor passed on
        return super().receive_data_chunk(raw_data, start)
