"""Posting block forms the way the editor does."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pages.models import Block, Page


def add(client, page: Page, kind: str, data: dict | None = None, **files):
    url = reverse("pages:block_add", args=[page.pk, kind])
    return client.post(url, {"action": "save", **(data or {}), **files})


def edit(client, block: Block, data: dict | None = None, **files):
    url = reverse("pages:block_edit", args=[block.page_id, block.pk])
    return client.post(url, {"action": "save", **(data or {}), **files})


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def editor(client, page: Page, query: str = "") -> str:
    response = client.get(reverse("pages:edit", args=[page.pk]) + query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def public(client, page: Page):
    return client.get(reverse("pages:public", args=[page.public_id]))
