"""Reading Open Badges 0.5–2.x assertions: which version, which reader, which ``Credential``.

Nothing here fetches: ``verify`` resolves linked documents and hands each one to a reader
here. This module tells the versions apart (and OB 3.0 from them), dispatches to the
readers in ``parse_v1`` (0.5, 1.x) and ``parse_v2`` (2.x), and assembles the
``Credential``. The helpers the readers share live in ``parse_common``, re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from . import parse_v1, parse_v2
from .credential import Credential, Endorsement, Verification
from .errors import ImportRefused, _
from .parse_common import (
    SPEC_OF,
    AssertionInfo,
    BadgeInfo,
    IssuerInfo,
    KeyRef,
    as_list,
    has_type,
    image_of,
    iri,
    is_web_url,
    load_json,
    local_name,
    looks_like_json,
    malformed,
    missing,
    require,
    require_text,
    same_id,
    text,
    types,
    url_authority,
    url_host,
    web_url,
)

__all__ = [
    "OB1_CONTEXTS",
    "OB2_CONTEXTS",
    "OB3_TYPES",
    "SPEC_OF",
    "VC_CONTEXTS",
    "AssertionInfo",
    "BadgeInfo",
    "IssuerInfo",
    "KeyRef",
    "as_list",
    "build_credential",
    "contexts",
    "detect_version",
    "has_type",
    "hosted_url_hint",
    "image_of",
    "iri",
    "is_ob3",
    "is_web_url",
    "load_json",
    "local_name",
    "looks_like_json",
    "malformed",
    "missing",
    "read_assertion",
    "read_badge_class",
    "read_issuer",
    "require",
    "require_text",
    "same_id",
    "text",
    "types",
    "url_authority",
    "url_host",
    "web_url",
]

OB2_CONTEXTS = frozenset(
    {"https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json"}
)
OB1_CONTEXTS = frozenset(
    {
        "https://w3id.org/openbadges/v1",
        "https://openbadgespec.org/v1/context.json",
        "https://w3id.org/openbadges/legacy-v1",
    }
)
VC_CONTEXTS = frozenset(
    {"https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1"}
)
OB3_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})


# --- contexts and versions ----------------------------------------------------------


def contexts(doc: dict[str, Any]) -> list[str]:
    """The string entries of ``@context``, normalised for comparison."""
    found = []
    for entry in as_list(doc.get("@context")):
        if isinstance(entry, str):
            found.append(entry.strip().rstrip("/").lower())
    return found


def is_ob3(doc: Any) -> bool:
    """True for a W3C Verifiable Credential (OB 3.0), or a VC-JWT payload carrying one.

    Any VC goes to ``ob3``, an Open Badge or not: that is where one of another kind is
    refused as such, instead of being read as a malformed OB 2.0 assertion.
    """
    if not isinstance(doc, dict):
        return False
    if isinstance(doc.get("vc"), dict):
        return True
    if any(context in VC_CONTEXTS for context in contexts(doc)):
        return True
    return bool((OB3_TYPES | {"VerifiableCredential"}).intersection(types(doc.get("type"))))


def detect_version(doc: Any) -> str:
    """``"0.5"``, ``"1.0"``, ``"1.1"`` or ``"2.0"`` for an assertion; refuses anything else."""
    if not isinstance(doc, dict):
        raise _not_an_assertion()
    if has_type(doc, "BadgeClass", "Issuer", "Profile", "Endorsement"):
        raise ImportRefused(
            "invalid",
            _(
                "This is a description of a badge or an issuer (%(type)s), not a badge "
                "awarded to someone. Import the awarded badge (the assertion) instead."
            ),
            {"type": ", ".join(types(doc.get("type")))},
        )
    if "@context" in doc:
        return _version_from_context(doc)
    if "verify" in doc or "uid" in doc:
        return "1.0"  # 0.5 had neither
    if isinstance(doc.get("recipient"), str) or _badge_version(doc).startswith("0.5"):
        return "0.5"
    if isinstance(doc.get("verification"), dict) and "id" in doc:
        return "2.0"  # a 2.0 assertion that left out its @context
    raise ImportRefused(
        "unsupported",
        _("This JSON does not look like an Open Badges assertion of any known version."),
    )


def _version_from_context(doc: dict[str, Any]) -> str:
    found = contexts(doc)
    if any(context in OB2_CONTEXTS for context in found):
        return "2.0"
    if any(context in OB1_CONTEXTS for context in found):
        return "1.1"
    inline = [entry for entry in as_list(doc.get("@context")) if isinstance(entry, dict)]
    if any(_mentions_openbadges(entry) for entry in inline):
        return "2.0" if any("verification" in entry for entry in inline) else "1.1"
    raise ImportRefused(
        "unsupported",
        _(
            "The badge uses an Open Badges context this backpack does not know "
            "(%(context)s). Versions 0.5 to 2.1 and 3.0 are supported."
        ),
        {"context": ", ".join(found)[:200] or "?"},
    )


def _mentions_openbadges(context: dict[str, Any]) -> bool:
    """An inline context mapping terms into the Open Badges vocabulary."""
    return any(
        isinstance(value, str) and "w3id.org/openbadges" in value for value in context.values()
    )


def _badge_version(doc: dict[str, Any]) -> str:
    badge = doc.get("badge")
    return text(badge.get("version")) if isinstance(badge, dict) else ""


# --- dispatch -----------------------------------------------------------------------


def read_assertion(doc: Any, version: str | None = None) -> AssertionInfo:
    """Read an assertion of ``version`` (detected when ``None``)."""
    version = version or detect_version(doc)
    if not isinstance(doc, dict):
        raise _not_an_assertion()
    if version == "2.0":
        return parse_v2.read_assertion(doc)
    if version == "0.5":
        return parse_v1.read_assertion_v05(doc)
    return parse_v1.read_assertion_v1(doc, version)


def read_badge_class(doc: Any, version: str, *, origin: str = "") -> BadgeInfo:
    """Read a badge class; ``origin`` resolves OB 0.5's relative URLs."""
    if not isinstance(doc, dict):
        raise ImportRefused("invalid", _("The badge class is not a JSON object."))
    if version == "2.0":
        return parse_v2.read_badge_class(doc)
    return parse_v1.read_badge_class_v1(doc, origin=origin)


