"""The screens around importing from another host: policies, French, pinned queries."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from passport.api.consumer.models import RemoteConnection, RemoteHost
from tests.api.spec_client import READ, Platform, pkce_pair

pytestmark = pytest.mark.django_db
CONNECT = reverse("api:consumer_connect")
PAGE = reverse("api:connected_apps")


def _form_action(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if "form-action" in part)


def test_the_connect_page_lets_its_form_reach_listed_plain_http_hosts(owner_client, settings):
    settings.BADGE_FETCH_ALLOWED_HOSTS = ["127.0.0.1:8123", "badges.internal"]
    response = owner_client.get(CONNECT)
    assert response.status_code == 200
    assert _form_action(response) == (
        "form-action 'self' https: http://127.0.0.1:8123 http://badges.internal:*"
    )


def test_without_listed_hosts_the_form_reaches_https_only(owner_client, settings):
    settings.BADGE_FETCH_ALLOWED_HOSTS = []
    assert _form_action(owner_client.get(CONNECT)) == "form-action 'self' https:"


def test_the_connect_page_in_french(owner_client):
    owner_client.cookies["django_language"] = "fr"
    page = owner_client.get(CONNECT, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Importer d'un autre sac à badges ou d'une autre plateforme" in page
    assert "Adresse du sac à badges ou de la plateforme" in page


def _consent(client, redirect_uri: str):
    platform = Platform()
    platform.discover()
    assert platform.register(redirect_uris=[redirect_uri]).status_code == 201
    _verifier, challenge = pkce_pair()
    query = platform.authorization_query(READ, challenge, redirect_uri=redirect_uri)
    return client.get(f"/oauth/authorize/?{urlencode(query)}")


def test_the_consent_page_lets_a_loopback_http_callback_be_reached(owner_client):
    response = _consent(
        owner_client, "http://127.0.0.1:8000/accounts/connected-apps/import/callback/"
    )
    assert response.status_code == 200
    assert _form_action(response) == "form-action 'self' https: http://127.0.0.1:8000"


def test_the_consent_page_keeps_its_policy_for_https_callbacks(owner_client):
    response = _consent(owner_client, "https://platform.example/callback")
    assert response.status_code == 200
    assert _form_action(response) == "form-action 'self' https:"


def test_the_connected_apps_page_costs_the_same_however_many_hosts(
    owner, owner_client, django_assert_max_num_queries
):
    for number in range(3):
        host = RemoteHost.objects.create(
            origin=f"https://b{number}.example",
            name=f"Backpack {number}",
            discovery_url=f"https://b{number}.example/ims/ob/v3p0/discovery",
            api_base=f"https://b{number}.example/ims/ob/v3p0",
            authorization_url=f"https://b{number}.example/authorize",
            token_url=f"https://b{number}.example/token",
            scope=READ,
            client_id="c",
        )
        RemoteConnection.objects.create(user=owner, host=host)
    # session, user, platforms connected here, deliveries, the hosts imported from.
    with django_assert_max_num_queries(5):
        page = owner_client.get(PAGE).content.decode()
    assert page.count("Sync now") == 3
