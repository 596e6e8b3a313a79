"""A learner tags badges on their pages and finds the skills page counting them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.badges.factories import make_badge, make_badge_class
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _skill(page: Page, name: str):
    return page.locator("li.skill", has=page.locator("h2.skill-name", has_text=name))


def test_tags_put_on_badges_are_counted_on_the_skills_page(page: Page, owner):
    welding = {"name": "Welding", "url": "https://skills.example.org/welding"}
    first = make_badge(owner, make_badge_class(name="Welder I", alignments=[welding], tags=[]))
    second = make_badge(owner, make_badge_class(name="Welder II", alignments=[welding], tags=[]))
    page.goto("/accounts/login/")
    page.fill("input[name=login]", owner.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")

    page.goto("/badges/skills/")
    expect(_skill(page, "Welding")).to_contain_text("2 badges")
    expect(page.locator("h2.skill-name")).to_have_count(1)

    for badge, count in ((first, "1 badge"), (second, "2 badges")):
        page.goto(f"/badges/{badge.pk}/")
        page.fill("input[name=names]", "Night shift")
        page.click("#tags form.inline-form button[type=submit]")
        expect(page.locator("body")).to_contain_text("Night shift")
        page.goto("/badges/skills/")
        expect(_skill(page, "Night shift")).to_contain_text(count)
    assert_accessible(page)
    # Equal counts sort by name; each skill links its badges.
    expect(page.locator("h2.skill-name")).to_have_text(["Night shift", "Welding"])
    _skill(page, "Night shift").get_by_role("link", name="Welder II").click()
    expect(page.locator("h1")).to_contain_text("Welder II")

    # The tag taken off one badge: the count follows at once.
    page.goto(f"/badges/{second.pk}/")
    page.locator("#tags").get_by_role("button", name="Remove").first.click()
    page.goto("/badges/skills/")
    expect(_skill(page, "Night shift")).to_contain_text("1 badge")
    expect(_skill(page, "Welding")).to_contain_text("2 badges")
