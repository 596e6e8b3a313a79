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
def test_the_switcher_is_on_account_pages_too(anon_client):
    html = anon_client.get("/accounts/login/").content.decode()
    assert 'action="/language/"' in html
    assert 'name="language" value="fr"' in html


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(owner_client, owner):
    owner_client.post("/language/", {"language": "xx", "next": "/"})
    owner.refresh_from_db()
    assert owner.preferred_language == ""
