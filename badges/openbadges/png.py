"""The badge text chunk of a PNG image: read it tolerantly, write it strictly.

A PNG is an 8-byte signature and a list of chunks: length (4 bytes), type (4), data,
then a CRC-32 of type and data. We walk the chunk headers over a ``memoryview`` and jump
over the image data by its length: a 25 MB image costs a few hundred header reads, never
a copy of the pixels nor their decoding.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from .errors import ImportRefused, _

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# OB 1.x/2.0 bake under "openbadges", OB 3.0 under "openbadgecredential".
BADGE_KEYWORDS = frozenset({b"openbadges", b"openbadgecredential"})
# The spec asks for iTXt; older bakers used tEXt and some tools compress (zTXt). When a
# file holds several, the spec's own chunk wins.
_TEXT_CHUNK_RANK = {b"iTXt": 0, b"zTXt": 1, b"tEXt": 2}
# Pixel data is never decoded here, so checking its checksum would only cost a pass
# over the whole image; an image viewer notices damaged pixels anyway.
_IMAGE_DATA = frozenset({b"IDAT", b"fdAT"})
_MAX_KEYWORD = 79  # PNG keywords are 1 to 79 bytes
_MAX_CHUNK_LENGTH = 2**31 - 1
MAX_TEXT_BYTES = 5 * 1024 * 1024  # a badge is a few KB; more is a decompression bomb
_HEADER = struct.Struct(">I4s")  # a chunk's data length and type

# A chunk as (type, offset of its data, offset just past its data, where the CRC starts).
# Plain tuples: hundreds are made per image, so this loop is the reader's whole cost.
_Chunk = tuple[bytes, int, int]


def _invalid(message: str, **params: object) -> ImportRefused:
    return ImportRefused("invalid", message, params)


def _chunks(view: memoryview, *, check_image_data: bool) -> Iterator[_Chunk]:
    """Yield each chunk up to and including IEND, refusing a damaged file."""
    if bytes(view[:8]) != PNG_SIGNATURE:
        raise _invalid(_("This is not a valid PNG file: its signature is wrong."))
    size, position = len(view), 8
    while position + 8 <= size:
        length, kind = _HEADER.unpack_from(view, position)
        start, end = position + 8, position + 8 + length
        if (
            length > _MAX_CHUNK_LENGTH
            or end + 4 > size
            or not kind.isalpha()
            or (position == 8 and kind != b"IHDR")
        ):
            raise _malformed(kind, position)
        if check_image_data or kind not in _IMAGE_DATA:
            _check_crc(view, kind, start, end)
        yield kind, start, end
        if kind == b"IEND":
            return  # anything after the end marker is not part of the image
        position = end + 4
    raise _invalid(_("The PNG file is cut short: it ends before its end marker (IEND)."))


def _malformed(kind: bytes, position: int) -> ImportRefused:
    """Which of the checks on a chunk header failed, worked out off the fast path."""
    if not kind.isalpha():
        return _invalid(
            _("The PNG file is damaged: the chunk at byte %(offset)s has an invalid name."),
            offset=position,
        )
    if position == 8 and kind != b"IHDR":
        return _invalid(_("The PNG file is damaged: it does not start with an image header."))
    return _invalid(
        _("The PNG file is cut short: chunk %(chunk)s is incomplete."), chunk=kind.decode("ascii")
    )


def _check_crc(view: memoryview, kind: bytes, start: int, end: int) -> None:
    (expected,) = struct.unpack_from(">I", view, end)
    if zlib.crc32(view[start - 4 : end]) != expected:
        raise _invalid(
            _("The PNG file is damaged: chunk %(chunk)s has a wrong checksum."),
            chunk=kind.decode("ascii"),
        )


def _is_badge_chunk(view: memoryview, kind: bytes, start: int, end: int) -> bool:
    if kind not in _TEXT_CHUNK_RANK:
        return False
    head = bytes(view[start : min(end, start + _MAX_KEYWORD + 1)])
    keyword, separator, _rest = head.partition(b"\0")
    return bool(separator) and keyword in BADGE_KEYWORDS


def extract_from_png(data: bytes) -> str:
    """The badge text (URL, JSON or JWS) baked into a PNG image, stripped.

    Raises ``ImportRefused``: ``invalid`` for a damaged file, ``no_badge_data`` when no
    ``openbadges``/``openbadgecredential`` text chunk comes before IEND, ``too_large``
    for text that unpacks to more than ``MAX_TEXT_BYTES``.
    """
    view = memoryview(data)
    found: _Chunk | None = None
    # Walk to IEND even after a find: a later iTXt outranks an earlier tEXt, and a
    # truncated file is refused rather than half read.
    for chunk in _chunks(view, check_image_data=False):
        # The cheap type test first: it turns away the image data chunks.
        if (
            chunk[0] in _TEXT_CHUNK_RANK
            and _is_badge_chunk(view, *chunk)
            and _outranks(chunk, found)
        ):
            found = chunk
    if found is None:
        raise ImportRefused("no_badge_data", _("This PNG image holds no badge data."))
    kind, start, end = found
    text = _chunk_text(kind, bytes(view[start:end])).strip()
    if not text:
        raise ImportRefused("no_badge_data", _("The badge data in this PNG image is empty."))
    return text


def _outranks(chunk: _Chunk, found: _Chunk | None) -> bool:
    return found is None or _TEXT_CHUNK_RANK[chunk[0]] < _TEXT_CHUNK_RANK[found[0]]


def _chunk_text(kind: bytes, raw: bytes) -> str:
    _keyword, _nul, rest = raw.partition(b"\0")
    if kind == b"tEXt":
        return _decode_latin(_capped(rest))
    if kind == b"zTXt":
        if rest[:1] != b"\0":
            raise _unknown_compression(kind)
        return _decode_latin(_inflate(rest[1:]))
    return _itxt_text(rest)


def _itxt_text(rest: bytes) -> str:
    """Text of an iTXt chunk after its keyword: flag, method, language, translated
    keyword, then the (maybe compressed) UTF-8 text."""
    if rest[:1] not in (b"\0", b"\1"):
        # Some bakers write iTXt with the tEXt layout (keyword, NUL, text); the
        # reference unbaker reads those, so we do too.
        return _decode_utf8(_capped(rest))
    compressed, method = rest[0] == 1, rest[1:2]
    _language, nul1, tail = rest[2:].partition(b"\0")
    _translated, nul2, text = tail.partition(b"\0")
    if not (method and nul1 and nul2):
        raise _invalid(_("The PNG file's badge chunk (iTXt) is malformed."))
    if compressed and method != b"\0":
        raise _unknown_compression(b"iTXt")
    return _decode_utf8(_inflate(text) if compressed else _capped(text))


def _unknown_compression(kind: bytes) -> ImportRefused:
    return _invalid(
        _("The PNG file's badge chunk (%(chunk)s) uses an unknown compression method."),
        chunk=kind.decode("ascii"),
    )


def _too_large() -> ImportRefused:
    return ImportRefused(
        "too_large",
        _("The badge data in this PNG image is larger than %(limit)s MB."),
        {"limit": MAX_TEXT_BYTES // (1024 * 1024)},
    )


def _capped(text: bytes) -> bytes:
    if len(text) > MAX_TEXT_BYTES:
        raise _too_large()
    return text


def _inflate(compressed: bytes) -> bytes:
    """Decompress zlib data, stopping one byte past the cap so a bomb costs little."""
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(compressed, MAX_TEXT_BYTES + 1)
    except zlib.error as error:
        raise _invalid(_("The compressed badge data in this PNG image is damaged.")) from error
    if len(text) > MAX_TEXT_BYTES:
        raise _too_large()
    if not inflater.eof:
        raise _invalid(_("The compressed badge data in this PNG image is cut short."))
    return text


def _decode_utf8(text: bytes) -> str:
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _invalid(_("The badge data in this PNG image is not valid UTF-8 text.")) from error


def _decode_latin(text: bytes) -> str:
    # tEXt and zTXt are Latin-1 by the PNG spec, but badge bakers write UTF-8 JSON into
    # them; try UTF-8 first. Latin-1 decodes any byte, so this never fails.
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return text.decode("latin-1")


def _make_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(data, zlib.crc32(kind))
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def bake_png(image: bytes, payload: str, keyword: str = "openbadges") -> bytes:
    """A copy of ``image`` with ``payload`` in one uncompressed iTXt chunk after IHDR.

    Earlier badge chunks (either keyword, any text chunk type) are dropped, so a file
    never carries two badges. ``image`` must be an intact PNG: every checksum is
    checked, pixels included, since we write the chunks back out.
    """
    if keyword.encode("ascii", "replace") not in BADGE_KEYWORDS:
        raise ValueError(f"not an Open Badges keyword: {keyword!r}")
    if not payload.strip() or "\0" in payload:
        raise ValueError("the payload must be non-empty text without NUL characters")
    badge = _make_chunk(b"iTXt", keyword.encode("ascii") + b"\0\0\0\0\0" + payload.encode())
    view = memoryview(image)
    parts: list[bytes | memoryview] = [PNG_SIGNATURE]
    for kind, start, end in _chunks(view, check_image_data=True):
        if not _is_badge_chunk(view, kind, start, end):
            parts.append(view[start - 8 : end + 4])
        if start == 16:  # the first chunk, which _chunks makes sure is IHDR
            parts.append(badge)
    return b"".join(parts)
