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
