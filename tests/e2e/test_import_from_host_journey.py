"""A learner imports the badges they hold in another Passport: address → remote consent →
back → what was added, what was refused."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.api.conftest import subject
from tests.badges.conftest import png_bytes
from tests.badges.factories import make_badge
from tests.conftest import PASSWORD, make_learner
from tests.e2e.conftest import assert_accessible
from tests.openbadges import ob3_issuer as ob3
from tests.openbadges.fake_issuer import FakeIssuer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-results")
EMAIL = "owner@example.org"
REMOTE_EMAIL = "remote@example.org"


@pytest.fixture
def signer(monkeypatch):
    fake = FakeIssuer(base="https://issuer.example", name="Robot Academy")
    fake.fetcher.serve(f"{fake.base}/images/robotics.png", png_bytes(), content_type="image/png")
    monkeypatch.setattr("badges.fetching.get_fetcher", lambda: fake.fetcher)
    return ob3.did_key_issuer(fetcher=fake.fetcher)


def _log_in(page: Page, email: str) -> None:
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")


def test_import_from_another_passport(page: Page, live_server, owner, signer, settings):
    # The same server answers as "localhost" (this Passport) and "127.0.0.1" (the remote):
    # two origins, so the browser holds a separate session at each.
    port = urlsplit(live_server.url).port
    remote = f"http://127.0.0.1:{port}"
    settings.SITE_URL = live_server.url
    settings.BADGE_FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    remote_learner = make_learner(REMOTE_EMAIL)
    for number, name in enumerate(("Teamwork Badge", "Robotics Badge"), start=1):
        document = ob3.credential(
            signer,
            credential_id=f"urn:uuid:5b0c2e1a-7d4f-4c1e-9a3b-6e2d8f10{number:04d}",
            subject=subject(EMAIL, name.split()[0].lower()),
            name=name,
        )
        make_badge(
            remote_learner,
            spec="3.0",
            original=ob3.sign_vc_jwt(document, signer),
            name=name,
            imported_at=timezone.now(),
        )

    page.goto("/accounts/login/")
    _log_in(page, EMAIL)
    expect(page.locator("h1")).to_contain_text("Welcome")
    page.goto("/accounts/connected-apps/")
    expect(page.locator("#imports-title")).to_have_text("Backpacks and platforms you import from")
    page.get_by_role("link", name="Import from another backpack or platform").click()
    expect(page.locator("h1")).to_have_text("Import from another backpack or platform")
    assert_accessible(page)

    page.get_by_label("Address of the backpack or platform").fill(remote)
    page.get_by_role("button", name="Connect").click()

    # At the remote: sign in there, then consent.
    page.wait_for_url(f"{remote}/accounts/login/**")
    _log_in(page, REMOTE_EMAIL)
    expect(page.locator("h1")).to_have_text(
        f"Passport ({live_server.url}) asks to connect to your backpack"
    )
    assert_accessible(page)
    page.click("button[name=allow]")

    # Back home: what came in.
    page.wait_for_url(f"{live_server.url}/accounts/connected-apps/")
    results = page.locator(".import-results li")
    expect(results).to_have_count(2)
    expect(page.locator(".import-added")).to_have_count(2)
    expect(page.locator("main")).to_contain_text("Teamwork Badge: added")
    expect(page.locator(".connected-app").filter(has_text="Sync now")).to_have_count(1)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "imported-from-host.png", full_page=True)
    assert_accessible(page)
    assert owner.badges.count() == 2

    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("main")).to_contain_text("Nothing new to import.")
    page.get_by_role("button", name="Disconnect Passport").click()
    expect(page.locator(".messages")).to_contain_text("revoked and forgotten")
    expect(page.locator("main")).to_contain_text("You do not import badges from another")
