"""A learner brings badges in every way the "Add badges" page offers, then lives in the backpack.

The issuer is real HTTP on 127.0.0.1 (allowed for this test only), so the safe fetcher
is exercised end to end.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from badges.models import Badge
from badges.openbadges.bake import bake_png
from tests.badges.conftest import png_bytes
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible
from tests.openbadges.fake_issuer import FakeIssuer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EMAIL = "owner@example.org"


@pytest.fixture
def issuer(settings, media_root):
    """A FakeIssuer published by a real HTTP server on loopback."""
    routes: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            answer = routes.get(f"{base}{self.path}")
            self.send_response(answer.status if answer else 404)
            self.send_header("Content-Type", answer.content_type if answer else "text/plain")
            self.end_headers()
            self.wfile.write(answer.content if answer else b"Not Found")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    host = f"127.0.0.1:{server.server_address[1]}"
    base = f"http://{host}"
    fake = FakeIssuer(base=base, name="Robot Academy")
    fake.fetcher.serve(f"{base}/images/robotics.png", png_bytes(), content_type="image/png")
    routes.update(fake.fetcher.routes)
    fake.sync = lambda: routes.update(fake.fetcher.routes)
    settings.BADGE_FETCH_ALLOWED_HOSTS = [host]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()


def _log_in(page: Page) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Welcome")


def test_import_every_way_then_tag_filter_verify_download_and_delete(
    page: Page, owner, issuer, tmp_path
):
    hosted_url, hosted_json = issuer.hosted_assertion(EMAIL, "2.0")
    baked_url, _text = issuer.hosted_assertion(EMAIL, "1.1")
    token = issuer.signed_assertion(EMAIL, "2.0")
    issuer.sync()
    baked = tmp_path / "robotics-baked.png"
    baked.write_bytes(bake_png(png_bytes((200, 120, 0)), baked_url))
    photo = tmp_path / "holiday.png"
    photo.write_bytes(png_bytes())
    _log_in(page)

    # Upload: a baked badge and an image without badge data, one result line each.
    page.goto("/badges/add/")
    assert_accessible(page)
    page.set_input_files("input[name=files]", [str(baked), str(photo)])
    page.click("text=Upload and check")
    results = page.locator(".upload-list")  # sent one by one by the page's script
    expect(results).to_contain_text("robotics-baked.png")
    expect(results.locator("[data-code=no_badge_data]")).to_contain_text("holds no badge data")

    # URL of a hosted assertion (its import's own page), then the same badge pasted as
    # JSON: a duplicate.
    page.fill("input[name=url]", hosted_url)
    page.click("text=Fetch and check")
    expect(page.locator(".import-results")).to_contain_text("Added")
    page.goto("/badges/add/")
    page.fill("textarea[name=text]", hosted_json)
    page.click("text=Check and add")
    expect(page.locator("[data-code=duplicate]")).to_be_visible()
    # A signed badge pasted as a compact JWS (each import has its own page of results).
    page.goto("/badges/add/")
    page.fill("textarea[name=text]", token)
    page.click("text=Check and add")
    expect(page.locator(".import-results")).to_contain_text("Added")
    assert Badge.objects.filter(owner=owner).count() == 3

    # Tag the baked one, filter the gallery by that tag.
    baked_badge = Badge.objects.get(owner=owner, spec="1.0")
    page.goto(f"/badges/{baked_badge.pk}/")
    page.fill("input[name=names]", "robotics club")
    page.click("#tags form.inline-form button[type=submit]")
    expect(page.locator("body")).to_contain_text("robotics club")
    page.goto("/badges/?q=robotics+club")
    assert_accessible(page)
    expect(page.locator(".badge-card")).to_have_count(1)

    # Verify again after the issuer revoked it.
    issuer.revoke(baked_url, reason="Awarded in error")
    issuer.sync()
    page.goto(f"/badges/{baked_badge.pk}/")
    page.click("text=Verify again")
    expect(page.locator("body")).to_contain_text("Awarded in error")

    # Download the baked file exactly as received.
    with page.expect_download() as download:
        page.click("text=Download the baked badge")
    assert Path(download.value.path()).read_bytes() == baked.read_bytes()

    # Delete it after confirmation.
    page.click(".danger-zone a, .danger-zone button")
    page.click("main form button.button-danger")
    expect(page.locator(".badge-card")).to_have_count(2)
    assert not Badge.objects.filter(pk=baked_badge.pk).exists()
