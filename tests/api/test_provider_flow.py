"""The whole provider flow, as a platform following the specification would run it:
register → authorize with PKCE → token → upsert → get → refresh → revoke."""

from __future__ import annotations

import pytest
from oauth2_provider.models import AccessToken, Application, RefreshToken

from badges.models import Badge
from tests.api.spec_client import ALL_SCOPES, Platform

pytestmark = pytest.mark.django_db


def test_register_authorize_upsert_get_refresh_revoke(owner, owner_client, mint):
    platform = Platform()
    sdd = platform.discover()
    assert sdd["components"]["securitySchemes"]["OAuth2ACG"]["type"] == "oauth2"

    registered = platform.register()
    assert registered.status_code == 201
    assert registered.json()["scope"] == ALL_SCOPES

    params, verifier = platform.authorize(owner_client)
    assert "code" in params and params["iss"]  # RFC 9207 issuer identifier
    token_response = platform.exchange(params["code"], verifier)
    assert token_response.status_code == 200, token_response.content
    tokens = token_response.json()
    assert tokens["token_type"] == "Bearer"
    assert set(tokens["scope"].split()) == set(ALL_SCOPES.split())
    assert tokens["refresh_token"]

    credential = mint()
    created = platform.upsert(tokens["access_token"], credential)
    assert created.status_code == 201, created.content
    assert created.content.decode() == credential
    assert created["Content-Type"].startswith("text/plain")
    again = platform.upsert(tokens["access_token"], credential)
    assert again.status_code == 200
    assert Badge.objects.filter(owner=owner).count() == 1

    listed = platform.get("/ims/ob/v3p0/credentials", tokens["access_token"])
    assert listed.status_code == 200
    assert listed.json() == {"credential": [], "compactJwsString": [credential]}
    assert listed["X-Total-Count"] == "1"

    refreshed = platform.refresh(tokens["refresh_token"])
    assert refreshed.status_code == 200, refreshed.content
    new = refreshed.json()
    assert new["access_token"] != tokens["access_token"]
    assert platform.get("/ims/ob/v3p0/credentials", new["access_token"]).status_code == 200
    # The old refresh token was rotated away; replaying it fails.
    assert platform.refresh(tokens["refresh_token"]).status_code == 400

    assert platform.revoke(new["access_token"]).status_code == 200
    gone = platform.get("/ims/ob/v3p0/credentials", new["access_token"])
    assert gone.status_code == 401
    assert (
        gone.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"]
        == "unauthorizedrequest"
    )


def test_an_authorization_code_works_once(platform, owner_client):
    params, verifier = platform.authorize(owner_client)
    assert platform.exchange(params["code"], verifier).status_code == 200
    assert platform.exchange(params["code"], verifier).status_code == 400


def test_the_code_needs_its_own_verifier(platform, owner_client):
    params, _verifier = platform.authorize(owner_client)
    response = platform.exchange(params["code"], "a" * 50)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_the_token_endpoint_needs_the_client_secret(platform, owner_client):
    params, verifier = platform.authorize(owner_client)
    platform.client_secret = "wrong"
    response = platform.exchange(params["code"], verifier)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_a_learner_who_says_no_sends_the_platform_away_with_nothing(platform, owner_client):
    params, _verifier = platform.authorize(owner_client, allow=False)
    assert params["error"] == "access_denied"
    assert "code" not in params
    assert not AccessToken.objects.exists()


def test_secrets_and_tokens_are_not_stored_in_clear(platform, owner_tokens):
    application = Application.objects.get(client_id=platform.client_id)
    assert platform.client_secret not in application.client_secret
    assert application.client_secret.startswith("md5$")  # the tests' password hasher
    assert not AccessToken.objects.filter(token=owner_tokens["access_token"]).exists()
    assert AccessToken.objects.get().token == ""
    assert RefreshToken.objects.get().token == ""
