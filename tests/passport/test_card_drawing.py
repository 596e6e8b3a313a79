"""The shortcuts that draw cards fast give exactly what the slow way gave."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext

from passport.templatetags.passport_tags import (
    badge_card,
    issued_on,
    linked_mini_badges,
    mini_badge,
    status_chips,
)
from passport.web.forms import PlainSelect
from passport.web.reversing import url_for


@pytest.mark.parametrize(
    ("viewname", "value"),
    [
        ("badges:detail", 7),
        ("badges:image", 123456),
        ("sharing:badge", "aB3_x-9"),
        ("sharing:badge_image", "Zz0"),
        ("sharing:profile", "alex-martin"),
        ("sharing:badge", "9999999999"),  # the placeholder itself
    ],
)
def test_url_for_equals_reverse(viewname, value):
    assert url_for(viewname, value) == reverse(viewname, args=[value])


def test_url_for_hands_values_that_need_care_to_reverse():
    with pytest.raises(NoReverseMatch):  # reverse() refuses it, as before
        url_for("badges:detail", "not/a/number")


STATES = list(
    itertools.product(
        ["verified", "expired", "revoked", "unverifiable"],
        ["issuer_confirmed", "issuer_not_confirmed"],
        ["hosted", "signed"],
        [True, False],
    )
)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_status_chips_are_the_template_drawn_for_each_state(language):
    with translation.override(language):
        for status, trust, method, confirmed in STATES:
            badge = SimpleNamespace(
                status=status,
                trust=trust,
                verification={"method": method, "steps": ["..."]},
                recipient_confirmed=confirmed,
            )
            drawn = render_to_string("badges/_status_chip.html", {"badge": badge})
            assert status_chips(badge) == drawn, (status, trust, method, confirmed)


def test_status_chips_follow_the_language_of_the_request():
    badge = SimpleNamespace(
        status="revoked", trust="issuer_confirmed", verification={}, recipient_confirmed=True
    )
    with translation.override("en"):
        assert "Revoked" in status_chips(badge)
    with translation.override("fr"):
        assert "Révoqué" in status_chips(badge)


def test_issued_on_shows_the_utc_date_or_says_it_is_missing():
    late = SimpleNamespace(issued_on=datetime(2010, 1, 1, 0, 0, tzinfo=UTC))
    with translation.override("en"):
        assert '<time datetime="2010-01-01T00:00:00+00:00">' in issued_on(late)
        assert "Jan. 1, 2010" in issued_on(late)  # 1 January in UTC, even in Toronto
        assert "date not stated" in issued_on(SimpleNamespace(issued_on=None))
    with translation.override("fr"):
        assert "1 janvier 2010" in issued_on(late)


def test_mini_badge_escapes_what_issuers_wrote():
    badge = SimpleNamespace(
        pk=5,
        image="",
        name="<script>x</script>",
        issuer=SimpleNamespace(name="A & B"),
        issued_on=None,
    )
    html = mini_badge(badge, link=True, with_issuer=True)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "A &amp; B" in html
    assert f'href="{reverse("badges:detail", args=[5])}"' in html


def test_linked_mini_badges_are_list_items_each_badge_drawn_once(monkeypatch):
    from passport.templatetags import passport_tags

    first = SimpleNamespace(pk=5, image="", name="<b>One</b>")
    second = SimpleNamespace(pk=6, image="", name="Two")
    expected = f"<li>{mini_badge(first, link=True)}</li><li>{mini_badge(second, link=True)}</li>"
    assert linked_mini_badges([first, second]) == expected
    assert "&lt;b&gt;One" in expected
    drawn = []
    monkeypatch.setattr(passport_tags, "mini_badge", lambda b, link: drawn.append(b) or "x")
    assert linked_mini_badges([first, second]) == expected  # kept on each badge
    assert drawn == []


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, sorted(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.seen.append(("text", data.strip()))


def _parsed(html: str) -> list:
    parser = _Tags()
    parser.feed(html)
    return parser.seen


@pytest.mark.parametrize("value", [None, "", "1", "2", "unknown"])
def test_plain_select_draws_what_the_template_widget_draws(value):
    choices = [("", "All <tags>"), ("1", "A & B"), ("2", "Électronique")]
    attrs = {"id": "id_tag", "required": True, "aria-describedby": "help"}
    slow = forms.Select(choices=choices, attrs=attrs).render("tag", value)
    fast = PlainSelect(choices=choices, attrs=attrs).render("tag", value)
    assert _parsed(fast) == _parsed(slow)


def _card_badge(**fields):
    defaults = {
        "pk": 9,
        "public_id": "pUb1",
        "image": "badge.png",
        "name": '<b>Rob "x"</b>',
        "issuer": SimpleNamespace(name="A & B"),
        "issued_on": None,
        "status": "verified",
        "trust": "issuer_confirmed",
        "verification": {"method": "hosted"},
        "recipient_confirmed": True,
        "visibility": "public",
        "card_tags": [SimpleNamespace(name="<Électro>"), SimpleNamespace(name="robots")],
    }
    return SimpleNamespace(**(defaults | fields))


def test_the_learners_own_card_can_be_selected_and_shows_tags_and_public():
    badge = _card_badge()
    with translation.override("fr"):
        html = badge_card(badge, own=True)
        label = gettext("Select “%(name)s”") % {"name": badge.name}

    seen = _parsed(html)
    assert (
        "a",
        [("class", "badge-card-link"), ("href", reverse("badges:detail", args=[9]))],
    ) in seen
    assert ("img", _image_attrs(reverse("badges:image", args=[9]))) in seen
    assert (
        "input",
        sorted(
            [
                ("type", "checkbox"),
                ("name", "badge"),
                ("value", "9"),
                ("id", "select-9"),
                ("form", "bulk-form"),
            ]
        ),
    ) in seen
    assert label.startswith("Sélectionner") and ("text", label) in seen
    assert "<b>" not in html and "&lt;b&gt;Rob &quot;x&quot;&lt;/b&gt;" in html
    assert ("text", "A & B") in seen and "A &amp; B" in html
    assert ("text", "Public") in seen
    assert ("text", "<Électro>") in seen and ("text", "robots") in seen
    assert ("text", "date non indiquée") in seen


def test_a_public_card_links_to_the_public_page_and_shows_nothing_of_the_learners_own():
    badge = _card_badge()

    html = badge_card(badge, public=True)

    seen = _parsed(html)
    assert (
        "a",
        [("class", "badge-card-link"), ("href", reverse("sharing:badge", args=["pUb1"]))],
    ) in seen
    assert ("img", _image_attrs(reverse("sharing:badge_image", args=["pUb1"]))) in seen
    assert "checkbox" not in html and "robots" not in html and "chip-public" not in html
    assert reverse("badges:detail", args=[9]) not in html


def test_a_card_without_an_image_shows_the_placeholder_and_no_tags_paragraph():
    html = badge_card(_card_badge(image="", card_tags=[]), own=True)

    assert "badge-placeholder" in html and "<img" not in html
    assert "badge-card-tags" not in html


def _image_attrs(src: str) -> list:
    return sorted(
        [("src", src), ("alt", ""), ("width", "160"), ("height", "160"), ("loading", "lazy")]
    )


def test_a_check_is_dated_with_its_time_zone_in_the_readers_language(settings):
    from passport.templatetags.passport_tags import checked_at

    settings.TIME_ZONE = "America/Toronto"
    winter = datetime(2026, 12, 2, 14, 30, tzinfo=UTC)
    summer = datetime(2026, 7, 2, 14, 30, tzinfo=UTC)
    with translation.override("en"):
        assert checked_at(winter).endswith(" EST") and "9:30" in checked_at(winter)
    with translation.override("fr"):
        assert checked_at(winter) == "2 décembre 2026 09:30 HNE"
        assert checked_at(summer).endswith(" HAE")
    assert checked_at(None) == ""


def test_a_grid_of_cards_says_its_words_in_each_visitors_language():
    from passport.templatetags.passport_tags import badge_cards

    badge = _card_badge()
    drawn = {}
    for language in ("en", "fr", "en"):
        with translation.override(language):
            drawn[language] = badge_cards([badge, badge], own=True)
            assert drawn[language] == badge_card(badge, own=True) * 2
    assert "Select “" in drawn["en"] and "Your tags:" in drawn["en"]
    assert "Sélectionner «" in drawn["fr"] and "Vos étiquettes" in drawn["fr"]


def test_a_card_drawn_in_a_language_other_than_the_active_one_says_that_languages_words():
    """The words kept for a language are that language's, whichever was active when
    they were first asked for (so no caller can leave English under French)."""
    from passport.templatetags import passport_tags

    passport_tags._card_words.cache_clear()
    passport_tags._date_text.cache_clear()
    passport_tags._chips.cache_clear()
    dated = _card_badge(issued_on=datetime(2025, 3, 1, tzinfo=UTC))
    with translation.override("en"):
        french = badge_card(dated, own=True, language="fr")
        undated = badge_card(_card_badge(), own=True, language="fr")
        english = badge_card(dated, own=True)
    with translation.override("fr"):
        assert badge_card(dated, own=True) == french
    assert "1 mars 2025" in french and "Sélectionner" in french and "Vérifié" in french
    assert "date non indiquée" in undated
    assert "March 1, 2025" in english and "Select “" in english
