"""Readers for Open Badges 2.0 and 2.1 Assertions, BadgeClasses and issuer Profiles.

The readers for the smaller 2.0 objects (IdentityObject, Evidence, AlignmentObject,
Criteria, RevocationList, Endorsement) also accept their 1.x forms, so ``parse_v1``
uses them too.
"""

from __future__ import annotations

import re
from typing import Any

from . import dates
from .credential import Alignment, Endorsement, Evidence, Issuer, Recipient
from .errors import ImportRefused, _
from .parse_common import (
    AssertionInfo,
    BadgeInfo,
    IssuerInfo,
    KeyRef,
    as_list,
    has_type,
    image_of,
    iri,
    is_web_url,
    local_name,
    malformed,
    missing,
    require,
    require_text,
    same_id,
    text,
    types,
    url_host,
    web_url,
)

HASHED_IDENTITY = re.compile(r"^(sha256|md5|sha1|sha512)\$[0-9a-fA-F]+$")
_RECIPIENT_TYPES = {
    "email": "email",
    "emailaddress": "email",
    "url": "url",
    "telephone": "telephone",
    "id": "id",
}
HOSTED = frozenset({"hostedbadge", "hosted"})
SIGNED = frozenset({"signedbadge", "signed"})


def verification_method(value: Any) -> tuple[str, str]:
    """(``"hosted"`` or ``"signed"``, creator key IRI) from a ``VerificationObject``."""
    if not isinstance(value, dict):
        raise malformed("assertion", "verification")
    names = {name.lower() for name in types(value.get("type"))}
    if not names:
        raise missing("assertion", "verification.type")
    if names & HOSTED:
        return "hosted", ""
    if names & SIGNED:
        return "signed", iri(value.get("creator"))
    raise ImportRefused(
        "unsupported",
        _(
            "The badge uses the verification method %(type)s; only hosted and signed "
            "Open Badges 2.0 badges can be checked."
        ),
        {"type": ", ".join(sorted(names))[:100]},
    )


def read_assertion(doc: dict[str, Any]) -> AssertionInfo:
    _check_type(doc, "assertion", ("Assertion",))
    assertion_id = iri(require(doc, "id", "assertion"))
    if not assertion_id:
        raise malformed("assertion", "id")
    verification = doc.get("verification", doc.get("verify"))
    if verification is None:
        raise missing("assertion", "verification")
    method, creator = verification_method(verification)
    if method == "hosted" and not is_web_url(assertion_id):
        raise ImportRefused(
            "invalid",
            _(
                "A hosted badge's id must be the web address where the issuer publishes "
                "it, but this one is %(id)s."
            ),
            {"id": assertion_id[:200]},
        )
    badge = require(doc, "badge", "assertion")
    if not isinstance(badge, str | dict):
        raise malformed("assertion", "badge")
    return AssertionInfo(
        version="2.0",
        doc=doc,
        id=assertion_id,
        uid=text(doc.get("uid")),
        method=method,
        hosted_url=assertion_id if method == "hosted" else "",
        key_url=creator,
        badge=badge if isinstance(badge, dict) else badge.strip(),
        recipient=read_recipient(require(doc, "recipient", "assertion")),
        issued_on=dates.parse_datetime(require(doc, "issuedOn", "assertion"), field="issuedOn"),
        expires=dates.parse_optional_datetime(doc.get("expires"), field="expires"),
        image=image_of(doc.get("image")),
        evidence=read_evidence(doc.get("evidence")),
        narrative=text(doc.get("narrative")),
        endorsements=endorsement_refs(doc),
    )


def read_badge_class(doc: dict[str, Any]) -> BadgeInfo:
    _check_type(doc, "badge", ("BadgeClass",), required=False)
    image = image_of(require(doc, "image", "badge"))
    if not image:
        raise malformed("badge", "image")
    criteria_url, narrative = read_criteria(require(doc, "criteria", "badge"))
    if not (criteria_url or narrative):
        raise malformed("badge", "criteria")
    issuer = require(doc, "issuer", "badge")
    if not isinstance(issuer, str | dict):
        raise malformed("badge", "issuer")
    return BadgeInfo(
        doc=doc,
        id=iri(doc.get("id")),
        name=require_text(doc, "name", "badge"),
        description=require_text(doc, "description", "badge"),
        image=image,
        criteria_url=criteria_url,
        criteria_narrative=narrative,
        issuer=issuer if isinstance(issuer, dict) else issuer.strip(),
        alignments=read_alignments(doc.get("alignment")),
        tags=read_tags(doc.get("tags")),
        endorsements=endorsement_refs(doc),
    )


def read_issuer(doc: dict[str, Any], *, fetched_from: str = "") -> IssuerInfo:
    _check_type(doc, "issuer", ("Issuer", "Profile"), required=False)
    issuer_id = iri(doc.get("id")) or fetched_from
    if not issuer_id:
        raise missing("issuer", "id")
    policy = doc.get("verification") if isinstance(doc.get("verification"), dict) else {}
    revocation_list = doc.get("revocationList")
    return IssuerInfo(
        doc=doc,
        issuer=Issuer(
            id=issuer_id,
            name=require_text(doc, "name", "issuer"),
            url=web_url(doc.get("url")),
            email=text(doc.get("email")),
            description=text(doc.get("description")),
            image=image_of(doc.get("image")),
        ),
        public_keys=read_public_keys(doc.get("publicKey")),
        allowed_origins=tuple(
            origin.lower() for origin in map(text, as_list(policy.get("allowedOrigins"))) if origin
        ),
        starts_with=tuple(
            prefix for prefix in map(text, as_list(policy.get("startsWith"))) if prefix
        ),
        revocation_list=(
            revocation_list if isinstance(revocation_list, dict) else web_url(revocation_list)
        ),
        endorsements=endorsement_refs(doc),
        default_hosts=tuple(host for host in (url_host(issuer_id),) if host),
    )


