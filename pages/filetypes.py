"""What an uploaded file really is, decided from its bytes. Plain Python, no Django.

A file's name and the type its browser declared are only claims; ``sniff`` reads the
content. Office documents are ZIP archives, told apart by the ``[Content_Types].xml``
(Office Open XML) or ``mimetype`` (OpenDocument) entry inside, read with a size cap.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import defusedxml.ElementTree

# Entries read from inside an archive are tiny in real documents; larger means trouble.
MAX_MANIFEST_BYTES = 256 * 1024
TEXT_SAMPLE_BYTES = 64 * 1024

DOCUMENT, IMAGE, VIDEO, AUDIO = "document", "image", "video", "audio"


@dataclass(frozen=True)
class FileType:
    key: str
    mime: str
    extensions: tuple[str, ...]  # the first one names stored files
    category: str
    label: str

    @property
    def extension(self) -> str:
        return self.extensions[0]

    @property
    def is_image(self) -> bool:
        return self.category == IMAGE


TYPES = {
    t.key: t
    for t in (
        FileType("pdf", "application/pdf", (".pdf",), DOCUMENT, "PDF"),
        FileType("png", "image/png", (".png",), IMAGE, "PNG"),
        FileType("jpeg", "image/jpeg", (".jpg", ".jpeg", ".jpe"), IMAGE, "JPEG"),
        FileType("gif", "image/gif", (".gif",), IMAGE, "GIF"),
        FileType("webp", "image/webp", (".webp",), IMAGE, "WebP"),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
            DOCUMENT,
            "Word",
        ),
        FileType(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
            DOCUMENT,
            "Excel",
        ),
        FileType(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
            DOCUMENT,
            "PowerPoint",
        ),
        FileType("odt", "application/vnd.oasis.opendocument.text", (".odt",), DOCUMENT, "ODT"),
        FileType(
            "ods", "application/vnd.oasis.opendocument.spreadsheet", (".ods",), DOCUMENT, "ODS"
        ),
        FileType(
            "odp", "application/vnd.oasis.opendocument.presentation", (".odp",), DOCUMENT, "ODP"
        ),
        FileType("txt", "text/plain", (".txt", ".text", ".md", ".csv"), DOCUMENT, "Text"),
        FileType("mp4", "video/mp4", (".mp4", ".m4v"), VIDEO, "MP4"),
        FileType("webm", "video/webm", (".webm",), VIDEO, "WebM"),
        FileType("mp3", "audio/mpeg", (".mp3",), AUDIO, "MP3"),
    )
}

IMAGE_KEYS = frozenset({"png", "jpeg", "gif", "webp"})
OFFICE_KEYS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp"})
DOCUMENT_KEYS = frozenset({"pdf", "txt"}) | IMAGE_KEYS | OFFICE_KEYS
MEDIA_KEYS = frozenset({"mp4", "webm", "mp3"})

OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
ODF_MIMETYPES = {TYPES[k].mime: k for k in ("odt", "ods", "odp")}
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V "}
# Text that starts like another format is that format, broken: not plain text.
LOOKALIKE_STARTS = (b"%pdf", b"%!ps", b"gif87a", b"gif89a", b"{\\rtf")
MARKUP_STARTS = (b"<!doctype", b"<html", b"<?xml", b"<svg", b"<script", b"<head", b"<body")
# Where browsers look when they guess a type: markup there is refused even mid-text.
MARKUP_WINDOW = 1024
MARKUP_ANYWHERE = (b"<script", b"<html", b"<iframe", b"<svg")


def by_key(key: str) -> FileType | None:
    return TYPES.get(key)


def sniff(data: bytes) -> FileType | None:
    """The type of ``data`` among the accepted ones, or None when it is none of them."""
    key = _pdf(data) or _image(data) or _office(data) or _media(data) or _text(data)
    return TYPES[key] if key else None


def name_agrees(filename: str, file_type: FileType) -> bool:
    """False when the name claims another type (``report.pdf`` that is really text)."""
    dot = filename.rfind(".")
    if dot <= 0:
        return True  # no extension: the stored name gets the right one
    return filename[dot:].lower() in file_type.extensions


def _pdf(data: bytes) -> str | None:
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return "pdf"
    return None


def _image(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _office(data: bytes) -> str | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return ODF_MIMETYPES.get(_read_entry(archive, "mimetype").strip().decode("ascii"))
            if "[Content_Types].xml" in names:
                return _ooxml(_read_entry(archive, "[Content_Types].xml"))
    except (zipfile.BadZipFile, UnicodeDecodeError, ValueError, OSError, RuntimeError):
        return None
    return None


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_MANIFEST_BYTES:
        raise ValueError("manifest too large")
    with archive.open(info) as entry:
        content = entry.read(MAX_MANIFEST_BYTES + 1)
    if len(content) > MAX_MANIFEST_BYTES:
        raise ValueError("manifest too large")
    return content


def _ooxml(manifest: bytes) -> str | None:
    """The document kind its main part declares; macro-enabled documents are none of ours."""
    try:
        root = defusedxml.ElementTree.fromstring(manifest, forbid_dtd=True)
    except Exception:  # any parse error or defusedxml refusal means "not a document"
        return None
    kinds = set()
    for element in root:
        content_type = (element.get("ContentType") or "").lower()
        if "macroenabled" in content_type or "vbaproject" in content_type:
            return None
        if element.tag.rsplit("}", 1)[-1] == "Override" and content_type in OOXML_MAIN_PARTS:
            kinds.add(OOXML_MAIN_PARTS[content_type])
    return kinds.pop() if len(kinds) == 1 else None


def _media(data: bytes) -> str | None:
    if data[4:8] == b"ftyp" and data[8:12] in MP4_BRANDS:
        return "mp4"
    if data.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in data[:64]:
        return "webm"
    if data.startswith(b"ID3") and len(data) > 10:
        return "mp3"
    # An MPEG-1/2 Layer III frame header: 11 sync bits, then "layer III" bits.
    if len(data) > 4 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0 and data[1] & 0x06 == 0x02:
        return "mp3"
    return None


def _text(data: bytes) -> str | None:
    """Plain UTF-8 text; markup (HTML, SVG, XML) and scripts are not plain text here."""
    sample = data[:TEXT_SAMPLE_BYTES]
    if not sample.strip():
        return None
    body = sample.removeprefix(b"\xef\xbb\xbf")
    if any(byte < 32 and byte not in (9, 10, 12, 13) for byte in body) or b"\x7f" in body:
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the sample's end is still text.
        if error.start < len(body) - 4 or len(data) <= TEXT_SAMPLE_BYTES:
            return None
    lowered = body.lstrip().lower()
    if lowered.startswith((b"#!", *MARKUP_STARTS, *LOOKALIKE_STARTS)):
        return None
    if any(marker in lowered[:MARKUP_WINDOW] for marker in MARKUP_ANYWHERE):
        return None
    return "txt"
