"""The new account pages and messages in French."""

from __future__ import annotations

import pytest
from django.test import Client

from passport.accounts import throttle
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _french(client: Client) -> Client:
    client.cookies["django_language"] = "fr"
    return client


def test_the_security_activity_page(owner_client):
    page = _french(owner_client).get("/accounts/security/").content.decode()
    assert "<h1>Activité de sécurité</h1>" in page
    assert "<td>Connexion</td>" in page
    assert "Changez votre mot de passe" in page


def test_the_two_factor_overview(owner):
    client = _french(Client())
    client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    page = client.get("/accounts/2fa/").content.decode()
    assert "<h1>Authentification à deux facteurs</h1>" in page
    assert "Application d'authentification" in page
    assert "Clés de sécurité et clés d'accès" in page


def test_the_login_page_offers_a_passkey_in_french(anon_client):
    page = _french(anon_client).get("/accounts/login/").content.decode()
    assert "Utiliser une clé d&#x27;accès" in page or "Utiliser une clé d'accès" in page


def test_the_failed_log_in_warning_is_in_the_owners_language(owner, mailoutbox):
    owner.preferred_language = "fr"
    owner.save()
    for number in range(throttle.ALERT_AFTER):
        Client(REMOTE_ADDR=f"192.0.2.{number + 1}").post(
            "/accounts/login/", {"login": owner.email, "password": "guess"}
        )
    [message] = mailoutbox
    assert message.subject == (
        "[Passport] Des mots de passe erronés ont été essayés sur votre compte"
    )
    assert f"erroné {throttle.ALERT_AFTER} fois" in message.body
    assert "Adresse IP : 192.0.2.5" in message.body


def test_the_privacy_page_mentions_the_activity(owner_client):
    page = _french(owner_client).get("/accounts/privacy/").content.decode()
    assert "votre activité de sécurité" in page
    assert "Voir l'activité de sécurité" in page or "Voir l&#x27;activité de sécurité" in page
