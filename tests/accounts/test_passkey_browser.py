"""A passkey added and used in a real browser, with Chromium's virtual authenticator."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from passport.accounts.models import SecurityEvent
from tests.conftest import PASSWORD
from tests.e2e.conftest import browser, page  # noqa: F401 - the browser fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def authenticator(page: Page):  # noqa: F811
    """A platform authenticator that holds passkeys and always says yes."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return cdp


def test_add_a_passkey_then_log_in_with_it_alone(page: Page, authenticator, owner, settings):  # noqa: F811
    # The live server speaks plain http on localhost, which fido2 must be told to accept.
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.locator("details.account-menu")).to_contain_text(owner.email)

    page.goto("/accounts/2fa/")
    page.get_by_role("link", name="Add a security key or passkey").click()
    page.get_by_label("Password").fill(PASSWORD)  # allauth asks again before a change
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill("Laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    expect(page.locator("main")).not_to_contain_text("Add Security Key", timeout=10_000)
    key = Authenticator.objects.get(user=owner, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Laptop"
    added = SecurityEvent.objects.get(user=owner, kind=SecurityEvent.Kind.SECURITY_KEY_ADDED)
    assert added.detail == "Laptop"

    page.locator("details.account-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.locator("details.account-menu")).to_contain_text(owner.email)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    # allauth's WebAuthn scripts run under our policy: nothing was blocked.
    assert not [line for line in console if "Content Security Policy" in line]
