"""Hosted verification (OB 0.5, 1.x and 2.x ``HostedBadge``).

The supplied copy is trusted only to learn where the issuer publishes it; that address
is fetched fresh and what comes back is used. It must lie in the issuer's verification
scope (``startsWith``/``allowedOrigins`` in the issuer profile, else the host of the
issuer's id; for 1.x also the issuer's ``url``; for 0.5 ``issuer.origin``). ``410
Gone`` or ``"revoked": true`` means revoked.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from . import parse, parse_v2
from .credential import Credential
from .errors import ImportRefused, _
from .fetch_types import Response
from .log import step
from .parse import AssertionInfo, IssuerInfo
from .verify_common import (
    Run,
    finish,
    json_or_none,
    require_ok,
    require_web,
    resolve,
    revoked_error,
    served_origin,
    signature_missing,
)


def hosted(
    run: Run,
    *,
    url: str,
    original: str,
    supplied: dict[str, Any] | None,
    first: tuple[Response, Any] | None = None,
) -> Credential:
    """Fetch the issuer's copy at ``url`` (following its id once) and verify it."""
    candidates = (supplied,) if supplied is not None else ()
    target = url
    for attempt in range(2):
        if first is not None and attempt == 0:
            response, doc = first
        else:
            require_web(target)
            response = run.fresh(target)
            if response.status == 410:
                return hosted_revoked(run, target, response, candidates, original)
            require_ok(response, target)
            doc = parse.load_json(response.content, url=target)
        run.log(step("Fetched the assertion from %(url)s.", url=target))
        if parse_v2.revoked_state(doc)[0]:
            return hosted_revoked(run, target, response, (doc, *candidates), original)
        info = _read_hosted(doc, target)
        if parse.same_id(info.hosted_url, target):
            break
        if attempt == 1:
            raise ImportRefused(
                "invalid",
                _("The assertion at %(url)s gives a different address as its id: %(id)s."),
                {"url": target, "id": info.hosted_url[:200]},
            )
        run.log(
            step(
                "The assertion names %(url)s as its address; fetching it there.",
                url=info.hosted_url,
            )
        )
        target = info.hosted_url
    badge, issuer = resolve(run, info)
    _check_scope(run, target, issuer)
    text = original or response.content.decode("utf-8-sig", errors="replace")
    return finish(
        run,
        info,
        badge,
        issuer,
        original=text,
        method="hosted",
        source_url=target,
        issuer_origin=served_origin(target, response),
    )


def _read_hosted(doc: Any, url: str) -> AssertionInfo:
    if parse.is_ob3(doc):
        raise ImportRefused(
            "invalid",
            _("%(url)s returned an Open Badges 3.0 credential instead of an assertion."),
            {"url": url},
        )
    info = parse.read_assertion(doc)
    if info.version == "0.5":
        return replace(info, hosted_url=url)
    if info.method != "hosted":
        raise signature_missing()
    return info


def hosted_revoked(
    run: Run,
    url: str,
    response: Response,
    candidates: tuple[Any, ...],
    original: str = "",
) -> Credential:
    body = json_or_none(response.content)
    reason = parse_v2.revoked_state(body)[1]
    if response.status == 410:
        run.log(step("The issuer answered 410 Gone at %(url)s: the badge is revoked.", url=url))
    else:
        run.log(step("The issuer marks it as revoked at %(url)s: the badge is revoked.", url=url))
    if not run.raise_on_revoked:
        # Describe the badge from the fullest copy available: the issuer's, else the stored one.
        text = original or response.content.decode("utf-8-sig", errors="replace")
        for doc in (body, *candidates):
            try:
                info = _read_hosted(doc, url)
                badge, issuer = resolve(run, info)
                _check_scope(run, url, issuer)
                return finish(
                    run,
                    info,
                    badge,
                    issuer,
                    original=text,
                    method="hosted",
                    source_url=url,
                    status="revoked",
                    reason=reason,
                    issuer_origin=served_origin(url, response),
                )
            except ImportRefused:
                continue
    raise revoked_error(reason)


def _check_scope(run: Run, url: str, issuer: IssuerInfo) -> None:
    """The hosted URL must lie in the issuer's verification scope."""
    host, authority = parse.url_host(url), parse.url_authority(url)
    params = {"url": url, "host": host, "issuer": issuer.issuer.name or issuer.id}
    if not parse.is_web_url(issuer.id):
        raise ImportRefused(
            "invalid",
            _(
                "The issuer %(issuer)s has no web address, so a badge published at %(host)s "
                "cannot be confirmed as theirs."
            ),
            params,
        )
    if issuer.starts_with and not any(url.startswith(prefix) for prefix in issuer.starts_with):
        raise ImportRefused(
            "invalid",
            _(
                "The badge is published at %(url)s, outside the addresses the issuer "
                "%(issuer)s allows for its badges."
            ),
            params,
        )
    allowed = issuer.allowed_origins or (() if issuer.starts_with else issuer.default_hosts)
    if allowed and host not in allowed and authority not in allowed:
        raise ImportRefused(
            "invalid",
            _(
                "The badge is published at %(host)s, a site the issuer %(issuer)s does not "
                "allow to publish its badges."
            ),
            params,
        )
    run.log(
        step(
            "The assertion's address is within the issuer's verification scope (%(host)s).",
            host=host,
        )
    )
