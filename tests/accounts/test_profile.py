import pytest
from django.conf import settings


def _profile(**fields) -> dict:
    return {
        "display_name": "Olive O.",
        "bio": "Welder.\r\nLearner.",
        "preferred_language": "",
        **fields,
    }


@pytest.mark.django_db
def test_profile_page_needs_login(anon_client):
    response = anon_client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_profile_page_shows_labelled_fields(owner_client):
    html = owner_client.get("/accounts/profile/").content.decode()
    for field in ("display_name", "bio", "avatar", "preferred_language", "profile_is_public"):
        assert f'<label for="id_{field}">' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'aria-describedby="id_bio_helptext"' in html


@pytest.mark.django_db
def test_edit_profile(owner_client, owner):
    response = owner_client.post("/accounts/profile/", _profile(profile_is_public="on"))
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.display_name == "Olive O."
    assert owner.bio == "Welder.\nLearner."
    assert owner.profile_is_public is True
    assert owner_client.get("/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_profile_is_private_by_default(owner):
    assert owner.profile_is_public is False


@pytest.mark.django_db
def test_bio_over_600_characters_is_refused(owner_client, owner):
    response = owner_client.post("/accounts/profile/", _profile(bio="x" * 601))
    assert response.status_code == 200
    assert 'id="id_bio_error"' in response.content.decode()
    owner.refresh_from_db()
    assert owner.bio == ""


@pytest.mark.django_db
def test_bio_is_shown_as_text_not_html(owner_client, owner):
    owner.bio = "<script>alert(1)</script>"
    owner.save()
    html = owner_client.get("/accounts/profile/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_choosing_a_language_saves_it_and_switches_to_it(owner_client, owner):
    response = owner_client.post("/accounts/profile/", _profile(preferred_language="fr"))
    owner.refresh_from_db()
    assert owner.preferred_language == "fr"
    # The switcher's cookie would outrank the profile, so it follows the choice.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert b'<html lang="fr">' in owner_client.get("/accounts/profile/").content


@pytest.mark.django_db
def test_choosing_the_browser_language_forgets_the_cookie(owner_client, owner):
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = owner_client.post("/accounts/profile/", _profile(preferred_language=""))
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""
    owner.refresh_from_db()
    assert owner.preferred_language == ""


@pytest.mark.django_db
def test_an_unknown_language_is_refused(owner_client, owner):
    response = owner_client.post("/accounts/profile/", _profile(preferred_language="xx"))
    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.preferred_language == ""
