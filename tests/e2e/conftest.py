"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without Chromium they skip, except under ``CI=true``, where a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} Browser tests must run in CI.")
    pytest.skip(reason)


def _chromium() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None
    )


@pytest.fixture
def browser(monkeypatch) -> Iterator:
    """Chromium for one test.

    Playwright's sync API keeps an event loop running in the test thread while it is
    started, and Django then refuses ORM calls (the test's own, and the database flush
    after it) unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Both live exactly as long as the
    test: a browser or variable left over would break the tests that run after it (a
    leaked variable makes `check --deploy` fail).
    """
    executable = _chromium()
    if executable is None:
        _skip_or_fail("Chromium is not installed (apt-get install chromium).")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("The playwright package is not installed.")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # ORM calls made while Playwright's loop runs get connections of their own
        # context; close them here, or PostgreSQL cannot drop the test database.
        connections.close_all()


@pytest.fixture
def page(live_server, browser) -> Iterator:
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-CA")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


# --- accessibility: axe-core, run in the page (not blocked by the page's CSP) ---------

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page) -> None:
    """Fail on any WCAG 2.2 AA violation axe-core finds in the page as it is now."""
    if not AXE.exists():
        _skip_or_fail("axe-core is not installed (make installs it with npm).")
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    violations = page.evaluate(
        """async (tags) => {
            const found = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return found.violations.map((v) => {
                const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ");
                return `${v.id} (${v.impact}): ${where}`;
            });
        }""",
        WCAG_AA,
    )
    assert not violations, f"{page.url}: " + "; ".join(violations)
