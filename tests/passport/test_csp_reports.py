"""Browsers report Content-Security-Policy violations to us; we log them and answer 204."""

from __future__ import annotations

import json
import logging

import pytest
from django.http import HttpResponse
from django.test import Client

from passport import csp_reports
from passport.middleware import SecurityHeadersMiddleware

pytestmark = pytest.mark.django_db

URL = "/csp-report/"
LEGACY = {
    "csp-report": {
        "document-uri": "https://passport.example/pages/p/abc/?token=secret#frag",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'",
        "disposition": "enforce",
        "blocked-uri": "https://evil.example/x.js",
        "source-file": "https://passport.example/static/js/pages.js",
        "line-number": 12,
        "column-number": 3,
        "status-code": 200,
    }
}
REPORTING_API = [
    {
        "type": "csp-violation",
        "age": 10,
        "url": "https://passport.example/badges/",
        "user_agent": "Mozilla/5.0",
        "body": {
            "documentURL": "https://passport.example/badges/",
            "blockedURL": "inline",
            "effectiveDirective": "style-src-attr",
            "originalPolicy": "default-src 'self'",
            "disposition": "enforce",
            "sample": "color: red",
            "statusCode": 200,
        },
    },
    {"type": "deprecation", "age": 1, "url": "https://passport.example/", "body": {}},
]


def _post(client: Client, body, content_type: str, **extra):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(URL, data=data, content_type=content_type, **extra)


@pytest.fixture
def warnings(caplog):
    caplog.set_level(logging.WARNING, logger="passport.csp_reports")
    return caplog


def _logged(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "passport.csp_reports"]


def test_a_report_uri_report_is_logged_as_a_warning(anon_client, warnings):
    response = _post(anon_client, LEGACY, "application/csp-report")
    assert response.status_code == 204
    [line] = _logged(warnings)
    assert warnings.records[0].levelno == logging.WARNING
    assert "script-src-elem" in line
    assert "https://evil.example/x.js" in line
    assert "https://passport.example/static/js/pages.js:12:3" in line
    # Addresses are logged without their query or fragment, which may hold tokens.
    assert "https://passport.example/pages/p/abc/" in line
    assert "secret" not in line and "frag" not in line


def test_a_reporting_api_batch_logs_each_violation(anon_client, warnings):
    response = _post(anon_client, REPORTING_API, "application/reports+json")
    assert response.status_code == 204
    [line] = _logged(warnings)  # the deprecation report is not ours to log
    assert "style-src-attr" in line
    assert "inline" in line
    assert "color: red" in line


def test_an_oversized_body_is_refused_unread(anon_client, warnings):
    padded = dict(LEGACY)
    padded["csp-report"] = {**LEGACY["csp-report"], "script-sample": "x" * csp_reports.MAX_BYTES}
    response = _post(anon_client, padded, "application/csp-report")
    assert response.status_code == 413
    assert _logged(warnings) == []


def test_a_long_batch_is_cut(anon_client, warnings):
    one = REPORTING_API[0]
    batch = [one] * (csp_reports.MAX_REPORTS + 5)
    assert _post(anon_client, batch, "application/reports+json").status_code == 204
    assert len(_logged(warnings)) == csp_reports.MAX_REPORTS


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (LEGACY, "text/plain", 415),
        (LEGACY, "application/x-www-form-urlencoded", 415),
        ("{not json", "application/csp-report", 400),
        (b"\xff\xfe", "application/reports+json", 400),
        ({"something": "else"}, "application/csp-report", 400),
        ([1, 2], "application/reports+json", 400),
        ("[]", "application/csp-report", 400),
    ],
)
def test_bad_input_gets_a_clear_4xx_never_a_500(anon_client, warnings, body, content_type, status):
    response = _post(anon_client, body, content_type)
    assert response.status_code == status
    assert response.content  # a short reason in plain text
    assert _logged(warnings) == []


def test_only_post(anon_client):
    assert anon_client.get(URL).status_code == 405


def test_no_csrf_token_is_needed(warnings):
    client = Client(enforce_csrf_checks=True)
    assert _post(client, LEGACY, "application/csp-report").status_code == 204


def test_each_client_is_limited(warnings):
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(csp_reports.RATE_LIMIT):
        assert _post(attacker, LEGACY, "application/csp-report").status_code == 204
    assert _post(attacker, LEGACY, "application/csp-report").status_code == 429
    other = Client(REMOTE_ADDR="198.51.100.4")
    assert _post(other, LEGACY, "application/csp-report").status_code == 204
    assert len(_logged(warnings)) == csp_reports.RATE_LIMIT + 1


def test_a_forged_report_cannot_forge_log_lines(anon_client, warnings):
    forged = {"csp-report": {**LEGACY["csp-report"], "blocked-uri": "x\nERROR forged line"}}
    _post(anon_client, forged, "application/csp-report")
    [line] = _logged(warnings)
    assert "\n" not in line


# --- The header points at it -------------------------------------------------------


def test_every_page_asks_for_reports(anon_client):
    response = anon_client.get("/")
    csp = response["Content-Security-Policy"]
    assert "report-uri /csp-report/" in csp
    assert "report-to csp-endpoint" in csp
    assert response["Reporting-Endpoints"] == 'csp-endpoint="/csp-report/"'


def test_a_views_own_policy_asks_for_reports_too(rf):
    def view(request):
        response = HttpResponse()
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    response = SecurityHeadersMiddleware(view)(rf.get("/"))
    csp = response["Content-Security-Policy"]
    assert csp.startswith("default-src 'none'; sandbox")
    assert csp.endswith("; report-uri /csp-report/; report-to csp-endpoint")
