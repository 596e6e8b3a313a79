"""``refreshService`` (1EdTech Credential Refresh Service): a newer version of a credential.

A credential may name a ``1EdTechCredentialRefresh`` service: an address the issuer
answers with the current version of the credential (JSON or VC-JWT). It is asked fresh,
through the fetcher, and what it answers is verified like any credential. The newer
version may replace the stored one only when it verifies (not revoked, not expired),
names the same issuer and names the same recipient; otherwise the stored version is
kept, and the steps say why. As OB 3.0 §9 requires, this is done once: the newer
version's own refresh service is not followed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import identity, jws, parse, trust, vcjwt
from .credential import Credential, Recipient
from .errors import ImportRefused
from .fetch_types import Fetcher
from .log import Step, step
from .ob3_normalise import recipients_of
from .verify import PayloadText, verify_payload

REFRESH_TYPE = "1EdTechCredentialRefresh"
ACCEPT = (
    "application/vc+ld+json, application/vc+jwt, application/ld+json;q=0.9, application/json;q=0.8"
)


@dataclass(frozen=True)
class Refresh:
    credential: Credential | None  # the newer version, when it may replace the stored one
    steps: tuple[Step, ...]


class _NotTaken(Exception):
    """Why the newer version is not taken, in the words of the step log."""

    def __init__(self, why: Step):
        super().__init__(why)
        self.why = why


def refresh(
    document: dict[str, Any],
    fetcher: Fetcher,
    *,
    recipient_email: str = "",
    now: datetime | None = None,
    registries: Iterable[trust.Registry] = (),
) -> Refresh | None:
    """Ask the refresh service ``document`` names; None when it names none.

    ``document`` is the stored, verified credential; ``recipient_email`` the learner's
    address it was matched to, so a newer version that hashes it anew still matches.
    """
    services = [s for s in _list(document.get("refreshService")) if isinstance(s, dict)]
    if not services:
        return None
    url = next((_url(s) for s in services if REFRESH_TYPE in _types(s.get("type"))), "")
    if not url:
        return Refresh(None, (_not_used(services),))
    steps = [step("Asked the issuer's refresh service at %(url)s for a newer version.", url=url)]
    try:
        newer = _newer_version(url, fetcher, now=now, registries=registries)
        _check_same(document, newer, recipient_email)
    except _NotTaken as problem:
        steps.append(step("%(problem)s; the stored version is kept.", problem=problem.why))
        return Refresh(None, tuple(steps))
    if newer.document == document:
        steps.append(step("The refresh service gave the version already stored."))
        return Refresh(None, tuple(steps))
    steps.append(
        step(
            "The refresh service gave a newer version, verified, from the same issuer and for "
            "the same recipient: it replaces the stored one."
        )
    )
    return Refresh(newer, tuple(steps))


def _not_used(services: list[dict[str, Any]]) -> Step:
    kinds = ", ".join(t for s in services for t in _types(s.get("type")))
    if not kinds:
        return step("The credential's refresh service (of no type) is not used.")
    return step("The credential's refresh service (%(types)s) is not used.", types=kinds[:100])


def _newer_version(
    url: str, fetcher: Fetcher, *, now: datetime | None, registries: Iterable[trust.Registry]
) -> Credential:
    try:
        response = getattr(fetcher, "get_uncached", fetcher.get)(url, accept=ACCEPT)
    except ImportRefused as refusal:
        raise _NotTaken(
            step("The refresh service could not be reached (%(reason)s)", reason=refusal.step())
        ) from None
    if response.status != 200:
        raise _NotTaken(step("The refresh service answered %(status)s", status=response.status))
    text = response.content.decode("utf-8-sig", errors="replace").strip()
    payload = _payload(text)
    try:
        newer = verify_payload(
            payload, fetcher, now=now, raise_on_revoked=False, registries=registries
        )
    except ImportRefused as refusal:
        raise _NotTaken(
            step("The newer version does not verify (%(reason)s)", reason=refusal.step())
        ) from None
    if newer.verification.status == "revoked":
        raise _NotTaken(step("The newer version is revoked"))
    if newer.verification.status != "verified":
        raise _NotTaken(step("The newer version is expired"))
    return newer


def _payload(text: str) -> PayloadText:
    """The answer as a payload, once it is an OB 3.0 credential (no older badge is fetched)."""
    if jws.looks_like_jws(text):
        claimed = vcjwt.unverified_credential(text)
        kind = "jws"
    else:
        try:
            claimed = json.loads(text)
        except (ValueError, RecursionError):
            claimed = None
        kind = "json"
    if claimed is None:
        raise _NotTaken(step("The refresh service did not answer with a credential"))
    if not parse.is_ob3(claimed):
        raise _NotTaken(
            step("The refresh service did not answer with an Open Badges 3.0 credential")
        )
    return PayloadText(kind, text)


def _check_same(document: dict[str, Any], newer: Credential, email: str) -> None:
    issuer = _id_of(document.get("issuer"))
    if newer.issuer.id != issuer:
        raise _NotTaken(
            step(
                "The newer version names another issuer (%(issuer)s)", issuer=newer.issuer.id[:200]
            )
        )
    if not same_recipient(recipients_of(document), newer.recipients, email):
        raise _NotTaken(step("The newer version names another recipient"))


def same_recipient(old: Iterable[Recipient], new: Iterable[Recipient], email: str = "") -> bool:
    """Whether two credentials name the same recipient.

    Identifiers (e-mail, URL, telephone, subject id) must be the same set; a hashed one
    counts as ``email`` when it matches the learner's address. A credential naming its
    recipient by name only is compared by name: there is nothing else to go by.
    """
    old, new = tuple(old), tuple(new)
    old_ids, new_ids = _identities(old, email), _identities(new, email)
    if old_ids or new_ids:
        return old_ids == new_ids
    return _names(old) == _names(new)


def _identities(recipients: tuple[Recipient, ...], email: str) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for recipient in recipients:
        if recipient.type == "name":
            continue
        if email and identity.recipient_matches(recipient, email):
            found.add(("email", email.strip().casefold()))
        elif recipient.hashed:
            found.add((recipient.type, recipient.identity.strip().lower(), recipient.salt))
        elif recipient.type == "email":
            found.add(("email", recipient.identity.strip().removeprefix("mailto:").casefold()))
        else:
            found.add((recipient.type, recipient.identity.strip()))
    return found


def _names(recipients: tuple[Recipient, ...]) -> set[str]:
    return {r.identity.strip().casefold() for r in recipients if r.type == "name"}


def _url(service: dict[str, Any]) -> str:
    url = service.get("id")
    return url if isinstance(url, str) and parse.is_web_url(url) else ""


def _types(value: Any) -> list[str]:
    return [v for v in _list(value) if isinstance(v, str)]


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _id_of(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""
