"""Sharing in a real browser: publish a badge from its page, read the links, visit as a stranger."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import Page, expect

from badges.models import Badge
from sharing.models import views_of
from tests.conftest import make_learner
from tests.e2e.conftest import assert_accessible
from tests.sharing.factories import make_badge, make_badge_class, make_issuer, png_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BADGE_NAME = 'Café "Barista" & Co'
ISSUER_NAME = "L'École du Numérique"


def _log_in(page: Page, user, live_server) -> None:
    """Reuse a session made on the server side instead of typing a password."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _query(href: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(href).query))


def test_publish_share_and_view_as_a_stranger(page: Page, browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    owner = make_learner("sharer@example.org", display_name="Élodie Sharer")
    issuer = make_issuer(name=ISSUER_NAME, url="https://ecole.example.org/")
    badge = make_badge(owner, make_badge_class(issuer, name=BADGE_NAME, image=png_bytes()))
    _log_in(page, owner, live_server)

    # The badge is private: the share panel asks to publish first, and nothing is public yet.
    page.goto(f"/badges/{badge.pk}/")
    assert_accessible(page)
    panel = page.locator("#share")
    expect(panel).to_contain_text("This badge is private.")
    assert panel.locator(".share-link").count() == 0
    panel.get_by_role("button", name="Make public and share").click()
    expect(page).to_have_url(re.compile(rf"/badges/{badge.pk}/#share$"))
    badge.refresh_from_db()
    assert badge.visibility == Badge.Visibility.PUBLIC

    # Every share link, read without leaving the site.
    public_url = f"{live_server.url}/b/{badge.public_id}/"
    expect(panel.locator("#share-url")).to_have_value(public_url)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    panel.get_by_role("button", name="Copy").first.click()
    expect(panel.locator(".copy-status").first).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == public_url
    hrefs = {
        kind: panel.locator(f"a.share-link-{kind}").get_attribute("href")
        for kind in ("linkedin-add", "linkedin", "x", "facebook", "email")
    }
    add = _query(hrefs["linkedin-add"])
    assert hrefs["linkedin-add"].startswith("https://www.linkedin.com/profile/add?")
    assert add["startTask"] == "CERTIFICATION_NAME"
    assert (add["name"], add["organizationName"]) == (BADGE_NAME, ISSUER_NAME)
    assert (add["certUrl"], add["certId"]) == (public_url, badge.public_id)
    assert "expirationYear" not in add
    assert hrefs["linkedin"] == (
        "https://www.linkedin.com/sharing/share-offsite/?url="
        + public_url.replace(":", "%3A").replace("/", "%2F")
    )
    assert _query(hrefs["x"]) == {
        "text": f"I earned “{BADGE_NAME}” from {ISSUER_NAME}.",
        "url": public_url,
    }
    assert _query(hrefs["facebook"]) == {"u": public_url}
    assert hrefs["email"].startswith("mailto:?subject=") and "+" not in hrefs["email"]
    for kind in ("linkedin-add", "linkedin", "x", "facebook"):
        assert panel.locator(f"a.share-link-{kind}").get_attribute("rel") == "noopener"

    # A stranger, logged out in a fresh browser, sees the badge and never the address.
    stranger = browser.new_context(base_url=live_server.url, locale="en-CA")
    try:
        visit = stranger.new_page()
        visit.goto(f"/b/{badge.public_id}/")
        expect(visit.get_by_role("heading", level=1)).to_have_text(BADGE_NAME)
        expect(visit.locator(".public-badge .facts")).to_contain_text(ISSUER_NAME)
        expect(visit.locator(".public-badge .facts")).to_contain_text("Élodie Sharer")
        expect(visit.locator(".trust-status")).to_have_text("Verified")
        expect(visit.locator(".trust-when")).to_contain_text("Last checked")
        expect(visit.locator("header")).to_contain_text("Log in")
        assert "sharer@example.org" not in visit.content()
        image = visit.locator(".badge-detail-image img")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    finally:
        stranger.close()
    assert views_of(badge=badge) == 1
