"""Dynamic client registration (RFC 7591) with the metadata the OB 3.0 API asks for."""

from __future__ import annotations

import pytest
from oauth2_provider.models import Application

from passport.api.models import ClientRegistration
from tests.api.spec_client import REDIRECT_URI, registration_request

pytestmark = pytest.mark.django_db
URL = "/oauth/register/"


def _register(client, **overrides):
    return client.post(URL, registration_request(**overrides), content_type="application/json")


def test_a_valid_request_creates_a_confidential_client_and_echoes_its_metadata(anon_client):
    response = _register(anon_client)

    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["client_id"] and len(body["client_secret"]) >= 32
    assert body["client_secret_expires_at"] == 0
    assert isinstance(body["client_id_issued_at"], int)
    request = registration_request()
    for name in ("client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri"):
        assert body[name] == request[name]
    assert body["software_id"] == request["software_id"]
    assert body["redirect_uris"] == [REDIRECT_URI]
    assert body["grant_types"] == ["authorization_code", "refresh_token"]
    assert body["response_types"] == ["code"]
    assert body["token_endpoint_auth_method"] == "client_secret_basic"
    application = Application.objects.get(client_id=body["client_id"])
    assert application.client_type == Application.CLIENT_CONFIDENTIAL
    assert application.authorization_grant_type == Application.GRANT_AUTHORIZATION_CODE
    assert application.name == "Example Learning Platform"
    assert not application.skip_authorization
    assert application.registration.software_version == "v4.0.30319"


def test_scopes_are_kept_in_a_stable_order_and_unknown_ones_refused(anon_client):
    scope = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly"
    assert _register(anon_client, scope=scope).json()["scope"] == scope

    refused = _register(anon_client, scope=scope + " admin")
    assert refused.status_code == 400
    assert refused.json() == {
        "error": "invalid_client_metadata",
        "error_description": "Unknown scope: admin.",
    }
    assert _register(anon_client, scope="offline_access").status_code == 400


@pytest.mark.parametrize(
    "redirect_uris",
    [
        ["http://platform.example/callback"],
        ["javascript:alert(1)"],
        ["https://platform.example/cb#fragment"],
        ["/relative/callback"],
        ["https://user:pw@platform.example/cb"],
        [],
        "https://platform.example/callback",
        [42],
        ["https://platform.example:99999/cb"],
    ],
)
def test_redirect_uris_must_be_absolute_https_addresses(anon_client, redirect_uris):
    response = _register(anon_client, redirect_uris=redirect_uris)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_redirect_uri"
    assert not Application.objects.exists()


def test_loopback_http_redirects_are_allowed_only_in_development_and_tests(anon_client, settings):
    loopback = ["http://127.0.0.1:8765/callback", "http://localhost/cb", "http://[::1]/cb"]
    assert _register(anon_client, redirect_uris=loopback).status_code == 201

    settings.DEBUG = False
    settings.RUNNING_TESTS = False
    refused = _register(anon_client, redirect_uris=["http://127.0.0.1:8765/callback"])
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_redirect_uri"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("client_name", None),
        ("client_name", ""),
        ("client_name", "x" * 201),
        ("client_name", "Evil\nPlatform"),
        ("client_uri", None),
        ("client_uri", "ftp://platform.example/"),
        ("logo_uri", "http://platform.example/logo.png"),
        ("tos_uri", None),
        ("policy_uri", "not a url"),
        ("software_id", None),
        ("software_version", 4),
        ("scope", None),
        ("scope", ["a", "b"]),
        ("token_endpoint_auth_method", "none"),
        ("grant_types", ["implicit"]),
        ("grant_types", ["refresh_token"]),
        ("grant_types", ["authorization_code", "password"]),
        ("response_types", ["token"]),
        ("contacts", "admin@platform.example"),
        ("contacts", [None]),
    ],
)
def test_invalid_metadata_is_refused_with_a_specific_description(anon_client, field, value):
    request = registration_request()
    if value is None:
        del request[field]
    else:
        request[field] = value
    response = anon_client.post(URL, request, content_type="application/json")

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_client_metadata"
    assert field in body["error_description"]
    assert not ClientRegistration.objects.exists()


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"a string"', "{" * 5000])
def test_a_body_that_is_not_a_json_object_is_refused(anon_client, body):
    response = anon_client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_client_metadata"


def test_client_secret_post_is_accepted(anon_client):
    response = _register(anon_client, token_endpoint_auth_method="client_secret_post")
    assert response.json()["token_endpoint_auth_method"] == "client_secret_post"


def test_registration_only_answers_post(anon_client):
    assert anon_client.get(URL).status_code == 405


def test_registrations_are_rate_limited_per_address(anon_client):
    for _ in range(20):
        assert _register(anon_client).status_code == 201
    response = _register(anon_client)
    assert response.status_code == 429
    assert Application.objects.count() == 20
