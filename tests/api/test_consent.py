"""The consent page: a Passport page saying which platform asks for what, in words."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from oauth2_provider.models import Grant

from tests.api.spec_client import PROFILE_READ, READ, REDIRECT_URI, UPSERT, pkce_pair

pytestmark = pytest.mark.django_db
URL = "/oauth/authorize/"


def _query(platform, scope=f"{READ} {UPSERT}", **extra) -> str:
    _verifier, challenge = pkce_pair()
    return urlencode(platform.authorization_query(scope, challenge, **extra))


def test_a_visitor_signs_in_first(platform, anon_client):
    response = anon_client.get(f"{URL}?{_query(platform)}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/oauth/authorize/")


def test_the_page_names_the_platform_and_says_what_it_may_do(platform, owner_client):
    response = owner_client.get(f"{URL}?{_query(platform)}")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Example Learning Platform asks to connect to your backpack" in page
    assert "This platform says its address is https://platform.example/." in page
    assert "See your Open Badges 3.0 badges, except those you hide" in page
    assert "Add badges to your backpack." in page
    assert "display name" not in page  # profile scopes were not asked for
    assert 'name="allow"' in page
    assert 'href="https://platform.example/privacy"' in page
    assert "<!DOCTYPE html>" in page and "site-header" in page  # Passport's own layout


def test_the_page_speaks_french(platform, owner_client):
    owner_client.cookies["django_language"] = "fr"
    page = owner_client.get(f"{URL}?{_query(platform, scope=PROFILE_READ)}").content.decode()

    assert "Example Learning Platform demande à se connecter à votre sac à badges" in page
    assert "Voir votre nom affiché et votre adresse courriel principale." in page
    assert "Autoriser" in page


@pytest.mark.parametrize(
    "pkce",
    [{"code_challenge": None}, {"code_challenge_method": "plain"}, {"code_challenge_method": None}],
)
def test_pkce_with_s256_is_required_before_anything_is_asked(platform, owner_client, pkce):
    response = owner_client.get(f"{URL}?{_query(platform, **pkce)}")

    assert response.status_code == 400
    assert "PKCE (S256)" in response.content.decode()
    assert 'name="allow"' not in response.content.decode()


def test_a_plain_challenge_posted_directly_gets_no_code(platform, owner_client):
    query = platform.authorization_query(READ, "x" * 50, code_challenge_method="plain")
    response = owner_client.post(f"{URL}?{urlencode(query)}", {**query, "allow": "1"})

    assert response.status_code == 302
    params = parse_qs(urlsplit(response["Location"]).query)
    assert params["error"] == ["invalid_request"]
    assert not Grant.objects.exists()


def test_a_scope_the_platform_did_not_register_is_refused(anon_client, owner_client):
    from tests.api.spec_client import Platform

    platform = Platform()
    platform.discover()
    platform.register(scope=READ)
    response = owner_client.get(f"{URL}?{_query(platform, scope=f'{READ} {UPSERT}')}")

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(REDIRECT_URI)
    assert parse_qs(urlsplit(location).query)["error"] == ["invalid_scope"]


def test_without_a_scope_the_platform_gets_what_it_registered(platform, owner_client):
    page = owner_client.get(f"{URL}?{_query(platform, scope=None)}").content.decode()
    assert "Change your display name." in page


def test_an_unregistered_redirect_address_is_never_followed(platform, owner_client):
    response = owner_client.get(
        f"{URL}?{_query(platform, redirect_uri='https://attacker.example/steal')}"
    )
    assert response.status_code != 302
    assert "attacker.example" not in response.get("Location", "")
    assert "The platform could not connect" in response.content.decode()


def test_an_unknown_platform_gets_a_page_not_a_redirect(platform, owner_client):
    response = owner_client.get(f"{URL}?{_query(platform, client_id='nobody')}")
    assert response.status_code != 302
    assert "The platform could not connect" in response.content.decode()