def read_issuer(doc: Any, version: str, *, fetched_from: str = "") -> IssuerInfo:
    """Read an issuer profile; ``fetched_from`` is the URL it was served from, if any."""
    if not isinstance(doc, dict):
        raise ImportRefused("invalid", _("The issuer profile is not a JSON object."))
    if version == "2.0":
        return parse_v2.read_issuer(doc, fetched_from=fetched_from)
    if version == "0.5":
        return parse_v1.read_issuer_v05(doc)
    return parse_v1.read_issuer_v1(doc, fetched_from=fetched_from)


def hosted_url_hint(doc: Any) -> str:
    """Where a supplied (possibly stale or stripped) copy says its hosted original lives."""
    if not isinstance(doc, dict):
        return ""
    verify = doc.get("verify") if isinstance(doc.get("verify"), dict) else None
    verify = verify or (
        doc.get("verification") if isinstance(doc.get("verification"), dict) else {}
    )
    return web_url(verify.get("url")) or web_url(doc.get("id"))


def build_credential(
    assertion: AssertionInfo,
    badge: BadgeInfo,
    issuer: IssuerInfo,
    *,
    verification: Verification,
    original: str,
    issued_on: datetime | None,
    endorsements: Iterable[Endorsement] = (),
) -> Credential:
    """The normalised ``Credential``; ``document`` embeds the resolved badge and issuer."""
    document = dict(assertion.doc)
    document["badge"] = {**badge.doc, "issuer": issuer.doc}
    return Credential(
        spec=assertion.spec,
        id=assertion.id or assertion.hosted_url or assertion.uid,
        name=badge.name,
        description=badge.description,
        issuer=issuer.issuer,
        issued_on=issued_on,
        recipients=(assertion.recipient,),
        verification=verification,
        original=original,
        document=document,
        image=badge.image or assertion.image,
        badge_class_id=badge.id,
        criteria_url=badge.criteria_url,
        criteria_narrative=badge.criteria_narrative,
        expires=assertion.expires,
        evidence=assertion.evidence,
        alignments=badge.alignments,
        tags=badge.tags,
        endorsements=tuple(endorsements),
        narrative=assertion.narrative,
    )


def _not_an_assertion() -> ImportRefused:
    return ImportRefused(
        "invalid", _("The badge data is not an Open Badges assertion (a JSON object).")
    )