def read_endorsement(doc: dict[str, Any], profile: dict[str, Any] | None) -> Endorsement | None:
    """An ``Endorsement``; ``profile`` is its issuer's profile when it could be read."""
    if not (has_type(doc, "Endorsement") or isinstance(doc.get("claim"), dict)):
        return None
    claim = doc.get("claim") if isinstance(doc.get("claim"), dict) else {}
    return Endorsement(
        issuer_name=text(profile.get("name")) if profile else "",
        issuer_id=iri(doc.get("issuer")),
        comment=text(claim.get("endorsementComment")),
        issued_on=dates.parse_lenient(doc.get("issuedOn")),
    )


def read_recipient(value: Any, *, label: str = "recipient") -> Recipient:
    """An ``IdentityObject`` ``{type, identity, hashed, salt}``."""
    if not isinstance(value, dict):
        raise malformed("assertion", label)
    identity = text(value.get("identity"))
    if not identity:
        raise missing("assertion", f"{label}.identity")
    kind = local_name(text(value.get("type"))).lower() or "email"
    kind = _RECIPIENT_TYPES.get(kind, kind)
    hashed = value.get("hashed")
    if isinstance(hashed, str):
        hashed = hashed.strip().lower() == "true"
    if not isinstance(hashed, bool):
        hashed = bool(HASHED_IDENTITY.match(identity))
    return Recipient(type=kind, identity=identity, hashed=hashed, salt=text(value.get("salt")))


def read_evidence(value: Any) -> tuple[Evidence, ...]:
    found = []
    for entry in as_list(value):
        if isinstance(entry, str):
            url = web_url(entry)
            item = Evidence(url=url)
        elif isinstance(entry, dict):
            item = Evidence(
                url=web_url(entry),
                narrative=text(entry.get("narrative")),
                name=text(entry.get("name")),
                description=text(entry.get("description")),
            )
        else:
            continue
        if item != Evidence():
            found.append(item)
    return tuple(found)


def read_alignments(value: Any) -> tuple[Alignment, ...]:
    """OB 2.0 ``targetName``/``targetUrl``/… and OB 1.x ``name``/``url``/``description``."""
    found = []
    for entry in as_list(value):
        if not isinstance(entry, dict):
            continue
        name = text(entry.get("targetName")) or text(entry.get("name"))
        if not name:
            continue
        found.append(
            Alignment(
                name=name,
                url=web_url(entry.get("targetUrl")) or web_url(entry.get("url")),
                description=text(entry.get("targetDescription")) or text(entry.get("description")),
                framework=text(entry.get("targetFramework")),
                code=text(entry.get("targetCode")),
            )
        )
    return tuple(found)


def read_tags(value: Any) -> tuple[str, ...]:
    tags = (text(entry) for entry in as_list(value))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def read_criteria(value: Any) -> tuple[str, str]:
    """(URL, narrative) from a criteria IRI or a ``Criteria`` object."""
    if isinstance(value, dict):
        return web_url(value), text(value.get("narrative"))
    return web_url(value), ""


def revoked_state(doc: Any) -> tuple[bool, str]:
    """(revoked, reason) declared in a hosted assertion's body."""
    if not isinstance(doc, dict):
        return False, ""
    flag = doc.get("revoked")
    if isinstance(flag, str):
        flag = flag.strip().lower() == "true"
    return flag is True, text(doc.get("revocationReason"))


def revocation_entry(doc: dict[str, Any], *, assertion_id: str, uid: str) -> tuple[bool, str]:
    """(listed, reason) in a revocation list: the 2.0 ``revokedAssertions`` of ids or
    ``{id|uid, revocationReason}``, or the 1.0 object mapping ``uid`` to a reason."""
    if "revokedAssertions" not in doc:
        listed = bool(uid) and uid in doc
        return listed, text(doc[uid]) if listed else ""
    for entry in as_list(doc.get("revokedAssertions")):
        entry_id = iri(entry)
        entry_uid = text(entry.get("uid")) if isinstance(entry, dict) else ""
        if same_id(entry_id, assertion_id) or (uid and uid in (entry_id, entry_uid)):
            return True, text(entry.get("revocationReason")) if isinstance(entry, dict) else ""
    return False, ""


def endorsement_refs(doc: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(
        entry for entry in as_list(doc.get("endorsement")) if isinstance(entry, str | dict)
    )


def read_public_keys(value: Any) -> tuple[KeyRef, ...]:
    keys = []
    for entry in as_list(value):
        key_id = iri(entry)
        pem = text(entry.get("publicKeyPem")) if isinstance(entry, dict) else ""
        if key_id or pem:
            keys.append(KeyRef(id=key_id, pem=pem))
    return tuple(keys)


def _check_type(
    doc: dict[str, Any], kind: str, expected: tuple[str, ...], *, required: bool = True
) -> None:
    if "type" not in doc:
        if required:
            raise missing(kind, "type")
        return
    if not has_type(doc, *expected):
        raise ImportRefused(
            "invalid",
            _("The %(property)s of this document is %(type)s, but %(expected)s was expected."),
            {
                "property": "type",
                "type": ", ".join(types(doc.get("type")))[:100] or "?",
                "expected": " or ".join(expected),
            },
        )
