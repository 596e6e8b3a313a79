"""Obtaining tokens as the specification describes: codes, verifiers, client secrets."""

from __future__ import annotations

import pytest
from oauth2_provider.models import AccessToken, Application, RefreshToken

pytestmark = pytest.mark.django_db


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
