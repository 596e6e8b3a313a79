"""Pages in a real browser: build a portfolio page, publish it, visit it as a stranger."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import Page, expect

from badges.models import Badge
from pages.models import Page as PortfolioPage
from tests.badges.factories import make_badge, make_badge_class, make_issuer
from tests.conftest import make_learner
from tests.e2e.conftest import assert_accessible
from tests.pages.factories import PDF, with_image

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, user, live_server) -> None:
    """Reuse a session made on the server side instead of typing a password."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _add_block(page: Page, kind_label: str) -> None:
    page.locator(".kind-menu").get_by_role("link", name=kind_label, exact=True).click()
    expect(page.locator(".add-form")).to_be_visible()


def _submit_new_block(page: Page) -> None:
    page.get_by_role("button", name="Add the block").click()
    expect(page.locator(".messages")).to_contain_text("Block added.")


def test_build_publish_and_visit_a_page(page: Page, browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    owner = make_learner("maker@example.org", display_name="Noor Maker")
    issuer = make_issuer(name="Robot Academy")
    shown = make_badge(
        owner,
        with_image(make_badge_class(issuer, name="Robotics Level 1")),
        visibility=Badge.Visibility.PUBLIC,
    )
    hidden = make_badge(owner, make_badge_class(issuer, name="Soldering Basics"))
    _log_in(page, owner, live_server)

    # Create the page from the list.
    page.goto("/pages/")
    assert_accessible(page)
    page.get_by_label("New page").fill("Noor’s robotics portfolio")
    page.get_by_role("button", name="Create the page").click()
    expect(page.locator("h1")).to_have_text("Noor’s robotics portfolio")

    # A heading and a text with its server-side preview.
    _add_block(page, "Heading")
    page.get_by_label("Heading").fill("What I build")
    _submit_new_block(page)
    _add_block(page, "Text")
    page.get_by_label("Text").fill("Small robots that **follow lines**.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview-box strong")).to_have_text("follow lines")
    _submit_new_block(page)

    # Two badges, one of them still private.
    for badge in (shown, hidden):
        _add_block(page, "Badge")
        page.locator("select[name=badge]").select_option(str(badge.pk))
        _submit_new_block(page)

    # A PDF, checked by its bytes on the server.
    _add_block(page, "File")
    page.set_input_files(
        "input[name=upload]",
        {"name": "Final report.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    page.get_by_label("Description").fill("My final report.")
    _submit_new_block(page)
    expect(page.locator(".block-list")).to_contain_text("Final report.pdf")

    # A YouTube video.
    _add_block(page, "Video or audio")
    page.get_by_label("YouTube or Vimeo link").fill("https://youtu.be/dQw4w9WgXcQ")
    page.locator(".add-form input[name=title]").fill("The robot at work")
    _submit_new_block(page)
    expect(page.locator(".block-item")).to_have_count(6)

    # Reorder without JavaScript-only controls: the text goes above the heading and back.
    page.get_by_role("button", name="Move block 2 up").click()
    expect(page.locator(".block-item").first).to_contain_text("Small robots")
    page.get_by_role("button", name="Move block 1 down").click()
    expect(page.locator(".block-item").first).to_contain_text("What I build")

    # Publish: the private badge leads to the confirmation step.
    page.get_by_label("Unlisted").check()
    page.get_by_role("button", name="Save visibility").click()
    expect(page.locator("h1")).to_have_text("This page shows a private badge")
    page.get_by_role("button", name="Make it public and publish").click()
    expect(page.locator(".messages")).to_contain_text("anyone with its link can see it")
    public_url = page.locator("#page-url").input_value()
    published = PortfolioPage.objects.get(owner=owner)
    assert public_url == f"{live_server.url}/pages/p/{published.public_id}/"
    hidden.refresh_from_db()
    assert hidden.visibility == Badge.Visibility.PUBLIC

    # A stranger, in a fresh browser context, sees everything.
    stranger = browser.new_context(base_url=live_server.url, locale="en-CA")
    visit = stranger.new_page()
    visit.goto(public_url)
    expect(visit.locator("h1")).to_have_text("Noor’s robotics portfolio")
    expect(visit.locator("h2.block-heading")).to_have_text("What I build")
    expect(visit.locator(".block-text strong")).to_have_text("follow lines")
    cards = visit.locator(".badge-card h3")
    expect(cards).to_have_text(["Robotics Level 1", "Soldering Basics"])
    expect(visit.locator(".badge-card .chip-ok").first).to_contain_text("Verified")
    frame = visit.locator(".video-frame iframe")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    expect(frame).to_have_attribute("title", "The robot at work")
    download = visit.get_by_role("link", name=re.compile("Download"))
    with visit.expect_download() as pending:
        download.click()
    assert pending.value.suggested_filename == "Final report.pdf"
    stranger.close()

    # Made private again, the page and its file are gone for strangers at once.
    page.get_by_label("Private").check()
    page.get_by_role("button", name="Save visibility").click()
    expect(page.locator(".messages")).to_contain_text("only you can see it")
    again = browser.new_context(base_url=live_server.url)
    response = again.new_page().goto(public_url)
    assert response.status == 404
    again.close()


def test_blocks_are_dragged_into_a_new_order(page: Page, live_server):
    from pages.models import Block
    from tests.pages.factories import add_block, make_page

    owner = make_learner("dragger@example.org", display_name="Dana Dragger")
    portfolio = make_page(owner, "Dragged")
    for heading in ("First", "Second", "Third"):
        add_block(portfolio, Block.Kind.HEADING, text=heading, level=2)
    _log_in(page, owner, live_server)
    page.goto(f"/pages/{portfolio.pk}/")
    handles = page.locator(".drag-handle")
    expect(handles).to_have_count(3)
    expect(handles.first).to_be_visible()
    assert_accessible(page)

    # The third block's handle dropped on the top half of the first block.
    third = page.locator(".block-item").nth(2)
    first = page.locator(".block-item").nth(0)
    box = first.bounding_box()
    with page.expect_navigation():
        third.locator(".drag-handle").drag_to(
            first, target_position={"x": box["width"] / 2, "y": 4}
        )
    kinds = page.locator(".block-item .block-preview")
    expect(kinds.nth(0)).to_contain_text("Third")
    expect(kinds.nth(1)).to_contain_text("First")
    assert list(portfolio.blocks.values_list("text", flat=True)) == ["Third", "First", "Second"]
    # The arrow buttons follow the stored order: the new first block has no "up".
    expect(page.get_by_role("button", name="Move block 1 up")).to_have_count(0)
    expect(page.get_by_role("button", name="Move block 2 up")).to_have_count(1)
