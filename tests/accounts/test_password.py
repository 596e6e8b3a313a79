import re

import pytest

from passport.accounts.models import User
from tests.conftest import PASSWORD

NEW = "a different long passphrase"


@pytest.mark.django_db
def test_password_change(owner_client, owner):
    response = owner_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW)
    # Still logged in after changing it.
    assert owner_client.get("/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_password_change_needs_the_current_password(owner_client, owner):
    response = owner_client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": NEW, "password2": NEW},
    )
    assert response.status_code == 200
    assert 'id="id_oldpassword_error"' in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_reset_mail_and_link(client, owner, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "owner@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["owner@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    assert link, mailoutbox[0].body

    # allauth moves the key into the session, then shows the form.
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    client.post(action, {"password1": NEW, "password2": NEW})
    assert User.objects.get(pk=owner.pk).check_password(NEW)


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_sends_no_reset_link(client, mailoutbox):
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert all("/password/reset/key/" not in m.body for m in mailoutbox)
