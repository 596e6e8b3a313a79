"""The account screens speak Passport's words, not allauth's defaults."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# allauth's own wording that must not leak: Title Case, "contact us" with no contact, "Email".
LEAKS = re.compile(
    r"Remember Me|Password Reset|Reset My Password|Change Password|Current Password|"
    r"New Password|Set Password|Sign Out|Confirm Email|Verify Your Email|Bad Token|"
    r"Account Inactive|contact us|>\s*Email\s*<"
)
ANONYMOUS = ["account_login", "account_signup", "account_reset_password"]
ANONYMOUS += ["account_reset_password_done", "account_email_verification_sent"]
SIGNED_IN = ["account_change_password", "account_logout", "account_email"]


def _visible(response) -> str:
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


@pytest.mark.parametrize("name", ANONYMOUS)
def test_signed_out_screens(client, name):
    main = _visible(client.get(reverse(name)))
    assert not LEAKS.findall(main)
    assert re.search(r"<h1>[A-Z][a-z]", main)  # a heading of its own, in sentence case


@pytest.mark.parametrize("name", SIGNED_IN)
def test_signed_in_screens(owner_client, name):
    main = _visible(owner_client.get(reverse(name)))
    assert not LEAKS.findall(main)


def test_a_bad_reset_link_says_so_and_offers_a_new_one(client):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"})
    main = _visible(client.get(url, follow=True))
    assert "This link no longer works" in main
    assert reverse("account_reset_password") in main


def test_help_pages_name_the_operators_address_only_when_there_is_one(client, settings):
    main = _visible(client.get(reverse("account_reset_password")))
    assert "mailto:" not in main
    settings.CONTACT_EMAIL = "help@passport.example"
    main = _visible(client.get(reverse("account_reset_password")))
    assert 'href="mailto:help@passport.example"' in main


def test_labels_are_passports(client):
    main = _visible(client.get(reverse("account_login")))
    assert "Keep me logged in on this device" in main
    assert ">E-mail address<" in main
    assert 'placeholder="E-mail address"' not in main  # the label is not repeated inside


SUBJECTS = [
    "account_already_exists",
    "email_changed",
    "email_confirm",
    "email_confirmation",
    "email_confirmation_signup",
    "email_deleted",
    "password_changed",
    "password_reset_key",
    "password_reset",
    "password_set",
    "unknown_account",
]


@pytest.mark.parametrize("name", SUBJECTS)
def test_account_e_mail_subjects_are_sentences(name):
    from django.template.loader import render_to_string
    from django.utils import translation

    subject = render_to_string(f"account/email/{name}_subject.txt").strip()
    words = subject.split()
    assert len(words) >= 3, subject
    assert not any(w[:1].isupper() for w in words[1:] if w != "Passport"), subject
    assert "Email" not in subject
    with translation.override("fr"):
        french = render_to_string(f"account/email/{name}_subject.txt").strip()
    assert french != subject  # translated


MESSAGE_BODIES = [
    ("account_already_exists", {"email": "a@example.org", "password_reset_url": "https://x/r"}),
    ("email_changed", {"from_email": "a@example.org", "to_email": "b@example.org"}),
    ("email_confirm", {}),
    ("email_deleted", {"deleted_email": "a@example.org"}),
    ("password_changed", {}),
    ("password_set", {}),
    ("unknown_account", {"email": "a@example.org", "signup_url": "https://x/s"}),
]
ALLAUTH_WORDS = re.compile(r"\b[Ee]-?mails?\b|\(e\)|déconnecté")


@pytest.mark.parametrize(("name", "context"), MESSAGE_BODIES)
def test_account_e_mails_are_passports_own_words_in_french(name, context):
    from django.template.loader import render_to_string
    from django.utils import translation

    context = {"ip": "192.0.2.1", "user_agent": "Firefox", "timestamp": "2026-12-02", **context}
    english = render_to_string(f"account/email/{name}_message.txt", context)
    with translation.override("fr"):
        french = render_to_string(f"account/email/{name}_message.txt", context)

    assert "Passport" in english and "Passport" in french
    assert french != english
    assert not ALLAUTH_WORDS.findall(french), french
    for value in context.values():
        if "@" in value:
            assert value in french  # what changed is named


@pytest.mark.parametrize(
    "name",
    [
        "logged_out",
        "email_confirmation_sent",
        "unverified_primary_email",
        "primary_email_set",
        "email_confirmed",
        "email_deleted",
        "password_changed",
        "password_set",
        "email_confirmation_failed",
    ],
)
def test_account_messages_say_courriel_in_french(name):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("fr"):
        french = render_to_string(f"account/messages/{name}.txt", {"email": "a@example.org"})
    assert french.strip() and not ALLAUTH_WORDS.findall(french), french


def test_a_wrong_password_is_told_in_passports_french(client, owner):
    response = client.post(
        reverse("account_login"),
        {"login": owner.email, "password": "not-the-password"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    text = re.sub(r"<[^>]+>", " ", _visible(response))  # what is read, not the markup
    assert "L&#x27;adresse courriel ou le mot de passe est incorrect." in text
    assert not ALLAUTH_WORDS.findall(text)


def test_logging_out_is_told_in_french_without_allauths_words(owner_client):
    response = owner_client.post(reverse("account_logout"), follow=True, HTTP_ACCEPT_LANGUAGE="fr")

    body = response.content.decode()
    assert "Vous avez fermé votre session." in body
    assert "déconnecté(e)" not in body


def test_the_forgotten_password_link_is_passports_own(client):
    english = _visible(client.get(reverse("account_login")))
    french = _visible(client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr"))

    reset = reverse("account_reset_password")
    assert f'<a href="{reset}">Forgot your password?</a>' in english
    assert f'<a href="{reset}">Mot de passe oublié?</a>' in french  # as Passport's "?" go
