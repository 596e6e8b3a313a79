"""Every request to a remote host goes through the safe fetcher; JSON answers read here."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch import SafeFetcher, parse_allowed_hosts
from badges.openbadges.fetch_types import Response
from badges.services.importing import render_refusal
from passport.api.consumer.errors import ConsumerError

# Discovery documents, token answers and pages of credentials are small.
MAX_ANSWER_BYTES = 5 * 1024 * 1024
TOTAL_TIMEOUT = 20.0


def fetcher() -> SafeFetcher:
    return SafeFetcher(
        allowed_hosts=settings.BADGE_FETCH_ALLOWED_HOSTS,
        max_bytes=MAX_ANSWER_BYTES,
        total_timeout=TOTAL_TIMEOUT,
    )


def get(url: str, headers: dict[str, str] | None = None) -> Response:
    return _call(lambda: fetcher().get(url, headers=headers))


def post(url: str, *, headers: dict[str, str] | None = None, **body: Any) -> Response:
    return _call(lambda: fetcher().post(url, headers=headers, **body))


def _call(send) -> Response:
    try:
        return send()
    except ImportRefused as refusal:
        raise ConsumerError(render_refusal(refusal)) from refusal


def json_of(response: Response) -> Any:
    """The answer's JSON value, or None when it is not JSON."""
    try:
        return json.loads(response.content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def check_endpoint(url: Any, field: str) -> str:
    """``url`` if it is an absolute https address (http only for an allowed test host)."""
    if not isinstance(url, str) or not url.strip():
        raise ConsumerError(
            _("The host's service description does not give %(field)s.") % {"field": field}
        )
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or not parts.hostname or parts.username or parts.password:
        raise ConsumerError(_("%(field)s is not a valid web address.") % {"field": field})
    if parts.scheme == "https":
        return url
    if parts.scheme == "http" and _allowed_plain(parts.hostname, port or 80):
        return url
    raise ConsumerError(
        _("%(url)s does not use https, so Passport will not send anything there.")
        % {"url": url[:200]}
    )


def _allowed_plain(hostname: str, port: int) -> bool:
    allowed = parse_allowed_hosts(settings.BADGE_FETCH_ALLOWED_HOSTS)
    host = hostname.lower().rstrip(".")
    return (host, None) in allowed or (host, port) in allowed


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}{port}"
