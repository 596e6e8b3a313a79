"""Verifying a badge: the entry point for every Open Badges version.

``verify_payload`` takes what ``bake.extract_payload`` found (or a pasted URL, JSON or
JWS) and returns a verified ``Credential`` or raises ``ImportRefused``; ``recheck``
verifies a stored badge again. This module reads the input and dispatches it: hosted
badges to ``verify_hosted``, signed ones to ``verify_signed``, OB 3.0 to ``ob3``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from . import clr, dates, jws, parse, trust
from .credential import Credential
from .errors import ImportRefused, _
from .fetch_types import Fetcher
from .guard import malformed_guard
from .log import step
from .verify_common import (
    ACCEPT_JSON,
    MAX_ENDORSEMENT_FETCHES,
    MAX_ENDORSEMENTS,
    Run,
    require_ok,
    signature_missing,
)
from .verify_hosted import hosted, hosted_revoked
from .verify_signed import ACCEPT_PEM, MAX_LISTED_KEYS, signed_v1, signed_v2

__all__ = [
    "ACCEPT_JSON",
    "ACCEPT_PEM",
    "MAX_ENDORSEMENTS",
    "MAX_ENDORSEMENT_FETCHES",
    "MAX_JWS_BYTES",
    "MAX_LISTED_KEYS",
    "PayloadLike",
    "PayloadText",
    "recheck",
    "verify_payload",
]

logger = logging.getLogger(__name__)

MAX_JWS_BYTES = 1_000_000


class PayloadLike(Protocol):
    """``bake.Payload``, or anything else with a ``kind`` and a ``text``."""

    @property
    def kind(self) -> str: ...  # "url", "json" or "jws"

    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class PayloadText:
    """A payload built by hand (tests, re-checks): ``kind`` and ``text`` only."""

    kind: str
    text: str


def verify_payload(
    payload: PayloadLike,
    fetcher: Fetcher,
    *,
    now: datetime | None = None,
    unbake: Callable[[bytes], PayloadLike] | None = None,
    source_url: str = "",
    raise_on_revoked: bool = True,
    registries: Iterable[trust.Registry] = (),
    records: bool = False,
) -> Credential | clr.LearnerRecord:
    """Verify a badge given as a URL, JSON text or compact JWS.

    ``unbake`` (e.g. ``bake.extract_payload``) turns image bytes into a payload, for URLs
    that serve a baked image (followed one level deep). ``source_url`` is where JSON was
    obtained; OB 0.5 badges have no id and can only be verified there. A revoked badge is
    refused with ``ImportRefused("revoked")``, its message giving the issuer's reason;
    with ``raise_on_revoked=False`` it is returned with ``verification.status ==
    "revoked"`` instead. ``verification.trust`` says whether the issuer is confirmed,
    by the proof's web origin or by one of the ``registries``. With ``records``, a CLR
    2.0 learner record comes back as a ``clr.LearnerRecord`` (the record and each
    nested credential with its own trust level); without, it is refused.
    """
    run = Run(fetcher, dates.aware(now) if now else dates.now_utc(), raise_on_revoked, records)
    registries = tuple(registries)
    with malformed_guard(_("The badge data is malformed in a way this backpack cannot read.")):
        result = _dispatch(payload, run, unbake=unbake, source_url=source_url)
        if isinstance(result, clr.LearnerRecord):
            return replace(
                result,
                credential=trust.decide(result.credential, registries),
                credentials=tuple(trust.decide(c, registries) for c in result.credentials),
            )
        return trust.decide(result, registries)


def recheck(
    original: str,
    source_url: str,
    fetcher: Fetcher,
    *,
    now: datetime | None = None,
    registries: Iterable[trust.Registry] = (),
) -> Credential | clr.LearnerRecord:
    """Verify a stored badge again; a revoked badge comes back with status ``"revoked"``.

    ``original`` and ``source_url`` are ``Credential.original`` and
    ``Credential.verification.source_url`` as stored at import. ``verification.status``
    is ``"verified"``, ``"expired"`` or ``"revoked"`` (with ``revocation_reason``). Other
    failures still raise ``ImportRefused`` (e.g. ``fetch_failed`` when the issuer is
    down), so the caller can tell "revoked" from "could not check now". OB 3.0
    credentials are re-checked by ``ob3`` with its own rules.
    """
    kind = "jws" if jws.looks_like_jws(original) else "json"
    return verify_payload(
        PayloadText(kind, original),
        fetcher,
        now=now,
        source_url=source_url if kind == "json" else "",
        raise_on_revoked=False,
        registries=registries,
    )


def _dispatch(
    payload: PayloadLike,
    run: Run,
    *,
    unbake: Callable[[bytes], PayloadLike] | None,
    source_url: str = "",
) -> Credential | clr.LearnerRecord:
    kind, body = getattr(payload, "kind", None), getattr(payload, "text", None)
    if not isinstance(body, str) or not body.strip():
        raise ImportRefused("no_badge_data", _("No badge data was found to verify."))
    if kind == "url":
        return _from_url(body.strip(), run, unbake)
    if kind == "json":
        return _from_json(body, run, source_url=source_url)
    if kind == "jws":
        return _from_jws(body, run)
    raise ImportRefused(
        "unsupported", _("Badge data of the kind %(kind)s cannot be verified."), {"kind": kind}
    )


# --- URL, JSON and JWS inputs --------------------------------------------------------


def _from_url(
    url: str, run: Run, unbake: Callable[[bytes], PayloadLike] | None
) -> Credential | clr.LearnerRecord:
    if not parse.is_web_url(url):
        raise ImportRefused(
            "blocked_url",
            _("Only http and https addresses can be fetched, not %(url)s."),
            {"url": url[:200]},
        )
    response = run.fresh(url)
    if response.status == 410:
        return hosted_revoked(run, url, response, candidates=())
    require_ok(response, url)
    content = response.content
    if parse.looks_like_json(content):
        doc = parse.load_json(content, url=url)
        body = content.decode("utf-8-sig", errors="replace")
        if clr.is_clr(doc):
            return _clr(clr.verify_clr_json, body, run)
        if parse.is_ob3(doc):
            return _ob3("verify_credential_json", body, run)
        return hosted(run, url=url, original="", supplied=None, first=(response, doc))
    head = content[:MAX_JWS_BYTES].decode("ascii", errors="ignore")
    if len(content) <= MAX_JWS_BYTES and content.isascii() and jws.looks_like_jws(head):
        return _from_jws(head, run)
    if _is_web_page(response, content):
        raise ImportRefused(
            "no_badge_data",
            _(
                "%(url)s is a web page, not a badge: often the issuer's page about it. "
                "Look on that page for “Download”, “Share” or “Export” and save the badge "
                "file (a PNG, SVG or JSON file), then add that file here instead."
            ),
            {"url": url[:200]},
        )
    if unbake is not None:
        return _dispatch(unbake(content), run, unbake=None, source_url=url)
    raise ImportRefused(
        "no_badge_data",
        _(
            "%(url)s did not return a badge: expected Open Badges JSON, a signed badge or "
            "a baked badge image."
        ),
        {"url": url[:200]},
    )


def _is_web_page(response, content: bytes) -> bool:
    """An HTML page: markup that starts like one, or is served as one and is no SVG.
    (Issuers serve badge images with wrong types too, so the type alone decides nothing.)"""
    head = content[:4096].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    served_as_page = response.content_type in ("text/html", "application/xhtml+xml")
    return served_as_page and head.startswith(b"<") and b"<svg" not in head


def _from_json(body: str, run: Run, *, source_url: str) -> Credential | clr.LearnerRecord:
    doc = parse.load_json(body)
    if clr.is_clr(doc):
        return _clr(clr.verify_clr_json, body, run)
    if parse.is_ob3(doc):
        return _ob3("verify_credential_json", body, run)
    version = parse.detect_version(doc)
    if _declared_method(doc) == "signed":
        raise signature_missing()
    # The copy is trusted only to learn where the issuer publishes the badge, but a broken
    # one is refused here, naming the field, whether or not the issuer can be reached.
    parse.read_assertion(doc, version)
    if version == "0.5":
        if not parse.is_web_url(source_url):
            raise ImportRefused(
                "unsupported",
                _(
                    "This is an Open Badges 0.5 badge, which can only be checked at the "
                    "address where the issuer published it. Import it by that URL, or "
                    "upload the baked badge image, instead."
                ),
            )
        return hosted(run, url=source_url, original=body, supplied=doc)
    url = parse.hosted_url_hint(doc)
    if not url:
        raise parse.missing("assertion", "id")
    return hosted(run, url=url, original=body, supplied=doc)


def _from_jws(body: str, run: Run) -> Credential | clr.LearnerRecord:
    token = jws.decode_unverified(body)
    doc = parse.load_json(token.payload)
    if clr.is_clr(doc):
        return _clr(clr.verify_clr_jwt, token.text, run)
    if parse.is_ob3(doc):
        return _ob3("verify_vc_jwt", token.text, run)
    version = parse.detect_version(doc)
    if version == "0.5":
        raise ImportRefused(
            "unsupported", _("Open Badges 0.5 badges cannot be signed; this one is damaged.")
        )
    if _declared_method(doc) == "hosted" and parse.hosted_url_hint(doc):
        # A signed copy of a hosted badge: the issuer's hosted copy is what counts.
        run.log(step("The signed badge declares hosted verification; its hosted copy is checked."))
        return hosted(run, url=parse.hosted_url_hint(doc), original=token.text, supplied=doc)
    info = parse.read_assertion(doc, version)
    jws.check_algorithm(token.algorithm)
    if info.version == "2.0":
        return signed_v2(run, token, info)
    return signed_v1(run, token, info)


def _ob3(function: str, body: str, run: Run) -> Credential | clr.LearnerRecord:
    try:
        from . import ob3
    except ModuleNotFoundError as exc:
        if not (exc.name or "").endswith("ob3"):
            raise
        ob3 = None
    delegate = getattr(ob3, function, None)
    if delegate is None:
        raise ImportRefused(
            "unsupported", _("Open Badges 3.0 credentials cannot be verified by this backpack yet.")
        )
    return delegate(body, run.fetcher, now=run.now, raise_on_revoked=run.raise_on_revoked)


def _clr(verify: Callable[..., clr.LearnerRecord], body: str, run: Run) -> clr.LearnerRecord:
    if not run.records:
        raise ImportRefused(
            "unsupported",
            _(
                "This is a CLR learner record, not a single badge; add it to the backpack "
                "from the Add badges page."
            ),
        )
    return verify(body, run.fetcher, now=run.now, raise_on_revoked=run.raise_on_revoked)


def _declared_method(doc: dict[str, Any]) -> str:
    """What a (possibly stale) copy declares, read leniently: ``hosted`` or ``signed``."""
    verify = doc.get("verification", doc.get("verify"))
    names = (
        {name.lower() for name in parse.types(verify.get("type"))}
        if isinstance(verify, dict)
        else set()
    )
    return "signed" if names & {"signed", "signedbadge"} else "hosted"
