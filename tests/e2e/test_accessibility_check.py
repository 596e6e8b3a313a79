"""The accessibility check itself: axe-core finds a WCAG violation when there is one."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e]


def test_a_picture_without_alternative_text_fails_the_check(browser):
    page = browser.new_page()
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main></html>')

    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)

    page.set_content(
        '<html lang="en"><title>t</title><main><img src="x.png" alt="A badge"></main></html>'
    )
    assert_accessible(page)
