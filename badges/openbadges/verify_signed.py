"""Signed verification (OB 1.0 ``verify.type: signed``, 2.x ``SignedBadge``): a compact JWS.

2.x: the key at ``verification.creator`` (or each key the issuer lists) must be listed
in the issuer profile's ``publicKey`` and owned by the issuer. 1.0: the PEM at
``verify.url`` must be served from the issuer's site. Then the issuer's
``revocationList`` is checked.
"""

from __future__ import annotations

from typing import Any

from . import jws, parse, parse_v2
from .credential import Credential
from .errors import ImportRefused, _
from .log import Step, step
from .parse import AssertionInfo, BadgeInfo, IssuerInfo
from .verify_common import (
    Run,
    check_served_at,
    fetch_document,
    finish,
    https_origin,
    json_or_none,
    require_ok,
    require_web,
    resolve,
    revoked_error,
    served_origin,
)

ACCEPT_PEM = "application/x-pem-file, text/plain;q=0.9, */*;q=0.1"
MAX_LISTED_KEYS = 3


def signed_v2(run: Run, token: jws.CompactJWS, info: AssertionInfo) -> Credential:
    if info.key_url:
        key, owner = _fetch_key_document(run, info.key_url)
        jws.verify_signature(token, key, key_id=info.key_url)
        run.log(_signature_checked(info.key_url, token))
        badge, issuer = resolve(run, info)
        _check_key_authorised(run, issuer, info.key_url, owner)
        key_url = info.key_url
    else:
        badge, issuer = resolve(run, info)
        key_url = _verify_with_listed_keys(run, token, issuer)
    revoked, reason = _revocation_list(run, issuer, info)
    # The issuer profile, fetched from the issuer's own id, lists the key: the proof is
    # bound to the origin of that id (when both came over https).
    origin = issuer.served_origin
    if not https_origin(key_url) or origin != https_origin(issuer.id):
        origin = ""
    return _finish_signed(run, token, info, badge, issuer, key_url, revoked, reason, origin)


def signed_v1(run: Run, token: jws.CompactJWS, info: AssertionInfo) -> Credential:
    key_url = info.key_url
    require_web(key_url)
    response = run.shared(key_url, accept=ACCEPT_PEM)
    require_ok(response, key_url)
    pem: Any = response.content
    if parse.looks_like_json(pem):
        document = json_or_none(pem)
        pem = document.get("publicKeyPem") if isinstance(document, dict) else None
    key = jws.load_public_key(pem, source=key_url)
    jws.verify_signature(token, key, key_id=key_url)
    run.log(_signature_checked(key_url, token))
    badge, issuer = resolve(run, info)
    if parse.url_host(key_url) not in issuer.default_hosts:
        raise ImportRefused(
            "invalid_signature",
            _(
                "The key %(key)s that signed this badge is not on the issuer's site "
                "(%(hosts)s), so it cannot prove the issuer signed it."
            ),
            {"key": key_url, "hosts": ", ".join(issuer.default_hosts)},
        )
    run.log(step("The key is published on the issuer's own site."))
    revoked, reason = _revocation_list(run, issuer, info)
    origin = served_origin(key_url, response)
    return _finish_signed(run, token, info, badge, issuer, key_url, revoked, reason, origin)


def _finish_signed(
    run: Run,
    token: jws.CompactJWS,
    info: AssertionInfo,
    badge: BadgeInfo,
    issuer: IssuerInfo,
    key_url: str,
    revoked: bool,
    reason: str,
    issuer_origin: str,
) -> Credential:
    if revoked and run.raise_on_revoked:
        raise revoked_error(reason)
    return finish(
        run,
        info,
        badge,
        issuer,
        original=token.text,
        method="signed",
        source_url=key_url,
        key_id=key_url,
        algorithm=token.algorithm,
        status="revoked" if revoked else "",
        reason=reason,
        issuer_origin=issuer_origin,
    )


