import pytest
from allauth.account.models import EmailAddress
from django.conf import settings

from passport.accounts.models import Consent, User

SIGNUP = {
    "display_name": "Nadia New",
    "email": "new@example.org",
    "password1": "a long and unusual passphrase",
    "password2": "a long and unusual passphrase",
}


@pytest.mark.django_db
def test_signup_page_shows_the_consent_checkbox_with_links(anon_client):
    html = anon_client.get("/accounts/signup/").content.decode()
    assert 'type="checkbox" name="accept_terms"' in html
    assert 'for="id_accept_terms"' in html
    assert 'href="/terms/"' in html
    assert 'href="/privacy/"' in html
    assert "<title>Sign up · Passport</title>" in html


@pytest.mark.django_db
def test_signup_with_consent_creates_the_learner_and_records_the_consent(anon_client, mailoutbox):
    response = anon_client.post("/accounts/signup/", {**SIGNUP, "accept_terms": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new@example.org")
    consent = Consent.objects.get(user=user)
    assert consent.policy_version == settings.PRIVACY_POLICY_VERSION
    assert consent.accepted_at is not None
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == ("new@example.org", True, False)
    assert user.preferred_language == "en"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new@example.org"]


@pytest.mark.django_db
def test_signup_without_consent_is_refused_with_a_visible_error(anon_client, mailoutbox):
    response = anon_client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You must accept the terms and privacy policy to sign up." in html
    # The error is tied to the checkbox for screen readers.
    assert 'id="id_accept_terms_error"' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="new@example.org").exists()
    assert not Consent.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_sign_up_asks_for_the_name_others_will_see(anon_client):
    response = anon_client.post(
        "/accounts/signup/",
        {
            **SIGNUP,
            "display_name": "  Nadia   New ",
            "headline": "Welding student",
            "accept_terms": "on",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert (user.public_name, user.bio) == ("Nadia New", "Welding student")


@pytest.mark.django_db
def test_sign_up_without_a_name_is_refused_and_creates_nobody(anon_client):
    response = anon_client.post(
        "/accounts/signup/", {**SIGNUP, "display_name": "   ", "accept_terms": "on"}
    )

    assert response.status_code == 200
    assert 'id="id_display_name_error"' in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.django_db
def test_a_new_learner_is_shown_the_three_ways_in(client):
    from tests.conftest import make_learner

    client.force_login(make_learner("fresh@example.org", display_name="Fresh"))

    home = client.get("/").content.decode()

    assert "Three ways to bring in your first badge" in home
    assert 'href="/badges/add/#way-upload"' in home and 'href="/accounts/connected-apps/"' in home
    assert 'action="/badges/add/sample/"' in home  # and a sample badge to try it with
