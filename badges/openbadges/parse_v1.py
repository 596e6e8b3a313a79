"""Readers for Open Badges 0.5 and 1.x (1.0 and 1.1) assertions, badge classes and issuers.

OB 0.5 embeds the badge and issuer in the assertion, names the recipient by a bare
string and resolves relative URLs against ``badge.issuer.origin``. OB 1.0 links the badge
class and issuer by URL and says how to verify in ``verify: {type, url}``; OB 1.1 adds a
JSON-LD ``@context``, ``type`` and ``id``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from . import dates
from .credential import Issuer, Recipient
from .errors import ImportRefused, _
from .parse_common import (
    AssertionInfo,
    BadgeInfo,
    IssuerInfo,
    has_type,
    image_of,
    iri,
    malformed,
    missing,
    require,
    require_text,
    text,
    types,
    url_host,
    web_url,
)
from .parse_v2 import (
    HASHED_IDENTITY,
    read_alignments,
    read_criteria,
    read_evidence,
    read_recipient,
    read_tags,
)


def read_assertion_v1(doc: dict[str, Any], version: str) -> AssertionInfo:
    if "type" in doc and not has_type(doc, "Assertion"):
        raise malformed("assertion", "type")
    verify = doc.get("verify", doc.get("verification"))
    if verify is None:
        raise missing("assertion", "verify")
    if not isinstance(verify, dict):
        raise malformed("assertion", "verify")
    method = _method(verify)
    url = web_url(verify.get("url"))
    assertion_id, uid = iri(doc.get("id")), text(doc.get("uid"))
    if not (assertion_id or uid):
        raise missing("assertion", "uid")
    hosted_url = (url or web_url(assertion_id)) if method == "hosted" else ""
    if (method == "hosted" and not hosted_url) or (method == "signed" and not url):
        raise missing("assertion", "verify.url")
    badge = require(doc, "badge", "assertion")
    if not (isinstance(badge, dict) or web_url(badge)):
        raise malformed("assertion", "badge")
    issued = doc.get("issuedOn", doc.get("issued_on"))
    if issued is None:
        raise missing("assertion", "issuedOn")
    return AssertionInfo(
        version=version,
        doc=doc,
        id=assertion_id,
        uid=uid,
        method=method,
        hosted_url=hosted_url,
        key_url=url if method == "signed" else "",
        badge=badge if isinstance(badge, dict) else web_url(badge),
        recipient=read_recipient(require(doc, "recipient", "assertion")),
        issued_on=dates.parse_datetime(issued, field="issuedOn"),
        expires=dates.parse_optional_datetime(doc.get("expires"), field="expires"),
        image=image_of(doc.get("image")),
        evidence=read_evidence(doc.get("evidence")),
    )


def read_assertion_v05(doc: dict[str, Any]) -> AssertionInfo:
    recipient = require(doc, "recipient", "assertion")
    if not isinstance(recipient, str) or not recipient.strip():
        raise malformed("assertion", "recipient")
    badge = require(doc, "badge", "assertion")
    if not isinstance(badge, dict):
        raise malformed("assertion", "badge")
    origin = _origin_v05(badge.get("issuer"))
    evidence = doc.get("evidence")
    return AssertionInfo(
        version="0.5",
        doc=doc,
        id="",
        uid="",
        method="hosted",
        hosted_url="",  # implicitly the URL the assertion was fetched from
        key_url="",
        badge=badge,
        recipient=recipient_from_string(recipient.strip(), doc.get("salt")),
        issued_on=dates.parse_optional_datetime(
            doc.get("issued_on", doc.get("issuedOn")), field="issued_on"
        ),
        expires=dates.parse_optional_datetime(doc.get("expires"), field="expires"),
        evidence=read_evidence(_absolute(origin, evidence) if isinstance(evidence, str) else None),
    )


def read_badge_class_v1(doc: dict[str, Any], *, origin: str = "") -> BadgeInfo:
    """A 1.x badge class, or (with ``origin``) the badge embedded in a 0.5 assertion."""
    image_value = require(doc, "image", "badge")
    image = image_of(
        _absolute(origin, image_value) if isinstance(image_value, str) else image_value
    )
    if not image:
        raise malformed("badge", "image")
    criteria = require(doc, "criteria", "badge")
    criteria_url, narrative = read_criteria(
        _absolute(origin, criteria) if isinstance(criteria, str) else criteria
    )
    if not (criteria_url or narrative):
        raise malformed("badge", "criteria")
    issuer = require(doc, "issuer", "badge")
    if not (isinstance(issuer, dict) or web_url(issuer)):
        raise malformed("badge", "issuer")
    return BadgeInfo(
        doc=doc,
        id=iri(doc.get("id")),
        name=require_text(doc, "name", "badge"),
        description=require_text(doc, "description", "badge"),
        image=image,
        criteria_url=criteria_url,
        criteria_narrative=narrative,
        issuer=issuer if isinstance(issuer, dict) else web_url(issuer),
        alignments=read_alignments(doc.get("alignment")),
        tags=read_tags(doc.get("tags")),
    )


def read_issuer_v1(doc: dict[str, Any], *, fetched_from: str = "") -> IssuerInfo:
    """A 1.x issuer organization; it has no ``id`` in 1.0, so its URL stands for one."""
    url = web_url(require(doc, "url", "issuer"))
    if not url:
        raise malformed("issuer", "url")
    issuer_id = web_url(doc.get("id")) or fetched_from or url
    hosts = dict.fromkeys(host for host in (url_host(issuer_id), url_host(url)) if host)
    return IssuerInfo(
        doc=doc,
        issuer=Issuer(
            id=issuer_id,
            name=require_text(doc, "name", "issuer"),
            url=url,
            email=text(doc.get("email")) or text(doc.get("contact")),
            description=text(doc.get("description")),
            image=image_of(doc.get("image")),
        ),
        revocation_list=web_url(doc.get("revocationList")),
        default_hosts=tuple(hosts),
    )


def read_issuer_v05(doc: dict[str, Any]) -> IssuerInfo:
    origin = _origin_v05(doc)
    return IssuerInfo(
        doc=doc,
        issuer=Issuer(
            id=origin,
            name=require_text(doc, "name", "issuer"),
            url=origin,
            email=text(doc.get("contact")),
            description=text(doc.get("org")),
        ),
        default_hosts=(url_host(origin),),
    )


def recipient_from_string(identity: str, salt: Any) -> Recipient:
    """OB 0.5: ``recipient`` is an e-mail address or ``alg$hash``, ``salt`` beside it."""
    hashed = bool(HASHED_IDENTITY.match(identity))
    return Recipient(type="email", identity=identity, hashed=hashed, salt=text(salt))


def _method(verify: dict[str, Any]) -> str:
    names = {name.lower() for name in types(verify.get("type"))}
    if not names:
        raise missing("assertion", "verify.type")
    if names & {"hosted", "hostedbadge"}:
        return "hosted"
    if names & {"signed", "signedbadge"}:
        return "signed"
    raise ImportRefused(
        "unsupported",
        _("The badge uses the verification method %(type)s; only hosted and signed are known."),
        {"type": ", ".join(sorted(names))[:100]},
    )


def _origin_v05(issuer: Any) -> str:
    if not isinstance(issuer, dict):
        raise missing("badge", "issuer")
    origin = web_url(issuer.get("origin"))
    if not origin:
        raise missing("issuer", "origin")
    return origin


def _absolute(origin: str, value: str) -> str:
    """OB 0.5 allowed paths relative to the issuer's origin."""
    value = value.strip()
    if not origin or value.lower().startswith(("http://", "https://", "data:")):
        return value
    return urljoin(origin.rstrip("/") + "/", value.lstrip("/"))
