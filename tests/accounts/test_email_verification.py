import pytest
from allauth.account.models import EmailAddress

from passport.accounts.models import User
from tests.accounts.conftest import confirmation_path
from tests.conftest import PASSWORD, make_learner

PASSPHRASE = "a long and unusual passphrase"


@pytest.mark.django_db
def test_the_link_in_the_verification_mail_verifies_the_address(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "display_name": "Nadia New",
            "email": "new@example.org",
            "password1": PASSPHRASE,
            "password2": PASSPHRASE,
            "accept_terms": "on",
        },
    )
    assert mailoutbox[0].subject.startswith("[Passport] ")
    path = confirmation_path(mailoutbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert b"Confirm" in page.content
    # Opening the link alone changes nothing (mail scanners follow links).
    assert not EmailAddress.objects.get(email="new@example.org").verified

    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.org").verified
    # Confirming in the browser that signed up logs the learner in.
    assert client.get("/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_link_verifies_nothing(client):
    make_learner("new@example.org", verified=False)
    response = client.get("/accounts/confirm-email/not-a-real-key/")
    assert b"too old or was already used" in response.content
    assert not EmailAddress.objects.get(email="new@example.org").verified


@pytest.mark.django_db
def test_an_unverified_learner_cannot_log_in_and_gets_a_new_link(client, mailoutbox):
    make_learner("late@example.org", verified=False)
    response = client.post("/accounts/login/", {"login": "late@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/profile/").status_code == 302
    assert [m.to for m in mailoutbox] == [["late@example.org"]]
    assert User.objects.get(email="late@example.org").last_login is None


@pytest.mark.django_db
def test_the_mails_speak_for_passport_not_for_the_host(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "display_name": "Nadia New",
            "email": "new@example.org",
            "password1": PASSPHRASE,
            "password2": PASSPHRASE,
            "accept_terms": "on",
        },
    )

    body = mailoutbox[0].body
    assert "Hello from" not in body and "testserver" not in body.split("http")[0]
    assert "Passport, your Open Badges backpack" in body
    assert confirmation_path(mailoutbox[0])
