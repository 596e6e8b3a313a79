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
    dropped: list[str] = []

    def check(value: str, where: str) -> str:
        if not value or is_web_url(value):
            return value
        dropped.append(f"Dropped the {where} link, which is not a web address: {value[:80]!r}.")
        return ""

    image = credential.image
    if image and not image.lower().startswith("data:image/"):
        image = check(image, "image")
    issuer = credential.issuer
    issuer = replace(
        issuer,
        url=check(issuer.url, "issuer's web site"),
        image=issuer.image
        if issuer.image.lower().startswith("data:image/")
        else check(issuer.image, "issuer's image"),
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
