import pytest
from allauth.account.models import EmailAddress

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_login_page_uses_the_site_layout(anon_client):
    html = anon_client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in html
    assert '<label for="id_login">' in html
    assert '<label for="id_password">' in html
    assert 'href="/accounts/password/reset/"' in html


@pytest.mark.django_db
def test_login_by_email_then_logout_by_post(client, owner):
    response = client.post("/accounts/login/", {"login": "Owner@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == owner.pk

    # A GET only asks for confirmation: a link elsewhere cannot log the learner out.
    assert client.get("/accounts/logout/").status_code == 200
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_with_a_second_verified_address(client, owner):
    EmailAddress.objects.create(user=owner, email="work@example.org", verified=True)
    client.post("/accounts/login/", {"login": "work@example.org", "password": PASSWORD})
    assert int(client.session["_auth_user_id"]) == owner.pk


@pytest.mark.django_db
def test_wrong_password_is_refused(client, owner):
    response = client.post("/accounts/login/", {"login": owner.email, "password": "nope"})
    assert response.status_code == 200
    assert b"not correct" in response.content
    assert "_auth_user_id" not in client.session