def _fetch_key_document(run: Run, url: str) -> tuple[jws.PublicKey, str]:
    """(public key, owner IRI) from a ``CryptographicKey`` document."""
    require_web(url)
    doc = fetch_document(run, url)
    check_served_at(doc, url)
    key = jws.load_public_key(doc.get("publicKeyPem"), source=url)
    run.log(step("Fetched the issuer's public key from %(url)s.", url=url))
    return key, parse.iri(doc.get("owner"))


def _check_key_authorised(run: Run, issuer: IssuerInfo, key_url: str, owner: str) -> None:
    params = {"key": key_url, "issuer": issuer.id, "owner": owner}
    if not parse.is_web_url(issuer.id):
        raise ImportRefused(
            "invalid_signature",
            _("The issuer has no web address, so nothing confirms that the key %(key)s is theirs."),
            params,
        )
    if not any(parse.same_id(ref.id, key_url) for ref in issuer.public_keys):
        raise ImportRefused(
            "invalid_signature",
            _(
                "The key %(key)s that signed this badge is not listed in the issuer "
                "profile %(issuer)s, so it cannot prove the issuer signed it."
            ),
            params,
        )
    if not parse.same_id(owner, issuer.id):
        raise ImportRefused(
            "invalid_signature",
            _("The key %(key)s says it belongs to %(owner)s, not to the issuer %(issuer)s."),
            {**params, "owner": owner or "nobody"},
        )
    run.log(step("The key is listed in the issuer profile and owned by the issuer."))


def _verify_with_listed_keys(run: Run, token: jws.CompactJWS, issuer: IssuerInfo) -> str:
    """No ``creator``: try the keys the issuer profile lists; the id of the one that fits."""
    if not parse.is_web_url(issuer.id) or not issuer.public_keys:
        raise ImportRefused(
            "invalid_signature",
            _(
                "The issuer profile %(issuer)s lists no public key, so the signature "
                "cannot be checked."
            ),
            {"issuer": issuer.id},
        )
    failure: ImportRefused | None = None
    for ref in issuer.public_keys[:MAX_LISTED_KEYS]:
        key_id = ref.id or issuer.id
        try:
            if ref.pem:
                key, owner = jws.load_public_key(ref.pem, source=key_id), issuer.id
            else:
                key, owner = _fetch_key_document(run, ref.id)
            jws.verify_signature(token, key, key_id=key_id)
        except ImportRefused as exc:
            failure = exc
            continue
        run.log(_signature_checked(key_id, token))
        if ref.id:
            _check_key_authorised(run, issuer, key_id, owner)
        return key_id
    raise failure or ImportRefused("invalid_signature", _("No usable issuer key was found."))


def _revocation_list(run: Run, issuer: IssuerInfo, info: AssertionInfo) -> tuple[bool, str]:
    """(revoked, reason) from the issuer's revocation list, fetched fresh."""
    doc, where = _revocation_document(run, issuer)
    if doc is None:
        return False, ""
    revoked, reason = parse_v2.revocation_entry(doc, assertion_id=info.id, uid=info.uid)
    if revoked:
        run.log(step("Listed on the issuer's revocation list %(url)s.", url=where))
    else:
        run.log(step("Not on the issuer's revocation list %(url)s.", url=where))
    return revoked, reason


def _signature_checked(key: str, token: jws.CompactJWS) -> Step:
    return step(
        "Signature checked with key %(key)s (%(algorithm)s).", key=key, algorithm=token.algorithm
    )


def _revocation_document(run: Run, issuer: IssuerInfo) -> tuple[dict[str, Any] | None, str]:
    source = issuer.revocation_list
    if isinstance(source, dict):
        return source, issuer.id
    if not source:
        run.log(step("The issuer publishes no revocation list."))
        return None, ""
    doc = fetch_document(run, source, fresh=True)
    return doc, source
