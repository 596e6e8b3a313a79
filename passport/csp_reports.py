"""Where browsers report Content-Security-Policy violations: logged, answered with 204.

Two formats arrive: ``application/csp-report`` from the ``report-uri`` directive (one
``{"csp-report": {...}}`` object) and ``application/reports+json`` from the Reporting
API's ``report-to`` (a list of reports, of which only ``csp-violation`` ones are ours).
Anyone can post here, so the body is capped, each client is rate limited, every field
is cut short and stripped of control characters, and addresses lose their query and
fragment (which may carry tokens) before they reach the log.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit, urlunsplit

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from passport.web import ratelimit

logger = logging.getLogger(__name__)

MAX_BYTES = 16 * 1024
MAX_REPORTS = 20  # per request
MAX_FIELD = 300
RATE_LIMIT = 30  # reports a minute from one client
LEGACY_TYPES = {"application/csp-report", "application/json"}
REPORTING_TYPES = {"application/reports+json"}

# Our name for each field, then its name in a report-uri and in a Reporting API report.
FIELDS = (
    ("directive", "effective-directive", "effectiveDirective"),
    ("blocked", "blocked-uri", "blockedURL"),
    ("document", "document-uri", "documentURL"),
    ("source", "source-file", "sourceFile"),
    ("line", "line-number", "lineNumber"),
    ("column", "column-number", "columnNumber"),
    ("disposition", "disposition", "disposition"),
    ("sample", "script-sample", "sample"),
)


class BadReport(ValueError):
    pass


def _plain(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    if request.content_type not in LEGACY_TYPES | REPORTING_TYPES:
        return _plain(415, "Send application/csp-report or application/reports+json.")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BYTES:
        return _plain(413, f"A report may be at most {MAX_BYTES} bytes.")
    if not ratelimit.consume(request, "csp-report", limit=RATE_LIMIT, period=60):
        return _plain(429, "Too many reports; try again in a minute.")
    body = request.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        return _plain(413, f"A report may be at most {MAX_BYTES} bytes.")
    try:
        reports = _parse(body, legacy=request.content_type in LEGACY_TYPES)
    except BadReport as error:
        return _plain(400, str(error))
    for report in reports[:MAX_REPORTS]:
        _log(report)
    return HttpResponse(status=204)


def _parse(body: bytes, *, legacy: bool) -> list[dict]:
    """The violations in ``body``, each a dict keyed like the format that sent it."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise BadReport("The body is not JSON.") from None
    if legacy:
        report = data.get("csp-report") if isinstance(data, dict) else None
        if not isinstance(report, dict):
            raise BadReport('Expected {"csp-report": {...}}.')
        return [{our: report.get(old) for our, old, _new in FIELDS}]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise BadReport("Expected a list of reports.")
    violations = []
    for item in data:
        body = item.get("body")
        if item.get("type") == "csp-violation" and isinstance(body, dict):
            violations.append({our: body.get(new) for our, _old, new in FIELDS})
    return violations


def _clean(value, *, url: bool = False) -> str:
    if value is None or value == "":
        return "-"
    text = str(value)[:MAX_FIELD]
    if url and "://" in text:
        parts = urlsplit(text)
        text = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _log(report: dict) -> None:
    source = _clean(report["source"], url=True)
    if report["line"] is not None:
        source += f":{_clean(report['line'])}:{_clean(report['column'])}"
    logger.warning(
        "CSP violation (%s): %s blocked %s on %s, from %s, sample %s",
        _clean(report["disposition"]),
        _clean(report["directive"]),
        _clean(report["blocked"], url=True),
        _clean(report["document"], url=True),
        source,
        _clean(report["sample"]),
    )
