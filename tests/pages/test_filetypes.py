"""A file's type comes from its bytes: spoofed names and look-alike contents are refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from pages import filetypes
from tests.pages.factories import (
    DOCX,
    MP3,
    MP4,
    PDF,
    WEBM,
    jpeg_with_exif,
    odt_bytes,
    office_bytes,
    png_bytes,
)
from tests.pages.helpers import add, upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (PDF, "pdf"),
        (png_bytes(), "png"),
        (jpeg_with_exif(), "jpeg"),
        (office_bytes(DOCX), "docx"),
        (office_bytes(XLSX, "/xl/workbook.xml"), "xlsx"),
        (office_bytes(PPTX, "/ppt/presentation.xml"), "pptx"),
        (odt_bytes(), "odt"),
        ("Notes, déjà vu.\nLine two.\n".encode(), "txt"),
        (MP4, "mp4"),
        (WEBM, "webm"),
        (MP3, "mp3"),
    ],
)
def test_known_types_are_recognised(content, key):
    assert filetypes.sniff(content).key == key


@pytest.mark.parametrize(
    "content",
    [
        PE,
        HTML,
        b"  <svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>",
        b"#!/bin/sh\nrm -rf ~\n",
        b"Some words then <script>alert(1)</script>",
        b"%PDF-1.4 but never ends",
        b"PK\x03\x04 not really a zip",
        office_bytes(DOCM),
        b"",
        b"{\\rtf1 a rich text file}",
        b"\x00\x01\x02binary",
        b"\x00\x00\x00\x18ftypqt  \x00\x00\x00\x00",  # QuickTime, not MP4
    ],
)
def test_everything_else_is_refused(content):
    assert filetypes.sniff(content) is None


def test_a_plain_zip_is_not_a_document():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("evil.exe", PE)
    assert filetypes.sniff(output.getvalue()) is None


def test_a_huge_manifest_is_not_read():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b" " * (filetypes.MAX_MANIFEST_BYTES + 1))
    assert filetypes.sniff(output.getvalue()) is None


@pytest.mark.parametrize(
    ("name", "agrees"),
    [
        ("report.pdf", True),
        ("REPORT.PDF", True),
        ("report", True),
        ("report.exe", False),
        ("report.pdf.exe", False),
        ("notes.txt", False),
    ],
)
def test_the_name_must_not_claim_another_type(name, agrees):
    assert filetypes.name_agrees(name, filetypes.TYPES["pdf"]) is agrees


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", PE),
        ("page.pdf", HTML),
        ("script.pdf", b"#!/usr/bin/env python\nimport os\n"),
        ("notes.pdf", b"Just some plain text."),  # real text, but named as a PDF
        ("report.txt", PDF),  # a real PDF named as text
        ("photo.pdf", png_bytes()),
        ("movie.pdf", MP4),
    ],
)
def test_spoofed_uploads_are_refused(owner_client, page, media_root, name, content):
    response = add(owner_client, page, "file", upload=upload(name, content, "application/pdf"))
    assert response.status_code == 400
    assert not page.blocks.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


@pytest.mark.django_db
def test_a_file_without_extension_gets_the_right_one(owner_client, page):
    add(owner_client, page, "file", upload=upload("report", PDF))
    assert page.blocks.get().file_name == "report.pdf"


@pytest.mark.django_db
def test_odd_names_are_tidied(owner_client, page):
    add(owner_client, page, "file", upload=upload('..\\..\\my "best"\x07 <work>.pdf', PDF))
    assert page.blocks.get().file_name == "my best work.pdf"
