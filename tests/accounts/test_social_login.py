"""Social log-in appears only when the operator configured a provider."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.test import RequestFactory

from passport.accounts.adapter import SocialAccountAdapter
from passport.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]

RENDER_LOGIN_PAGE = """
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
call_command("migrate", verbosity=0)
setup_test_environment()
for url in ("/accounts/login/", "/accounts/signup/"):
    html = Client().get(url).content.decode()
    print(url, "google" if "/accounts/google/login/" in html else "-",
          "linkedin" if "/accounts/oidc/linkedin/login/" in html else "-")
"""


def _pages_with(**env: str) -> str:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GOOGLE_", "LINKEDIN_", "DATABASE_URL"))
    }
    clean.update(env, DATABASE_URL="sqlite://:memory:")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", RENDER_LOGIN_PAGE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.django_db
def test_no_social_buttons_without_provider_keys(anon_client):
    for url in ("/accounts/login/", "/accounts/signup/"):
        html = anon_client.get(url).content.decode()
        assert "social-login" not in html
        assert "provider-list" not in html


def test_configured_providers_show_their_buttons():
    output = _pages_with(
        GOOGLE_CLIENT_ID="id.apps.example", GOOGLE_CLIENT_SECRET="s", LINKEDIN_CLIENT_ID="li"
    )
    assert "/accounts/login/ google linkedin" in output
    assert "/accounts/signup/ google linkedin" in output


def test_only_the_configured_provider_shows():
    output = _pages_with(GOOGLE_CLIENT_ID="id.apps.example", GOOGLE_CLIENT_SECRET="s")
    assert "/accounts/login/ google -" in output


@pytest.mark.django_db
def test_a_social_signup_always_asks_for_consent():
    user = User(email="social@example.org")
    sociallogin = SocialLogin(
        user=user,
        account=SocialAccount(provider="google", uid="1"),
        email_addresses=[EmailAddress(email="social@example.org", verified=True, primary=True)],
    )
    request = RequestFactory().get("/")
    assert SocialAccountAdapter().is_auto_signup_allowed(request, sociallogin) is False


def test_the_social_signup_form_carries_the_consent_checkbox():
    from allauth.socialaccount.forms import SignupForm

    assert "accept_terms" in SignupForm.base_fields or "accept_terms" in (
        SignupForm.declared_fields
    )
