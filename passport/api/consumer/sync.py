"""Import what a learner holds at a remote host, one outcome per credential.

Every credential goes through ``import_badges`` like an upload: verified, matched to the
learner's addresses, refused when already held. Badges that arrive are marked as
delivered by the host, as the Host side marks what platforms push in.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from badges.models import Badge
from badges.services import ImportSource, import_badges
from passport.api.consumer import http, oauth, sealing
from passport.api.consumer.errors import ConsumerError
from passport.api.consumer.models import RemoteConnection, RemoteHost
from passport.api.models import Delivery

PAGE_SIZE = 50
MAX_CREDENTIALS = 500  # per sync; the rest comes with the next one
MAX_PAGES = 20
_NEXT = re.compile(r'<([^>]*)>\s*;\s*rel="?next"?', re.IGNORECASE)


@dataclass(frozen=True)
class Result:
    """What became of one credential: ``added``, ``held`` or ``refused``."""

    status: str
    name: str
    message: str = ""
    badge_id: int | None = None


def connect(user, host: RemoteHost, tokens: oauth.Tokens) -> RemoteConnection:
    connection, _created = RemoteConnection.objects.get_or_create(user=user, host=host)
    _store_tokens(connection, tokens)
    return connection


def _store_tokens(connection: RemoteConnection, tokens: oauth.Tokens) -> None:
    connection.sealed_access_token = sealing.seal(tokens.access_token)
    # A host that does not rotate refresh tokens keeps the one it gave before.
    if tokens.refresh_token:
        connection.sealed_refresh_token = sealing.seal(tokens.refresh_token)
    connection.expires_at = tokens.expires_at
    connection.scope = tokens.scope
    connection.save()


def sync(connection: RemoteConnection) -> list[Result]:
    """Fetch the credentials new since the last sync and import them."""
    started = timezone.now()
    texts = _fetch_all(connection, connection.last_synced_at)
    results = _import(connection, texts)
    connection.last_synced_at = started
    connection.save(update_fields=["last_synced_at"])
    return results


def _fetch_all(connection: RemoteConnection, since: datetime | None) -> list[str]:
    url = _page_url(connection, since, 0)
    texts: list[str] = []
    for _page in range(MAX_PAGES):
        body, next_url, total = _page_of(connection, url)
        texts += body
        if not body or len(texts) >= MAX_CREDENTIALS:
            break
        if not next_url and total is not None and len(texts) < total:
            next_url = _page_url(connection, since, len(texts))  # no Link: go by offset
        if not next_url:
            break
        url = next_url
    return texts[:MAX_CREDENTIALS]


def _page_url(connection: RemoteConnection, since: datetime | None, offset: int) -> str:
    query: dict[str, Any] = {"limit": PAGE_SIZE, "offset": offset}
    if since is not None:
        query["since"] = since.isoformat().replace("+00:00", "Z")
    return f"{connection.host.api_base}/credentials?{urlencode(query)}"


def _page_of(connection: RemoteConnection, url: str) -> tuple[list[str], str, int | None]:
    """One page's credentials as text, the ``next`` link, and ``X-Total-Count``."""
    response = _get_with_token(connection, url)
    answer = http.json_of(response)
    if response.status != 200 or not isinstance(answer, dict):
        raise ConsumerError(
            _("%(host)s did not send your credentials (HTTP status %(status)s).")
            % {"host": connection.host.name, "status": response.status}
        )
    texts = [json.dumps(c) for c in _list(answer, "credential") if isinstance(c, dict)]
    texts += [c for c in _list(answer, "compactJwsString") if isinstance(c, str)]
    total = response.headers.get("x-total-count", "")
    next_url = _next_link(connection.host, response.headers.get("link", ""), texts)
    return texts, next_url, int(total) if total.isdigit() and len(total) < 10 else None


def _list(answer: dict, name: str) -> list:
    value = answer.get(name)
    return value if isinstance(value, list) else []


def _next_link(host: RemoteHost, header: str, texts: list[str]) -> str:
    """The ``next`` page, if the host names one on its own API; an empty page ends it."""
    match = _NEXT.search(header)
    if not match or not texts:
        return ""
    url = match.group(1).strip()
    if http.origin_of(url) != http.origin_of(host.api_base):
        return ""  # never send the token to another origin
    return url


def _get_with_token(connection: RemoteConnection, url: str):
    if connection.expires_at and connection.expires_at <= timezone.now():
        _refresh(connection)
    response = http.get(url, headers=_bearer(connection))
    if response.status == 401 and connection.refresh_token:
        _refresh(connection)
        response = http.get(url, headers=_bearer(connection))
    if response.status == 401:
        raise ConsumerError(
            _("%(host)s no longer accepts Passport's access. Disconnect it and connect again.")
            % {"host": connection.host.name}
        )
    return response


def _bearer(connection: RemoteConnection) -> dict[str, str]:
    token = connection.access_token
    if not token:
        raise ConsumerError(
            _("Passport's access to %(host)s was lost. Disconnect it and connect again.")
            % {"host": connection.host.name}
        )
    return {"Authorization": f"Bearer {token}"}


def _refresh(connection: RemoteConnection) -> None:
    refresh_token = connection.refresh_token
    if not refresh_token:
        raise ConsumerError(
            _("Passport's access to %(host)s has expired. Disconnect it and connect again.")
            % {"host": connection.host.name}
        )
    _store_tokens(connection, oauth.refresh(connection.host, refresh_token))


def _import(connection: RemoteConnection, texts: list[str]) -> list[Result]:
    name = connection.host.name
    sources = [ImportSource.from_text(text, label=name) for text in texts]
    results = []
    outcomes = import_badges(connection.user, sources, records=False)
    for number, outcome in enumerate(outcomes, start=1):
        if outcome.ok:
            _mark_delivered(outcome.badge, name)
            results.append(Result("added", outcome.badge.name, badge_id=outcome.badge.pk))
        elif outcome.code == "duplicate" and outcome.existing is not None:
            existing = outcome.existing
            results.append(Result("held", existing.name, outcome.message, existing.pk))
        else:
            label = _("Credential %(number)s") % {"number": number}
            results.append(Result("refused", label, outcome.message))
    return results


@transaction.atomic
def _mark_delivered(badge: Badge, platform_name: str) -> None:
    if badge.visibility != Badge.Visibility.PRIVATE:
        badge.visibility = Badge.Visibility.PRIVATE
        badge.save(update_fields=["visibility"])
    Delivery.objects.create(
        badge=badge, application=None, platform_name=platform_name[:255], created=True, seen=True
    )


def disconnect(connection: RemoteConnection) -> bool:
    """Revoke Passport's tokens at the host, then forget them; True if the host agreed."""
    host = connection.host
    revoked = oauth.revoke(host, connection.refresh_token, "refresh_token")
    revoked = oauth.revoke(host, connection.access_token, "access_token") or revoked
    connection.delete()
    return revoked


def as_session(results: list[Result]) -> list[dict]:
    return [asdict(result) for result in results]
