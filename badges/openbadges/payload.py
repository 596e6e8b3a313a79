"""What a learner handed in: which carrier holds the badge and which kind of badge it is.

The carrier is read from the bytes themselves, never from a file name, which a learner
or a web server may have got wrong.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import urlsplit

from .errors import ImportRefused, _
from .png import extract_from_png
from .svg import extract_from_svg

Kind = Literal["url", "json", "jws"]
Carrier = Literal["png", "svg", "json", "jws", "url", "text"]

# Leading bytes of formats learners upload by mistake (a screenshot, a PDF certificate).
_OTHER_FORMATS = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\0", "TIFF"),
    (b"MM\0*", "TIFF"),
    (b"%PDF-", "PDF"),
)
_TEXT_SPACE = " \t\r\n\f\v\ufeff"  # str.strip() would keep a byte order mark
_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_BARE_HOST = re.compile(r"[\w-]+(\.[\w-]+)+(:\d+)?(/\S*)?")


@dataclass(frozen=True)
class Payload:
    """A badge as handed in: ``text`` (stripped) is a URL, a JSON object or a JWS.

    ``carrier`` says where it came from: a baked ``png``/``svg`` image, a ``json``,
    ``jws`` or ``url`` file or source, or pasted ``text``.
    """

    kind: Kind
    text: str
    carrier: Carrier


def _invalid(message: str, **params: object) -> ImportRefused:
    return ImportRefused("invalid", message, params)


def extract_payload(data: bytes, filename: str = "") -> Payload:
    """The badge in an uploaded or downloaded file: a baked PNG or SVG, or a text file.

    ``filename`` only sharpens the message when the content is not what the name says.
    """
    if not data or data.isspace():
        raise _invalid(_("The file is empty."))
    if data.startswith(b"\x89PNG"):
        return detect_payload(extract_from_png(data), carrier="png")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        # Only XML starts with "<" here; the SVG reader refuses any other document.
        return detect_payload(extract_from_svg(data), carrier="svg")
    _refuse_other_format(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_a_badge_file(filename) from error
    try:
        payload = detect_payload(text)
    except ImportRefused as refusal:
        if refusal.message != NOT_A_BADGE:
            raise
        # Said of a file, not of pasted text: no web address was expected here.
        raise _not_a_badge_file(filename) from refusal
    return replace(payload, carrier=payload.kind)


def _refuse_other_format(data: bytes) -> None:
    name = next((name for magic, name in _OTHER_FORMATS if data.startswith(magic)), "")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        name = "WebP"
    elif data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"heic", b"heix", b"mif1"):
        name = "AVIF/HEIC"
    if name:
        raise ImportRefused(
            "no_badge_data",
            _("This %(format)s file holds no badge data: only PNG and SVG images carry one."),
            {"format": name},
        )


def _not_a_badge_file(filename: str) -> ImportRefused:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in ("png", "svg"):
        return _invalid(
            _("The file is named like a %(format)s image but its content is not one."),
            format=extension.upper(),
        )
    return _invalid(_("The file is neither a PNG or SVG image nor a badge in text form."))


def detect_payload(text: str, carrier: Carrier = "text") -> Payload:
    """Classify pasted or unbaked text as a web address, badge JSON or a compact JWS."""
    text = text.strip(_TEXT_SPACE)
    if not text:
        raise _invalid(_("There is no badge data: the text is empty."))
    if text[0] in "{[":
        return Payload("json", _json_object(text), carrier)
    if text[:8].lower().startswith(("http://", "https://")):
        return Payload("url", _web_address(text), carrier)
    if _is_jws(text):
        return Payload("jws", text, carrier)
    raise _not_a_badge(text)


def _json_object(text: str) -> str:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise _invalid(
            _("The badge JSON is malformed at line %(line)s, column %(column)s."),
            line=error.lineno,
            column=error.colno,
        ) from error
    except RecursionError as error:
        raise _invalid(_("The badge JSON is nested too deeply to be read.")) from error
    if not isinstance(value, dict):
        raise _invalid(_("The JSON holds a list or a single value, not a badge object."))
    return text


def _web_address(text: str) -> str:
    if any(char.isspace() for char in text):
        raise _invalid(_("The web address contains spaces or line breaks."))
    try:
        host = urlsplit(text).hostname
    except ValueError as error:  # e.g. a malformed IPv6 host or port
        raise _invalid(_("The web address %(url)s is malformed."), url=text[:200]) from error
    if not host:
        raise _invalid(_("The web address %(url)s names no host."), url=text[:200])
    return text


def _is_jws(text: str) -> bool:
    """A compact JWS: three base64url parts, the first a JSON object (its header)."""
    if not _JWS.fullmatch(text):
        return False
    header = text.partition(".")[0]
    try:
        value = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    except (ValueError, RecursionError):  # binascii and Unicode errors are ValueErrors
        return False
    return isinstance(value, dict)


def _not_a_badge(text: str) -> ImportRefused:
    if _JWS.fullmatch(text) and text.startswith("ey"):
        return _invalid(_("The signed badge (JWS) is damaged: its header cannot be read."))
    if _BARE_HOST.fullmatch(text):
        return _invalid(_("Enter the full web address, starting with https://."))
    scheme = _SCHEME.match(text)
    if scheme:
        return _invalid(
            _("Only https:// and http:// web addresses can be imported, not a %(scheme)s: one."),
            scheme=scheme.group(1),
        )
    return _invalid(NOT_A_BADGE)


NOT_A_BADGE = _(
    "This is not a badge: expected a web address (https://…), badge JSON or a signed badge (JWS)."
)
