"""Response headers that Django does not set by itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse

from passport.web import usercontent

# Our own pages load scripts, styles and images only from our origin; badge images
# may come as data: URIs. Views that need another policy set their own header.
# User files may come from their own origin (passport.web.usercontent).
DEFAULT_CSP = (
    "default-src 'self'; img-src 'self' data:{content}; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self' https:; frame-ancestors 'none'; "
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com; "
    "media-src 'self'{content}"
)
# Every policy, ours or a view's own, asks browsers to report violations to
# passport.csp_reports: report-to for the Reporting API, report-uri for the others.
REPORT_ENDPOINT = "/csp-report/"
REPORT_DIRECTIVES = f"report-uri {REPORT_ENDPOINT}; report-to csp-endpoint"


def policy_with_form_targets(origins: Iterable[str]) -> str:
    """The default policy, letting forms also go (or be redirected) to ``origins``.

    For pages whose form ends at another site on plain http, which Passport allows only
    for loopback or operator-listed hosts (development and tests); https is always allowed.
    """
    extra = "".join(f" {origin}" for origin in origins)
    default = DEFAULT_CSP.format(content=usercontent.csp_sources())
    return default.replace("form-action 'self' https:", f"form-action 'self' https:{extra}")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        default = DEFAULT_CSP.format(content=usercontent.csp_sources())
        response.headers.setdefault("Content-Security-Policy", default)
        policy = response.headers["Content-Security-Policy"]
        if "report-uri" not in policy and "report-to" not in policy:
            response.headers["Content-Security-Policy"] = f"{policy}; {REPORT_DIRECTIVES}"
        response.headers.setdefault("Reporting-Endpoints", f'csp-endpoint="{REPORT_ENDPOINT}"')
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response
