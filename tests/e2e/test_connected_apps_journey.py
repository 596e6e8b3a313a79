"""A learner connects a platform on the consent page, sees what it delivered, disconnects it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.api.conftest import subject
from tests.api.spec_client import ALL_SCOPES, Platform, pkce_pair
from tests.badges.conftest import png_bytes
from tests.conftest import PASSWORD
from tests.openbadges import ob3_issuer as ob3
from tests.openbadges.fake_issuer import FakeIssuer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-results")
EMAIL = "owner@example.org"


@pytest.fixture
def signer(monkeypatch):
    fake = FakeIssuer(base="https://issuer.example", name="Robot Academy")
    fake.fetcher.serve(f"{fake.base}/images/robotics.png", png_bytes(), content_type="image/png")
    monkeypatch.setattr("badges.fetching.get_fetcher", lambda: fake.fetcher)
    return ob3.did_key_issuer(fetcher=fake.fetcher)


def _log_in(page: Page) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Welcome")


def test_consent_delivery_and_disconnect(
    page: Page, live_server, owner, signer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    callback = f"{live_server.url}/platform-callback"
    platform = Platform()
    platform.discover()
    assert platform.register(redirect_uris=[callback]).status_code == 201
    verifier, challenge = pkce_pair()
    query = platform.authorization_query(ALL_SCOPES, challenge, redirect_uri=callback)

    _log_in(page)
    page.goto(f"/oauth/authorize/?{urlencode(query)}")
    expect(page.locator("h1")).to_have_text(
        "Example Learning Platform asks to connect to your backpack"
    )
    scopes = page.locator(".consent-scopes li")
    expect(scopes).to_have_count(5)
    expect(scopes.first).to_contain_text("See your Open Badges 3.0 badges")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "consent.png", full_page=True)

    # The same page in French, through the language switcher.
    page.click("button[lang=fr]")
    expect(page.locator("h1")).to_have_text(
        "Example Learning Platform demande à se connecter à votre sac à badges"
    )
    page.click("button[lang=en]")

    page.click("button[name=allow]")
    page.wait_for_url(f"{callback}?*")
    params = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
    tokens = platform.token_request(
        {
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": callback,
            "code_verifier": verifier,
        }
    ).json()
    credential = ob3.sign_vc_jwt(
        ob3.credential(signer, subject=subject(EMAIL), name="Teamwork Badge"), signer
    )
    assert platform.upsert(tokens["access_token"], credential).status_code == 201

    # Next visit: the gallery says what was delivered, once.
    page.goto("/badges/")
    notice = page.locator(".delivery-notice")
    expect(notice).to_contain_text("A badge was delivered to your backpack")
    expect(notice).to_contain_text("delivered by Example Learning Platform")
    page.screenshot(path=SHOTS / "delivery-notice.png")
    notice.get_by_role("link", name="Teamwork Badge").click()
    expect(page.locator(".delivered-by")).to_contain_text("Delivered by Example Learning Platform")

    page.goto("/accounts/connected-apps/")
    app = page.locator(".connected-app")
    expect(app).to_have_count(1)
    expect(app).to_contain_text("Example Learning Platform")
    expect(app).to_contain_text("Add badges to your backpack.")
    expect(app).to_contain_text("last used on")
    page.screenshot(path=SHOTS / "connected-apps.png", full_page=True)
    app.get_by_role("button", name="Disconnect Example Learning Platform").click()

    expect(page.locator(".messages")).to_contain_text("is disconnected")
    expect(page.locator(".connected-app")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("delivered by Example Learning Platform")
    listed = platform.get("/ims/ob/v3p0/credentials", tokens["access_token"])
    assert listed.status_code == 401
