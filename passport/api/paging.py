"""``limit``, ``offset`` and ``since`` of the list endpoints, and their ``Link`` header."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int
    since: datetime | None

    def of(self, queryset) -> tuple[int, list]:
        """The total count and this page's rows."""
        return queryset.count(), list(queryset[self.offset : self.offset + self.limit])


def page_of(request: HttpRequest) -> Page:
    """The request's page; ``ValueError`` with the problem in words when malformed."""
    limit = _integer(request.GET.get("limit"), "limit", DEFAULT_LIMIT, minimum=1)
    offset = _integer(request.GET.get("offset"), "offset", 0, minimum=0)
    return Page(min(limit, MAX_LIMIT), offset, _since(request.GET.get("since")))


def _since(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        since = parse_datetime(raw)
    except ValueError:
        since = None
    if since is None:
        raise ValueError(_("since must be a date and time such as 2026-01-31T12:00:00Z."))
    return since if since.tzinfo else since.replace(tzinfo=UTC)


def _integer(raw: str | None, name: str, default: int, *, minimum: int) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < minimum or len(raw) > 9:
        raise ValueError(
            _("%(name)s must be a whole number of at least %(minimum)d.")
            % {"name": name, "minimum": minimum}
        )
    return int(raw)


def link_header(request: HttpRequest, page: Page, total: int) -> str:
    """RFC 8288 ``next``, ``last``, ``first`` and ``prev`` links, keeping ``since``."""
    base = request.build_absolute_uri(request.path)
    extra = {"since": request.GET["since"]} if request.GET.get("since") else {}
    limit, offset = page.limit, page.offset

    def link(to: int, rel: str) -> str:
        query = urlencode({"limit": limit, "offset": to, **extra})
        return f'<{base}?{query}>; rel="{rel}"'

    links = []
    if offset + limit < total:
        links.append(link(offset + limit, "next"))
    links.append(link(max(0, (total - 1) // limit * limit), "last"))
    links.append(link(0, "first"))
    if offset > 0:
        links.append(link(max(0, offset - limit), "prev"))
    return ", ".join(links)
