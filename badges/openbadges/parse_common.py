"""Coercion and property-reading helpers shared by the Open Badges 0.5–2.x readers.

The plain values the readers produce (``AssertionInfo``, ``BadgeInfo``, ``IssuerInfo``),
lenient JSON and JSON-LD ``type`` reading, and the coercions that turn what real issuers
publish (strings or objects, ``@value`` wrappers, lists, trailing slashes) into checked
strings and IRIs, refusing with ``ImportRefused`` that names the property.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from .credential import Alignment, Evidence, Issuer, Recipient
from .errors import ImportRefused, _

# Spec versions as read here, and as stored in ``Credential.spec``.
SPEC_OF = {"0.5": "0.5", "1.0": "1.0", "1.1": "1.0", "2.0": "2.0"}


# Refusals name the object the property belongs to; one sentence per object so that
# each translates naturally.
_MISSING = {
    "assertion": _("The badge assertion has no %(property)s, which Open Badges requires."),
    "badge": _("The badge class has no %(property)s, which Open Badges requires."),
    "issuer": _("The issuer profile has no %(property)s, which Open Badges requires."),
}
_MALFORMED = {
    "assertion": _("The badge assertion's %(property)s is not in a form Open Badges allows."),
    "badge": _("The badge class's %(property)s is not in a form Open Badges allows."),
    "issuer": _("The issuer profile's %(property)s is not in a form Open Badges allows."),
}


@dataclass(frozen=True)
class AssertionInfo:
    """One assertion, read but not yet verified."""

    version: str  # "0.5", "1.0", "1.1" or "2.0"
    doc: dict[str, Any]
    id: str  # IRI ("" for 0.5 and plain 1.0)
    uid: str  # legacy identifier ("" when absent)
    method: str  # "hosted" or "signed"
    hosted_url: str  # where the hosted copy lives ("" when signed or unknown)
    key_url: str  # 2.0 verification.creator or 1.0 verify.url of a signed badge
    badge: str | dict[str, Any]  # IRI or embedded badge class
    recipient: Recipient
    issued_on: datetime | None  # only 0.5 may lack it
    expires: datetime | None = None
    image: str = ""
    evidence: tuple[Evidence, ...] = ()
    narrative: str = ""
    endorsements: tuple[Any, ...] = ()  # IRIs or embedded Endorsement objects

    @property
    def spec(self) -> str:
        return SPEC_OF[self.version]


@dataclass(frozen=True)
class BadgeInfo:
    doc: dict[str, Any]
    id: str
    name: str
    description: str
    image: str
    criteria_url: str
    criteria_narrative: str
    issuer: str | dict[str, Any]  # IRI or embedded profile
    alignments: tuple[Alignment, ...] = ()
    tags: tuple[str, ...] = ()
    endorsements: tuple[Any, ...] = ()


@dataclass(frozen=True)
class KeyRef:
    """A key an issuer profile lists: its id, and its PEM when embedded."""

    id: str
    pem: str = ""


@dataclass(frozen=True)
class IssuerInfo:
    doc: dict[str, Any]
    issuer: Issuer
    public_keys: tuple[KeyRef, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    starts_with: tuple[str, ...] = ()
    revocation_list: str | dict[str, Any] = ""
    endorsements: tuple[Any, ...] = ()
    # Hosts allowed to host this issuer's badges when it declares no verification
    # policy (the host of its id; for 1.x also the host of its ``url``).
    default_hosts: tuple[str, ...] = ()
    # The https origin (host[:port]) the profile was served from, after any redirect;
    # "" when it was embedded, or came over http or from elsewhere.
    served_origin: str = ""

    @property
    def id(self) -> str:
        return self.issuer.id


# --- JSON and types -----------------------------------------------------------------


def load_json(data: bytes | str, *, url: str = "") -> Any:
    """Parse JSON from bytes or text, tolerating a BOM and surrounding whitespace."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _not_json(url) from None
    try:
        return json.loads(data.lstrip("\ufeff").strip())
    except (ValueError, RecursionError):
        raise _not_json(url) from None


