"""The service description document: public, OpenAPI 3.0, with the OAuth 2.0 scheme."""

from __future__ import annotations

import pytest

from tests.api.spec_client import PROFILE_READ, PROFILE_UPDATE, READ, UPSERT

pytestmark = pytest.mark.django_db


def test_discovery_needs_no_authentication_and_describes_the_oauth_server(anon_client):
    response = anon_client.get("/ims/ob/v3p0/discovery")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    sdd = response.json()
    assert sdd["openapi"].startswith("3.0")
    assert sdd["info"]["x-imssf-privacyPolicyUrl"] == "http://testserver/privacy/"
    assert sdd["info"]["termsOfService"] == "http://testserver/terms/"
    assert sdd["info"]["title"] and sdd["info"]["version"]
    scheme = sdd["components"]["securitySchemes"]["OAuth2ACG"]
    assert scheme["type"] == "oauth2"
    assert scheme["x-imssf-registrationUrl"] == "http://testserver/oauth/register/"
    flow = scheme["flows"]["authorizationCode"]
    assert flow["authorizationUrl"] == "http://testserver/oauth/authorize/"
    assert flow["tokenUrl"] == flow["refreshUrl"] == "http://testserver/oauth/token/"
    assert set(flow["scopes"]) == {READ, UPSERT, PROFILE_READ, PROFILE_UPDATE}
    assert {"/credentials", "/profile", "/discovery"} <= set(sdd["paths"])
    assert sdd["paths"]["/credentials"]["post"]["operationId"] == "upsertCredential"


def test_discovery_uses_https_addresses_behind_a_tls_proxy(anon_client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    sdd = anon_client.get("/ims/ob/v3p0/discovery", HTTP_X_FORWARDED_PROTO="https").json()
    scheme = sdd["components"]["securitySchemes"]["OAuth2ACG"]
    assert scheme["x-imssf-registrationUrl"].startswith("https://")


def test_the_authorization_server_metadata_names_the_same_endpoints(anon_client):
    metadata = anon_client.get("/.well-known/oauth-authorization-server").json()
    assert metadata["authorization_endpoint"] == "http://testserver/oauth/authorize/"
    assert metadata["token_endpoint"] == "http://testserver/oauth/token/"
    assert metadata["revocation_endpoint"] == "http://testserver/oauth/revoke/"
    assert metadata["code_challenge_methods_supported"] == ["S256"]


def test_discovery_only_answers_get(anon_client):
    response = anon_client.post("/ims/ob/v3p0/discovery")
    assert response.status_code == 405
    assert (
        response.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"]
        == "not_allowed"
    )
