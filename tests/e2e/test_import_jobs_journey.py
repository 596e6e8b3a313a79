"""Dropping several badge files: a progress bar each, then each file's result row; and an
import's page that follows a job still running in the background."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from badges import import_jobs
from badges.import_job_models import ImportItem, ImportJob
from badges.models import Badge
from badges.openbadges.bake import bake_png
from tests.badges.conftest import png_bytes
from tests.e2e import test_backpack_journey
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_backpack_journey import EMAIL, _log_in

issuer = test_backpack_journey.issuer  # the same issuer on loopback, as a fixture here

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"

DROP = """([files]) => {
    const transfer = new DataTransfer();
    for (const [name, data] of files) {
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], name, {type: "image/png"}));
    }
    const zone = document.querySelector("[data-drop-zone]");
    const drop = {dataTransfer: transfer, bubbles: true, cancelable: true};
    zone.dispatchEvent(new DragEvent("drop", drop));
}"""


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"), full_page=True)


def test_dropped_files_show_a_progress_bar_each_then_their_results(
    page: Page,
    owner,
    issuer,
):
    baked_url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    issuer.sync()
    good = bake_png(png_bytes(), baked_url)
    files = [
        ["good.png", base64.b64encode(good).decode()],
        ["holiday.png", base64.b64encode(png_bytes()).decode()],
        ["again.png", base64.b64encode(good).decode()],
    ]
    _log_in(page)
    page.goto("/badges/add/")
    zone = page.locator("[data-drop-zone]")
    expect(zone).to_be_visible()
    assert page.locator("input[name=files][multiple]").count() == 1  # the plain input stays

    # Hold the uploads so their progress bars can be seen, then let every one through.
    held, holding = [], [True]

    def hold(route):
        if route.request.method == "POST" and holding[0]:
            held.append(route)
        else:
            route.continue_()

    page.route("**/badges/add/", hold)
    page.evaluate(DROP, [files[:2]])
    expect(page.get_by_label("Uploading good.png")).to_be_visible()
    expect(page.get_by_label("Uploading holiday.png")).to_be_visible()
    assert_accessible(page)
    _shoot(page, "import-drop-uploading")
    holding[0] = False
    for route in held:
        route.continue_()

    rows = page.locator(".upload-list")
    # Each file is sent after the one before and its job followed once a second.
    wait = 20_000
    expect(rows.locator(".result-ok")).to_contain_text("Robotics", timeout=wait)
    expect(rows.locator("[data-code=no_badge_data]")).to_contain_text(
        "holds no badge data", timeout=wait
    )
    # The same badge dropped again: refused, with a link to the one already held.
    page.evaluate(DROP, [files[2:]])
    expect(rows.locator("[data-code=duplicate]")).to_be_visible(timeout=wait)
    held_badge = Badge.objects.get(owner=owner)
    expect(rows.locator(f"a[href='/badges/{held_badge.pk}/']").first).to_be_visible()
    assert_accessible(page)
    _shoot(page, "import-drop-results")
    assert Badge.objects.filter(owner=owner).count() == 1


def test_the_drop_zone_opens_the_file_chooser_from_the_keyboard(page: Page, owner):
    _log_in(page)
    page.goto("/badges/add/")
    zone = page.locator("[data-drop-zone]")
    expect(zone).to_be_visible()  # shown by the script once it has its handlers
    # Record the click the key press gives the plain input (and keep the dialog shut).
    page.evaluate(
        """() => document.querySelector("input[name=files]").addEventListener("click",
            (event) => { event.preventDefault(); window.chooserOpened = true; })"""
    )
    zone.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.chooserOpened === true")
    page.evaluate("window.chooserOpened = false")
    page.keyboard.press(" ")
    assert page.evaluate("window.chooserOpened === true")


def test_the_job_page_follows_a_running_import_until_it_is_done(
    page: Page,
    owner,
    issuer,
    monkeypatch,
):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    issuer.sync()
    job = ImportJob.objects.create(owner=owner)
    ImportItem.objects.create(job=job, label=url, url=url)
    _log_in(page)
    page.goto(f"/badges/imports/{job.pk}/")
    expect(page.locator(".import-summary")).to_contain_text("Checking your badges")
    assert_accessible(page)
    _shoot(page, "import-job-running")

    monkeypatch.setattr(import_jobs, "on_commit", lambda fn, using=None: fn())
    import_jobs.run_import_job(job.pk)  # the worker gets to it while the page is open
    expect(page.locator(".import-summary")).to_contain_text("1 added", timeout=15_000)
    expect(page.locator(".result-ok")).to_contain_text("Robotics")
    assert_accessible(page)
    _shoot(page, "import-job-done")
