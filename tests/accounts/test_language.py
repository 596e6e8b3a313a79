import pytest
from django.conf import settings


@pytest.mark.django_db
def test_a_visitor_can_switch_to_french(anon_client):
    response = anon_client.post("/language/", {"language": "fr", "next": "/terms/"})
    assert response.status_code == 302
    assert response["Location"] == "/terms/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert b'<html lang="fr">' in anon_client.get("/").content


@pytest.mark.django_db
def test_a_learner_switching_keeps_the_choice_in_the_profile(owner_client, owner):
    owner_client.post("/language/", {"language": "fr", "next": "/"})
    owner.refresh_from_db()
    assert owner.preferred_language == "fr"
    assert b'<html lang="fr">' in owner_client.get("/accounts/profile/").content
    owner_client.post("/language/", {"language": "en", "next": "/"})
    owner.refresh_from_db()
    assert owner.preferred_language == "en"


@pytest.mark.django_db
def test_the_profile_language_follows_the_learner_to_a_new_browser(client, owner):
    owner.preferred_language = "fr"
    owner.save()
    client.force_login(owner)
    assert b'<html lang="fr">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content


@pytest.mark.django_db
def test_the_switcher_is_on_account_pages_too(anon_client, owner_client):
    html = anon_client.get("/accounts/login/?next=/badges/").content.decode()
    assert 'href="/language/fr/?next=/accounts/login/%3Fnext%3D/badges/"' in html
    assert "csrfmiddlewaretoken" in html  # the log-in form's, not the switcher's
    assert 'action="/language/"' not in html
    signed_in = owner_client.get("/accounts/profile/").content.decode()
    assert 'action="/language/"' in signed_in and 'name="language" value="fr"' in signed_in


@pytest.mark.django_db
def test_a_visitor_switches_with_a_link_and_returns_to_the_page(anon_client):
    response = anon_client.get("/language/fr/", {"next": "/terms/"})
    assert response.status_code == 302 and response["Location"] == "/terms/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert "no-cache" in response["Cache-Control"]
    assert b'<html lang="fr">' in anon_client.get("/terms/").content


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", ""])
def test_the_link_never_leads_off_the_site(anon_client, target):
    response = anon_client.get("/language/fr/", {"next": target})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_link_knows_only_our_languages(anon_client):
    response = anon_client.get("/language/xx/", {"next": "/"})
    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_the_link_never_changes_an_account(owner_client, owner):
    owner_client.get("/language/fr/", {"next": "/"})
    owner.refresh_from_db()
    assert owner.preferred_language == ""
    assert owner_client.post("/language/fr/").status_code == 405


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(owner_client, owner):
    owner_client.post("/language/", {"language": "xx", "next": "/"})
    owner.refresh_from_db()
    assert owner.preferred_language == ""
