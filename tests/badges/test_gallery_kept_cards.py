"""The gallery's cards are kept by what each is drawn from, and read with the page's
other kept entries in one round trip: a first view after an edit draws only the cards
that changed."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from badges.models import Badge
from badges.services import tags as tag_service
from badges.services.visibility import set_visibility
from passport import privacy
from passport.templatetags import passport_tags
from passport.web import fragmentcache, pagecache
from tests.badges.factories import make_badges

pytestmark = pytest.mark.django_db

GALLERY = reverse("badges:gallery")


@pytest.fixture
def drawn(monkeypatch):
    """The badges whose cards were drawn, by name, in order."""
    names: list[str] = []
    draw = passport_tags.badge_card

    def counting(badge, *args, **kwargs):
        names.append(badge.name)
        return draw(badge, *args, **kwargs)

    monkeypatch.setattr(passport_tags, "badge_card", counting)
    return names


def cards(response) -> list[str]:
    return re.findall(r'<article class="badge-card.*?</article>', response.content.decode(), re.S)


def test_after_an_edit_only_the_card_that_changed_is_drawn(owner_client, owner, drawn):
    badges = make_badges(owner, 5)
    first = owner_client.get(GALLERY)
    assert len(drawn) == 5
    drawn.clear()

    pagecache.bump(owner.pk)  # an edit the cards do not show (a page, say)
    again = owner_client.get(GALLERY)
    assert drawn == [] and cards(again) == cards(first)

    set_visibility(Badge.objects.filter(pk=badges[2].pk), "public")
    shown = owner_client.get(GALLERY)
    assert drawn == [badges[2].name]
    changed = [card for card in cards(shown) if card not in cards(first)]
    assert len(changed) == 1 and "chip-public" in changed[0] and badges[2].name in changed[0]


def test_a_tag_put_on_a_badge_is_drawn_on_its_card(owner_client, owner, drawn):
    badges = make_badges(owner, 3)
    owner_client.get(GALLERY)
    drawn.clear()
    tag_service.add_tags(Badge.objects.filter(pk=badges[0].pk), owner, ["portfolio"])
    response = owner_client.get(GALLERY)
    assert drawn == [badges[0].name]
    assert 'class="tag tag-own">portfolio</span>' in response.content.decode()


def test_each_language_keeps_its_own_cards(owner_client, owner, drawn):
    make_badges(owner, 2)
    owner_client.get(GALLERY)
    owner.preferred_language = "fr"
    owner.save()
    drawn.clear()
    french = owner_client.get(GALLERY)
    assert len(drawn) == 2  # drawn again, in French
    assert 'class="chip chip-public"' not in french.content.decode()
    assert french.content.decode().count("Sélectionner") == 2, "the boxes' labels"


def test_a_new_hour_of_grants_draws_the_cards_again(owner_client, owner, drawn, monkeypatch):
    from passport.web import usercontent

    make_badges(owner, 2)
    owner_client.get(GALLERY)
    drawn.clear()
    monkeypatch.setattr(usercontent, "links_drawn_alike", lambda: ("https://files.example", 1))
    pagecache.bump(owner.pk)
    owner_client.get(GALLERY)
    assert len(drawn) == 2


def test_deleting_the_account_forgets_its_kept_cards(owner_client, owner):
    make_badges(owner, 2)
    owner_client.get(GALLERY)
    key = fragmentcache.each_key(fragmentcache.OWN_CARDS, owner.pk, "en")
    assert cache.get(key) is not None
    privacy.erase_account(owner)
    assert cache.get(key) is None


def test_an_entry_keeps_at_most_two_pages_of_cards(owner, monkeypatch):
    monkeypatch.setattr(fragmentcache, "EACH_KEPT_AT_MOST", 3)
    draw = []
    for items in ([1, 2], [3, 4], [4, 5]):
        fragmentcache.drawn_each("t", owner.pk, items, str, lambda n: (n,), draw.append)
    stored = cache.get(fragmentcache.each_key("t", owner.pk, "en"))
    assert list(stored[1]) == ["3", "4", "5"]  # the oldest went first
    assert draw == [1, 2, 3, 4, 5]  # 4 was kept


def test_an_entry_keeps_only_the_latest_drawing_of_each_item(owner):
    drawn = []
    for version in (1, 2, 3):
        fragmentcache.drawn_each(
            "t", owner.pk, [7], lambda n: n, lambda n, v=version: (v,), lambda n, v=version: f"v{v}"
        )
        drawn.append(cache.get(fragmentcache.each_key("t", owner.pk, "en"))[1])
    assert drawn[-1] == {7: ((3,), "v3")}  # one drawing of item 7, not three
    found = fragmentcache.drawn_each("t", owner.pk, [7], lambda n: n, lambda n: (3,), lambda n: "x")
    assert found == ["v3"]


def test_a_first_view_after_an_edit_reads_its_kept_entries_in_one_round_trip(
    owner_client, owner, monkeypatch
):
    make_badges(owner, 3)
    owner_client.get(GALLERY)
    pagecache.bump(owner.pk)
    reads = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)
        monkeypatch.setattr(
            cache, name, lambda *a, _o=original, _n=name, **k: reads.append((_n, a)) or _o(*a, **k)
        )
    assert owner_client.get(GALLERY).status_code == 200
    many = [args[0] for name, args in reads if name == "get_many"]
    # One for the parts, their version, the issuers, the cards, the header and the news
    # of deliveries. The filters are keyed by the lists, so they are read after them.
    ahead = next(keys for keys in many if any(k.startswith("public-version:") for k in keys))
    assert any(k.startswith(f"drawn:{owner.pk}:each-own-cards:") for k in ahead)
    assert any(k.startswith("gallery-issuers:") for k in ahead)
    assert any(k.startswith(f"drawn:{owner.pk}:site-header:") for k in ahead)
    assert any(k.startswith("api-unseen:") for k in ahead)
    others = [keys for keys in many if keys is not ahead]
    assert [[key.split(":")[2] for key in keys] for keys in others] == [["gallery-frame"]]
