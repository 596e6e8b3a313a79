"""Pages and blocks made with the ORM, and small files whose bytes are what they claim."""

from __future__ import annotations

import io
import zipfile

from django.core.files.base import ContentFile
from PIL import Image

from pages.models import Block, Page

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def png_bytes(size=(80, 60), color=(29, 78, 137)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format="PNG")
    return output.getvalue()


def jpeg_with_exif(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "GeoTagger 1.0"  # Software
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def office_bytes(main_type: str, part: str = "/word/document.xml") -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="{part}" ContentType="{main_type}"/></Types>',
        )
        archive.writestr(part.lstrip("/"), "<document/>")
    return output.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def odt_bytes() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return output.getvalue()


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 64
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\xff\xfb\x90\x64" + b"\x00" * 64


def with_image(badge_class):
    badge_class.image.save("image.png", ContentFile(png_bytes()), save=True)
    return badge_class


def make_page(owner, title: str = "My portfolio", **fields) -> Page:
    return Page.objects.create(owner=owner, title=title, slug="my-portfolio", **fields)


def add_block(page: Page, kind: str, **fields) -> Block:
    position = page.blocks.count()
    return Block.objects.create(page=page, kind=kind, position=position, **fields)


def add_file_block(
    page: Page, kind: str = Block.Kind.FILE, content: bytes = PDF, **fields
) -> Block:
    defaults = {"file_name": "report.pdf", "file_type": "pdf", "file_size": len(content)}
    block = Block(page=page, kind=kind, position=page.blocks.count(), **(defaults | fields))
    extension = "." + (defaults | fields)["file_name"].rsplit(".", 1)[-1]
    block.file.save(f"upload{extension}", ContentFile(content), save=False)
    block.save()
    return block