def looks_like_json(data: bytes | str) -> bool:
    head = data[:64]
    if isinstance(head, bytes):
        head = head.decode("utf-8", errors="ignore")
    head = head.lstrip("\ufeff \t\r\n")
    return head[:1] in ("{", "[")


def local_name(term: str) -> str:
    """``obi:Assertion`` or ``https://w3id.org/openbadges#Assertion`` → ``Assertion``."""
    return re.split(r"[#/:]", term.strip())[-1]


def types(value: Any) -> list[str]:
    """Local names of a JSON-LD ``type`` (string or list)."""
    return [local_name(entry) for entry in as_list(value) if isinstance(entry, str)]


def has_type(doc: dict[str, Any], *names: str) -> bool:
    wanted = {name.lower() for name in names}
    return any(name.lower() in wanted for name in types(doc.get("type")))


# --- coercion helpers shared by the version readers ---------------------------------


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def text(value: Any) -> str:
    """A string property: plain, a number, a JSON-LD ``{"@value": …}`` or the first of a list."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict) and "@value" in value:
        return text(value["@value"])
    if isinstance(value, list):
        # Only one level deep: a list of strings or language values, never a nested tree.
        flat = (entry for entry in value if not isinstance(entry, list))
        return next((found for found in map(text, flat) if found), "")
    return ""


def iri(value: Any) -> str:
    """The id of an IRI-valued property: the string itself or an object's ``id``."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        for key in ("id", "@id"):
            if isinstance(value.get(key), str):
                return value[key].strip()
    return ""


def is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def web_url(value: Any) -> str:
    """An http(s) URL from a string or an object's ``id``, else ``""``."""
    found = iri(value)
    return found if is_web_url(found) else ""


def image_of(value: Any) -> str:
    """An image as an http(s) URL or ``data:image/…`` URI (string or Image object)."""
    found = iri(value) if not isinstance(value, list) else iri(next(iter(value), None))
    if found.lower().startswith("data:image/") or is_web_url(found):
        return found
    return ""


def url_host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def url_authority(url: str) -> str:
    try:
        return urlsplit(url).netloc.rsplit("@", 1)[-1].lower()
    except ValueError:
        return ""


def same_id(first: str, second: str) -> bool:
    """Two IRIs name the same thing, ignoring host case, default ports and a trailing slash."""
    return bool(first) and _normal_id(first) == _normal_id(second)


def _normal_id(value: str) -> str:
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return value.strip()
    if parts.scheme.lower() not in ("http", "https"):
        return value.strip()
    netloc = url_authority(value)
    for default in (":80", ":443"):
        netloc = netloc.removesuffix(default)
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{netloc}{path}{query}"


def require(doc: dict[str, Any], key: str, kind: str, *, label: str = "") -> Any:
    """``doc[key]`` when present and not empty, else ``invalid`` naming ``label or key``."""
    value = doc.get(key)
    if value is None or value == "" or value == [] or value == {}:
        raise missing(kind, label or key)
    return value


def require_text(doc: dict[str, Any], key: str, kind: str) -> str:
    value = text(require(doc, key, kind))
    if not value:
        raise malformed(kind, key)
    return value


def missing(kind: str, prop: str) -> ImportRefused:
    return ImportRefused("invalid", _MISSING[kind], {"property": prop})


def malformed(kind: str, prop: str) -> ImportRefused:
    return ImportRefused("invalid", _MALFORMED[kind], {"property": prop})


def _not_json(url: str) -> ImportRefused:
    if url:
        return ImportRefused(
            "invalid",
            _("%(url)s did not return readable JSON, so it is not an Open Badges document."),
            {"url": url},
        )
    return ImportRefused("invalid", _("The badge data is not valid JSON."))
