import pytest


@pytest.mark.django_db
def test_home_explains_passport_to_a_visitor(anon_client):
    response = anon_client.get("/")
    assert response.status_code == 200
    assert b"Create your free backpack" in response.content
    assert b'<html lang="en">' in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/privacy/", "/terms/"])
def test_legal_pages_exist(anon_client, url):
    assert anon_client.get(url).status_code == 200


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(anon_client):
    response = anon_client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_security_headers_are_sent(client, db):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_browser_preferring_french_gets_french(anon_client):
    response = anon_client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9,en;q=0.5")
    assert b'<html lang="fr">' in response.content
    assert "Créez votre sac à badges gratuit".encode() in response.content


@pytest.mark.parametrize(
    ("url", "french"),
    [
        ("/badges/add/", "Ajouter des badges"),
        ("/badges/", "Mes badges"),
        ("/accounts/profile/", "Profil"),
        ("/accounts/privacy/", "Télécharger"),
    ],
)
def test_key_pages_render_in_french_for_a_learner_who_chose_it(owner_client, owner, url, french):
    owner.preferred_language = "fr"
    owner.save()
    html = owner_client.get(url).content.decode()
    assert '<html lang="fr">' in html
    assert french in html


def test_refusal_messages_are_translated(owner_client, owner):
    owner.preferred_language = "fr"
    owner.save()
    response = owner_client.post(
        "/badges/add/", {"way": "paste", "text": "not a badge at all"}, follow=True
    )
    html = response.content.decode()  # the import's own page, checked in the background
    assert 'data-code="invalid"' in html
    assert "Not added" not in html and "Non ajouté" in html
    assert "pas un badge" in html  # the refusal from badges/openbadges, translated
