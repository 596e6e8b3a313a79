from datetime import UTC, datetime

import pytest
from django.utils import translation

from passport.templatetags.passport_tags import badge_date
from passport.web.markdown import render_markdown


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_markdown_renders_attacks_inert(attack):
    html = render_markdown(attack)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "javascript:" not in html and "onerror" not in html and "style=" not in html


def test_markdown_keeps_formatting_and_marks_links():
    html = render_markdown("Build a *robot*. See [the rules](https://example.org/rules).")
    assert "<em>robot</em>" in html
    assert 'href="https://example.org/rules"' in html
    assert 'rel="nofollow noopener"' in html


def test_bare_urls_become_safe_links():
    assert 'rel="nofollow noopener"' in render_markdown("https://example.org")


def test_badge_dates_are_shown_as_the_issuer_wrote_them():
    with translation.override("en"):
        assert badge_date(datetime(2010, 1, 1, tzinfo=UTC)) == "Jan. 1, 2010"
    assert badge_date(None) == ""


def test_markdown_tools_are_built_once_per_thread_and_texts_rendered_once():
    import threading

    from passport.web import markdown as md

    md.render_markdown("*one*")
    tools = md._tools()
    assert md.render_markdown("*two*") == "<p><em>two</em></p>"
    assert md._tools() is tools  # the same parser and cleaner, reset between texts
    hits = md.render_markdown.cache_info().hits
    md.render_markdown("*two*")
    assert md.render_markdown.cache_info().hits == hits + 1
    other = []
    thread = threading.Thread(target=lambda: other.append(md._tools()))
    thread.start()
    thread.join()
    assert other[0] is not tools  # never shared between threads
