"""What hosted and signed verification share: the run, linked documents and the result.

A ``Run`` carries the fetcher, the clock and the step log. The issuer profile is always
fetched from its own id, even when embedded: its ``verification`` policy, ``publicKey``
and ``revocationList`` only count when the issuer publishes them itself. A profile or
badge class must be served from the host its id names. ``finish`` checks the dates,
reads endorsements and builds the ``Credential``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from . import dates, parse, parse_v2, trust
from .credential import Credential, Endorsement, Verification
from .errors import ImportRefused, _
from .fetch_types import Fetcher, Response
from .log import Step, step, step_plural
from .parse import AssertionInfo, BadgeInfo, IssuerInfo

ACCEPT_JSON = "application/ld+json, application/json;q=0.9, */*;q=0.1"
MAX_ENDORSEMENTS = 5
MAX_ENDORSEMENT_FETCHES = 8


@dataclass
class Run:
    """One verification: the fetcher, the clock and the step log."""

    fetcher: Fetcher
    now: datetime
    raise_on_revoked: bool
    records: bool = False  # whether a CLR learner record may be returned
    steps: list[Step] = field(default_factory=list)
    endorsement_fetches: int = 0
    # endorser profile URL -> its profile, or why it could not be read (once per run)
    endorsers: dict[str, IssuerInfo | Exception] = field(default_factory=dict)

    def fresh(self, url: str) -> Response:
        return self.fetcher.get_uncached(url, accept=ACCEPT_JSON)

    def shared(self, url: str, accept: str = ACCEPT_JSON) -> Response:
        return self.fetcher.get(url, accept=accept)

    def log(self, line: Step) -> None:
        self.steps.append(line)


# --- linked documents ----------------------------------------------------------------


def resolve(run: Run, info: AssertionInfo) -> tuple[BadgeInfo, IssuerInfo]:
    """The badge class and issuer profile of ``info``, fetched where linked."""
    if isinstance(info.badge, dict):
        badge_doc = info.badge
    else:
        require_web(info.badge)
        badge_doc = fetch_document(run, info.badge)
        check_served_at(badge_doc, info.badge)
        run.log(step("Fetched the badge class from %(url)s.", url=info.badge))
    if info.version == "0.5":
        issuer = parse.read_issuer(badge_doc.get("issuer"), "0.5")
        return parse.read_badge_class(badge_doc, "0.5", origin=issuer.id), issuer
    badge = parse.read_badge_class(badge_doc, info.version)
    return badge, _resolve_issuer(run, badge.issuer, info.version)


def _resolve_issuer(run: Run, ref: str | dict[str, Any], version: str) -> IssuerInfo:
    url = parse.web_url(ref)
    if isinstance(ref, dict) and not url:
        return parse.read_issuer(ref, version)  # nothing to fetch; checks needing it will refuse
    require_web(url or parse.iri(ref))
    response = run.shared(url)
    require_ok(response, url)
    doc = _document_of(response, url)
    check_served_at(doc, url)
    run.log(step("Fetched the issuer profile from %(url)s.", url=url))
    info = parse.read_issuer(doc, version, fetched_from=url)
    return replace(info, served_origin=served_origin(url, response))


def fetch_document(run: Run, url: str, *, fresh: bool = False) -> dict[str, Any]:
    response = run.fresh(url) if fresh else run.shared(url)
    require_ok(response, url)
    return _document_of(response, url)


def _document_of(response: Response, url: str) -> dict[str, Any]:
    doc = parse.load_json(response.content, url=url)
    if not isinstance(doc, dict):
        raise ImportRefused(
            "invalid",
            _("%(url)s did not return an Open Badges document (a JSON object)."),
            {"url": url},
        )
    return doc


def check_served_at(doc: dict[str, Any], url: str) -> None:
    """A document must not claim an id on another site than the one that served it."""
    claimed = parse.web_url(doc.get("id"))
    if claimed and parse.url_host(claimed) != parse.url_host(url):
        raise ImportRefused(
            "invalid",
            _("The document at %(url)s claims to be %(id)s, which is on another site."),
            {"url": url, "id": claimed[:200]},
        )


def served_origin(requested: str, response: Response) -> str:
    """The https origin of ``requested`` if it answered itself, after any redirect; "".

    A redirect to plain http or to another site keeps nothing bound to the issuer."""
    origin = https_origin(requested)
    return origin if origin and https_origin(response.url or requested) == origin else ""


def https_origin(url: str) -> str:
    """The origin (host[:port]) of an https URL; "" for anything else.

    Plain http is left out: anyone on the network path could have altered what it served,
    so it cannot confirm who the issuer is.
    """
    if not url.lower().startswith("https://") or not parse.is_web_url(url):
        return ""
    return parse.url_authority(url)


def require_web(iri: str) -> None:
    if not parse.is_web_url(iri):
        raise ImportRefused(
            "invalid",
            _("The badge links to %(iri)s, which is not a web address, so it cannot be checked."),
            {"iri": (iri or "nothing")[:200]},
        )


def require_ok(response: Response, url: str) -> None:
    if 200 <= response.status < 300:
        return
    params = {"url": url, "host": parse.url_host(url), "status": response.status}
    if response.status in (404, 410):
        raise ImportRefused(
            "fetch_failed",
            _(
                "%(url)s was not found: the server %(host)s answered %(status)s. The issuer "
                "may have moved or removed it."
            ),
            params,
        )
    raise ImportRefused(
        "fetch_failed",
        _(
            "The server %(host)s answered %(status)s for %(url)s. Try again later, or "
            "tell the issuer."
        ),
        params,
    )


# --- the result ----------------------------------------------------------------------


def finish(
    run: Run,
    info: AssertionInfo,
    badge: BadgeInfo,
    issuer: IssuerInfo,
    *,
    original: str,
    method: str,
    source_url: str,
    key_id: str = "",
    algorithm: str = "",
    status: str = "",
    reason: str = "",
    issuer_origin: str = "",
) -> Credential:
    issued_on = info.issued_on
    if issued_on is None:
        run.log(step("The badge does not state when it was issued."))
    else:
        dates.check_issued_on(issued_on, run.now)
        dates.check_expires_after_issue(issued_on, info.expires)
    if not status:
        status = "expired" if dates.is_expired(info.expires, run.now) else "verified"
    if status == "expired" and info.expires is not None:
        run.log(step("The badge expired on %(date)s.", date=info.expires.date().isoformat()))
    endorsements = _endorsements(run, info, badge, issuer) if info.version == "2.0" else ()
    verification = Verification(
        method=method,
        status=status,
        checked_at=run.now,
        source_url=source_url,
        key_id=key_id,
        algorithm=algorithm,
        revocation_reason=reason,
        steps=tuple(run.steps),
        issuer_origin=issuer_origin,
    )
    return parse.build_credential(
        info,
        badge,
        issuer,
        verification=verification,
        original=original,
        issued_on=issued_on,
        endorsements=endorsements,
    )


def _endorsements(
    run: Run, info: AssertionInfo, badge: BadgeInfo, issuer: IssuerInfo
) -> tuple[Endorsement, ...]:
    """A few endorsements, each checked as its endorser's hosted document.

    One that cannot be fetched or read at all is skipped: there is nothing to show. One
    that can be read but does not verify is kept, marked not verified. None ever
    refuses the badge.
    """
    endorsed = tuple(i for i in (info.id, badge.id, issuer.id) if i)
    found: list[Endorsement] = []
    for ref in (*info.endorsements, *badge.endorsements, *issuer.endorsements):
        if len(found) >= MAX_ENDORSEMENTS:
            break
        endorsement = _endorsement(run, ref, endorsed)
        found += [endorsement] if endorsement else []
    if found:
        verified = sum(e.verified for e in found)
        run.log(
            step_plural(
                "Read %(count)d endorsement; %(verified)s.",
                "Read %(count)d endorsements; %(verified)s.",
                len(found),
                # Translators: how many of the endorsements read were verified.
                verified=step_plural("%(count)d verified", "%(count)d verified", verified),
            )
        )
    return tuple(found)


class _NotVerified(Exception):
    """Why an endorsement does not verify, in the words of the step log."""

    def __init__(self, why: Step):
        super().__init__(why)
        self.why = why


def _endorsement(run: Run, ref: Any, endorsed: tuple[str, ...]) -> Endorsement | None:
    url = parse.web_url(ref)
    hosted = _try_fetch(run, url, fresh=True) if url else None
    if hosted is not None and parse_v2.read_endorsement(hosted, None) is None:
        hosted = None
    doc = hosted if hosted is not None else ref if isinstance(ref, dict) else None
    if doc is None or parse_v2.read_endorsement(doc, None) is None:
        if url:
            run.log(
                step(
                    "Skipped the endorsement at %(url)s: it could not be fetched or read.", url=url
                )
            )
        return None
    endorser: IssuerInfo | None = None
    try:
        endorser = _endorser(run, doc.get("issuer"))
        if hosted is None:
            raise _NotVerified(
                step("%(url)s could not be fetched", url=url)
                if url
                else step("it gives no web address where its endorser publishes it")
            )
        confirmed = _check_endorsement(hosted, url, endorser, endorsed)
    except (ImportRefused, _NotVerified) as problem:
        shown = _read_endorsement(doc, endorser)
        why = problem.step() if isinstance(problem, ImportRefused) else problem.why
        run.log(
            step(
                "Endorsement by %(endorser)s not verified: %(reason)s",
                endorser=_endorser_label(shown),
                reason=why,
            )
        )
        return shown
    level = trust.ISSUER_CONFIRMED if confirmed else trust.ISSUER_NOT_CONFIRMED
    shown = replace(_read_endorsement(hosted, endorser), verified=True, trust=level)
    run.log(
        step(
            "Endorsement by %(endorser)s verified: fetched from %(url)s, where its endorser "
            "publishes it.",
            endorser=_endorser_label(shown),
            url=url,
        )
    )
    return shown


def _endorser(run: Run, ref: Any) -> IssuerInfo:
    """The endorser's profile, fetched from its own id (once per run) like an issuer's."""
    url = parse.web_url(ref)
    if not url:
        if isinstance(ref, dict):
            return parse.read_issuer(ref, "2.0")  # nothing to fetch; the scope check refuses
        raise _NotVerified(step("it does not name its endorser by a web address"))
    if url not in run.endorsers:
        try:
            doc = _fetch_counted(run, url)
            check_served_at(doc, url)
            run.endorsers[url] = parse.read_issuer(doc, "2.0", fetched_from=url)
        except (ImportRefused, _NotVerified) as problem:
            run.endorsers[url] = problem
    found = run.endorsers[url]
    if isinstance(found, Exception):
        raise found
    return found


def _check_endorsement(
    doc: dict[str, Any], url: str, endorser: IssuerInfo, endorsed: tuple[str, ...]
) -> bool:
    """Refuse what would not verify as a hosted badge; whether both ends are on https."""
    check_served_at(doc, url)
    if parse_v2.revoked_state(doc)[0]:
        raise _NotVerified(step("its endorser has withdrawn it"))
    verification = doc.get("verification")
    if isinstance(verification, dict) and parse.has_type(verification, *parse_v2.SIGNED):
        raise _NotVerified(step("it is signed, and only hosted endorsements are checked"))
    if not _in_scope(url, endorser):
        host = parse.url_host(url)
        if not endorser.id:
            raise _NotVerified(
                step("it is published at %(host)s, and its endorser has no web address", host=host)
            )
        raise _NotVerified(
            step(
                "it is published at %(host)s, a site its endorser %(endorser)s does not "
                "publish from",
                host=host,
                endorser=endorser.id,
            )
        )
    claim = doc.get("claim")
    claimed = parse.iri(claim.get("id")) if isinstance(claim, dict) else ""
    if not any(parse.same_id(claimed, target) for target in endorsed):
        raise _NotVerified(_endorses_something_else(claimed))
    return bool(https_origin(url) and https_origin(endorser.id))


def _in_scope(url: str, endorser: IssuerInfo) -> bool:
    """The hosted-badge rule: within ``startsWith``/``allowedOrigins``, else the id's host."""
    if not parse.is_web_url(endorser.id):
        return False
    if endorser.starts_with and not any(url.startswith(p) for p in endorser.starts_with):
        return False
    allowed = endorser.allowed_origins or (() if endorser.starts_with else endorser.default_hosts)
    return not allowed or parse.url_host(url) in allowed or parse.url_authority(url) in allowed


