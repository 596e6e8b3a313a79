"""The backpack's main screens on a desktop (1280×800) and a phone (390×844).

Screenshots of each screen are kept under test-results/ (CI keeps them as artefacts).
On the phone the header is one row, its menu folds behind a "Menu" button, and the
gallery shows badges on the first screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import Page, expect

from badges.models import Badge
from tests.badges.factories import make_badge, make_badges
from tests.conftest import make_learner
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-results")
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def _log_in(page: Page, user, live_server) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _shot(page: Page, size: str, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-{size}.png")


@pytest.mark.parametrize("size", sorted(SIZES))
def test_main_screens_fit_the_screen(page: Page, live_server, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    learner = make_learner("screens@example.org", display_name="Sam Screens")
    badges = make_badges(learner, 12, visibility=Badge.Visibility.PUBLIC)
    _log_in(page, learner, live_server)

    page.goto("/badges/")
    assert_accessible(page)
    header = page.locator(".site-header").bounding_box()
    first_card = page.locator(".badge-card").first.bounding_box()
    assert first_card["y"] + 80 < height, "no badge on the first screen"
    bar = page.locator(".bulk-bar")
    position = "getComputedStyle(document.querySelector('.bulk-bar')).position"
    assert page.evaluate(position) == "static"  # nothing selected: it waits below the list
    expect(page.locator("#bulk-action")).to_be_hidden()  # one line until a badge is ticked
    assert bar.bounding_box()["y"] > page.locator(".badge-card").last.bounding_box()["y"]
    toggle = page.get_by_role("button", name="Menu")
    if size == "phone":
        _shot(page, size, "header")
        assert header["height"] < 70, f"the header takes {header['height']} px"
        expect(page.get_by_role("link", name="Pages")).to_be_hidden()
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        _shot(page, size, "menu-open")
        assert_accessible(page)
        page.keyboard.press("Escape")
        expect(page.get_by_role("link", name="Pages")).to_be_hidden()
        expect(toggle).to_be_focused()
        toggle.click()
        page.get_by_role("link", name="Pages").click()
        expect(page).to_have_url(f"{live_server.url}/pages/")
        page.go_back()
    else:
        expect(toggle).to_be_hidden()
        expect(page.get_by_role("link", name="Pages")).to_be_visible()
    _shot(page, size, "gallery")

    # Selecting a badge pins the bulk bar to the bottom of the screen.
    page.locator(".badge-card-select input").first.check()
    expect(bar).to_be_in_viewport()
    assert page.evaluate(position) == "sticky"
    expect(page.locator("#bulk-action")).to_be_visible()
    _shot(page, size, "gallery-selected")
    # Going through the cards with the keyboard, the focus never hides under the bar.
    hidden_focus = """() => {
        const focused = document.activeElement.getBoundingClientRect();
        const bar = document.querySelector('.bulk-bar').getBoundingClientRect();
        const inCards = document.activeElement.closest('.badge-grid') !== null;
        return inCards && focused.bottom > bar.top + 1 ? document.activeElement.outerHTML : '';
    }"""
    page.locator(".badge-card-select input").first.focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate(hidden_focus) == "", "the focus is under the bulk bar"

    long_key = "did:key:z6Mk" + "a" * 44 + "#z6Mk" + "b" * 44  # no space to break at
    signed = make_badge(
        learner,
        verification={"method": "data-integrity", "key_id": long_key, "algorithm": "EdDSA"},
        visibility=Badge.Visibility.PUBLIC,
    )
    for path, name in (
        (f"/badges/{badges[0].pk}/", "badge-detail"),
        (f"/badges/{signed.pk}/", "badge-detail-signed"),
        (f"/b/{signed.public_id}/", "public-badge-signed"),
        ("/sharing/", "sharing"),
        ("/badges/add/", "add-badges"),
        ("/badges/skills/", "skills"),
        (f"/b/{badges[0].public_id}/", "public-badge"),
    ):
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} is {scroll_width} px wide at {width} px"
        # Nor does a table hide its last column in a box scrolled sideways.
        beyond = (
            "[...document.querySelectorAll('td, th')]"
            ".filter(e => e.getBoundingClientRect().right > innerWidth + 1).length"
        )
        assert page.evaluate(beyond) == 0, f"{path}: a table cell ends off the screen"
        assert_accessible(page)
        _shot(page, size, name)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_visitors_header_is_one_row_on_a_phone(browser, live_server, language):
    context = browser.new_context(  # a phone as the browser emulates one: touch, 3× pixels
        base_url=live_server.url,
        locale="fr-CA" if language == "fr" else "en-CA",
        viewport={"width": 360, "height": 740},  # narrower than most phones
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        extra_http_headers={"Accept-Language": language},
    )
    page = context.new_page()
    learner = make_learner("visitor@example.org", display_name="Vi Sitor")
    badge = make_badges(learner, 1, visibility=Badge.Visibility.PUBLIC)[0]

    for path in ("/", "/accounts/login/", f"/b/{badge.public_id}/"):
        page.goto(path)
        brand = page.locator(".brand").bounding_box()
        tools = page.locator(".header-tools").bounding_box()
        header = page.locator(".site-header").bounding_box()
        assert abs(brand["y"] - tools["y"]) < 20, f"{path}: the tools sit on a second row"
        assert header["height"] < 60, f"{path}: the header takes {header['height']} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page)
    _shot(page, f"phone-{language}", "visitor-header")
    context.close()
