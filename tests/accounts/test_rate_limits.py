import pytest

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_repeated_failed_logins_from_one_network_lock_it_out_for_a_while(client, owner):
    # 5 failures per account from one network in 5 minutes (test_login_throttle.py shows
    # that other networks, the owner's among them, are not locked out).
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": owner.email, "password": "guess"})
        assert b"not correct" in response.content

    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_few_failures_do_not_lock_the_address(client, owner):
    for _ in range(4):
        client.post("/accounts/login/", {"login": owner.email, "password": "guess"})
    client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert int(client.session["_auth_user_id"]) == owner.pk


@pytest.mark.django_db
def test_account_deletion_attempts_are_limited(owner_client, owner):
    # Guessing the password from a borrowed session: allauth's re-authentication limit.
    for _ in range(10):
        owner_client.post("/accounts/delete/", {"password": "guess"})
    response = owner_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    owner.refresh_from_db()
    assert owner.pk is not None
