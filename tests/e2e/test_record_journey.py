"""A learner pastes a CLR learner record, opens it, and follows it to one of its badges."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, make_learner
from tests.openbadges import ob3_issuer as oi

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EMAIL = "learner@example.org"  # the address the test issuer's records name


def test_paste_a_record_then_open_it_and_its_badge(page: Page, live_server, media_root):
    make_learner(EMAIL)
    issuer = oi.did_key_issuer("ed25519")  # its key is in its DID: nothing to fetch
    record = json.dumps(oi.signed_clr(issuer))
    page.goto("/accounts/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Welcome")

    page.goto("/badges/add/")
    page.fill("textarea[name=text]", record)
    page.click("text=Check and add")
    results = page.locator(".import-results")
    expect(results).to_contain_text("Learner record with 3 achievements")

    results.locator("a", has_text="Transcript of Ada Learner").click()
    expect(page.locator("h1")).to_have_text("Transcript of Ada Learner")
    expect(page.locator(".record-achievements")).to_contain_text("part of: Bachelor of Science")
    expect(page.locator(".record-achievements")).to_contain_text("precedes: Course 2")

    page.locator(".record-achievements a", has_text="Course 1").click()
    expect(page.locator("h1")).to_have_text("Course 1")
    page.locator("a", has_text="Transcript of Ada Learner").click()
    expect(page.locator("h1")).to_have_text("Transcript of Ada Learner")

    page.goto("/badges/")
    expect(page.locator(".record-card")).to_have_count(1)
    expect(page.locator(".record-card")).to_contain_text("3 achievements")
