"""A learner's whole account life in a real browser: from sign-up to deletion."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from passport.accounts.models import Consent, User
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "learner@example.org"
WORK_EMAIL = "learner@work.example"
PASSWORD = "a long and unusual passphrase"


def _link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def _confirm(page: Page, message) -> None:
    page.goto(_link_in(message))
    page.get_by_role("button", name="Confirm").click()


def test_sign_up_verify_log_in_add_address_switch_language_and_delete(page: Page, mailoutbox):
    # Sign up, with consent.
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Your name").fill("Amélie Tremblay")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("I accept the terms of use and the privacy policy.").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert Consent.objects.filter(user__email=EMAIL).count() == 1
    assert User.objects.get(email=EMAIL).public_name == "Amélie Tremblay"

    # The link in the mail verifies the address (and logs in this browser).
    assert [m.to for m in mailoutbox] == [[EMAIL]]
    _confirm(page, mailoutbox[0])
    assert EmailAddress.objects.get(email=EMAIL).verified

    # Log out from the account menu, then log in by e-mail.
    page.locator("details.account-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("header a[href='/accounts/login/']")).to_be_visible()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("details.account-menu")).to_contain_text(EMAIL)

    # A second address, verified through its own mail.
    page.goto("/accounts/email/")
    assert_accessible(page)
    page.locator("form.form-add").get_by_label("E-mail address").fill(WORK_EMAIL)
    page.get_by_role("button", name="Add address").click()
    expect(page.locator("label", has_text=WORK_EMAIL).locator(".chip-warn")).to_be_visible()
    _confirm(page, mailoutbox[-1])
    assert mailoutbox[-1].to == [WORK_EMAIL]
    page.goto("/accounts/email/")
    expect(page.locator("label", has_text=WORK_EMAIL).locator(".chip-ok")).to_be_visible()

    # French, from the header switcher; the choice is kept in the profile.
    page.locator("form.language-switcher button[value='fr']").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert User.objects.get(email=EMAIL).preferred_language == "fr"

    # Delete the account with the password (selectors, not words: the page is French now).
    page.goto("/accounts/privacy/")
    assert_accessible(page)
    page.locator("a[href='/accounts/delete/']").click()
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form[action='/accounts/delete/'] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("header a[href='/accounts/login/']")).to_be_visible()
    expect(page.locator(".messages .message-success")).to_be_visible()
    assert not User.objects.filter(email=EMAIL).exists()
    assert not EmailAddress.objects.filter(email__in=[EMAIL, WORK_EMAIL]).exists()
    assert mailoutbox[-1].to == [EMAIL]
