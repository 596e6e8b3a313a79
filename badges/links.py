"""Every link a badge stores is a web address: the one check, for every version and carrier.

Issuers' credentials put URLs in many places (criteria, evidence, alignment targets, the
issuer's site, images). Each is kept only when it is an http(s) address that fits its
column; anything else (``javascript:``, ``data:``, ``vbscript:``, a bare word) is
dropped, and the verification steps say so, before anything is stored or rendered.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from badges.openbadges.credential import Credential
from badges.openbadges.log import Step, step

MAX_URL_LENGTH = 2000
_WEB_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)


def is_web_url(value: str) -> bool:
    """Whether ``value`` is an http(s) URL with a host that fits a URL column."""
    if not isinstance(value, str) or len(value) > MAX_URL_LENGTH or not _WEB_URL.match(value):
        return False
    try:
        return bool(urlsplit(value).hostname)
    except ValueError:
        return False


def web_url(value: str) -> str:
    return value if is_web_url(value) else ""


def keep_web_links(credential: Credential) -> Credential:
    """``credential`` with every non-web link dropped and a step for each one dropped."""
    dropped: list[Step] = []

    def check(value: str, where: str) -> str:
        if not value or is_web_url(value):
            return value
        dropped.append(_dropped(where, repr(value[:80])))
        return ""

    image = credential.image
    if image and not image.lower().startswith("data:image/"):
        image = check(image, "image")
    issuer = credential.issuer
    issuer = replace(
        issuer,
        url=check(issuer.url, "issuer_url"),
        image=issuer.image
        if issuer.image.lower().startswith("data:image/")
        else check(issuer.image, "issuer_image"),
    )
    cleaned = replace(
        credential,
        image=image,
        issuer=issuer,
        criteria_url=check(credential.criteria_url, "criteria"),
        evidence=tuple(replace(e, url=check(e.url, "evidence")) for e in credential.evidence),
        alignments=tuple(replace(a, url=check(a.url, "alignment")) for a in credential.alignments),
    )
    if not dropped:
        return cleaned
    verification = replace(cleaned.verification, steps=(*cleaned.verification.steps, *dropped))
    return replace(cleaned, verification=verification)


def _dropped(where: str, value: str) -> Step:
    """The step saying a link was dropped: one message for each place, translated whole."""
    if where == "image":
        return step("Dropped the image link, which is not a web address: %(value)s.", value=value)
    if where == "issuer_url":
        return step(
            "Dropped the issuer's web site link, which is not a web address: %(value)s.",
            value=value,
        )
    if where == "issuer_image":
        return step(
            "Dropped the issuer's image link, which is not a web address: %(value)s.", value=value
        )
    if where == "criteria":
        return step(
            "Dropped the criteria link, which is not a web address: %(value)s.", value=value
        )
    if where == "evidence":
        return step(
            "Dropped the evidence link, which is not a web address: %(value)s.", value=value
        )
    return step("Dropped the alignment link, which is not a web address: %(value)s.", value=value)
