"""'Verify again' with a worker: the page says the badge is being checked, then shows the
result by itself once the check is done (the status script), or by the reload link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from badges import checking
from badges.models import Badge, VerificationCheck
from tests.badges.factories import make_badge
from tests.conftest import PASSWORD, make_learner
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "checker@example.org"


def _log_in(page: Page) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Welcome")


def test_a_queued_check_shows_its_result_when_the_worker_is_done(page: Page, monkeypatch):
    owner = make_learner(EMAIL)
    badge = make_badge(owner)
    sent: list[tuple] = []
    monkeypatch.setattr(checking.check_badge, "delay", lambda *args: sent.append(args))

    def revoked(badge):
        Badge.objects.filter(pk=badge.pk).update(status="revoked", status_reason="Withdrawn")
        return VerificationCheck.objects.create(badge=badge, status="revoked", method="hosted")

    monkeypatch.setattr("badges.checking.reverify_badge", revoked)
    _log_in(page)
    page.goto(f"/badges/{badge.pk}/")
    page.click("text=Verify again")

    expect(page.locator(".check-pending")).to_contain_text("Being checked again")
    assert_accessible(page)
    [args] = sent
    checking.run_requested_check(*args)  # what the worker does

    # The script notices and reloads the page by itself.
    expect(page.locator(".check-pending")).to_have_count(0, timeout=20_000)
    expect(page.locator("body")).to_contain_text("Revoked")
