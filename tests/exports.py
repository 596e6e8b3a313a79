"""Asking for the data export as a learner does, and downloading it once ready."""

from __future__ import annotations

import re

from django.test import Client


def export_and_download(client: Client):
    """POST 'Download my data', then follow the privacy page's link to the ZIP."""
    page = client.post("/accounts/privacy/export/", follow=True)
    link = re.search(r'href="(/accounts/privacy/export/\d+/)"', page.content.decode())
    assert link, "the privacy page offers no download"
    return client.get(link.group(1))
