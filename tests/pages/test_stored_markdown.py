"""Markdown is drawn into sanitised HTML when it is saved, never again when a page is shown."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.safestring import SafeString

from badges.models import Badge
from pages.models import Block, Page
from tests.pages.factories import add_block, make_page
from tests.sharing.factories import make_public_badge


def test_a_block_keeps_the_sanitised_html_of_its_text(owner):
    block = add_block(make_page(owner), Block.Kind.TEXT, text="*Hi* <script>x()</script>")
    stored = Block.objects.get(pk=block.pk).text_html
    assert isinstance(stored, SafeString)
    assert "<em>Hi</em>" in stored and "<script>" not in stored
    block.text = "[site](javascript:alert(1)) **bold**"
    block.save(update_fields=["text"])  # the HTML goes with its source
    stored = Block.objects.get(pk=block.pk).text_html
    assert "<strong>bold</strong>" in stored and "javascript:" not in stored


def test_a_public_page_is_shown_without_drawing_markdown_again(anon_client, owner, monkeypatch):
    page = make_page(owner, visibility=Page.Visibility.PUBLIC, introduction="About *me*")
    add_block(page, Block.Kind.TEXT, text="What I **learnt**")

    def never(text):
        raise AssertionError("Markdown drawn while showing a page")

    monkeypatch.setattr("passport.web.markdown.render_markdown", never)
    html = anon_client.get(reverse("pages:public", args=[page.public_id])).content.decode()
    assert "About <em>me</em>" in html and "What I <strong>learnt</strong>" in html


def test_a_badge_re_verified_with_new_words_shows_them(owner):
    badge = make_public_badge(owner)
    badge.narrative, badge.criteria_narrative = "Did *this*", "Do **that**"
    badge.save(update_fields=["narrative", "criteria_narrative"])  # as badges.reverify does
    fresh = Badge.objects.get(pk=badge.pk)
    assert "<em>this</em>" in fresh.narrative_html
    assert "<strong>that</strong>" in fresh.criteria_html


@pytest.mark.parametrize(
    ("app", "migration", "model", "source", "target"),
    [
        ("pages", "0003_stored_markdown", "block", "text", "text_html"),
        ("badges", "0011_stored_markdown", "badge", "narrative", "narrative_html"),
    ],
)
def test_rows_saved_before_get_their_html_from_the_migration(
    owner, app, migration, model, source, target
):
    page = make_page(owner)
    row = add_block(page, Block.Kind.TEXT) if model == "block" else make_public_badge(owner)
    kind = type(row)
    kind.objects.filter(pk=row.pk).update(**{source: "An *old* text", target: ""})
    module = importlib.import_module(f"{app}.migrations.{migration}")
    module.draw_stored_html(apps, None)
    assert "<em>old</em>" in getattr(kind.objects.get(pk=row.pk), target)