def _read_endorsement(doc: dict[str, Any], endorser: IssuerInfo | None) -> Endorsement:
    profile = endorser.doc if endorser else doc.get("issuer")
    found = parse_v2.read_endorsement(doc, profile if isinstance(profile, dict) else None)
    return found or Endorsement()


def _endorses_something_else(claimed: str) -> Step:
    if not claimed:
        return step("it endorses something else (nothing named)")
    return step("it endorses something else (%(id)s)", id=claimed[:200])


def _endorser_label(endorsement: Endorsement) -> str:
    """The endorser's name or id, or words saying it has neither."""
    return endorsement.issuer_name or endorsement.issuer_id or step("an unnamed endorser")


def _fetch_counted(run: Run, url: str, *, fresh: bool = False) -> dict[str, Any]:
    if run.endorsement_fetches >= MAX_ENDORSEMENT_FETCHES:
        raise _NotVerified(step("there are too many endorsements to check them all"))
    run.endorsement_fetches += 1
    return fetch_document(run, url, fresh=fresh)


def _try_fetch(run: Run, url: str, *, fresh: bool = False) -> dict[str, Any] | None:
    try:
        return _fetch_counted(run, url, fresh=fresh)
    except (ImportRefused, _NotVerified):
        return None


def json_or_none(content: bytes) -> Any:
    if not parse.looks_like_json(content):
        return None
    try:
        return parse.load_json(content)
    except ImportRefused:
        return None


def revoked_error(reason: str) -> ImportRefused:
    if reason:
        return ImportRefused(
            "revoked", _("The issuer has revoked this badge: %(reason)s"), {"reason": reason[:500]}
        )
    return ImportRefused("revoked", _("The issuer has revoked this badge."))


def signature_missing() -> ImportRefused:
    return ImportRefused(
        "invalid",
        _(
            "This badge is meant to be signed, but only its JSON was given, without the "
            "signature. Import the baked badge image or the signed text (JWS) instead."
        ),
    )
