"""Endorsements say in words whether Passport verified them, on the owner's and the public page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.sharing.conftest import html
from tests.sharing.factories import make_public_badge

ENDORSEMENTS = [
    {
        "issuer_name": "Checked Guild",
        "issuer_id": "https://guild.example.org/",
        "comment": "A rigorous programme.",
        "verified": True,
        "trust": "issuer_confirmed",
    },
    {
        "issuer_name": "Unchecked Club",
        "issuer_id": "https://club.example.org/",
        "comment": "Great.",
        "verified": False,
        "trust": "",
    },
    # stored before endorsements were verified: no "verified" key at all
    {"issuer_name": "Old Society", "issuer_id": "https://old.example.org/", "comment": "Fine."},
]


def _endorsement_items(content: str) -> dict[str, str]:
    section = content.split('id="endorsements-title"', 1)[1].split("</section>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    return {re.search(r"<strong>(.*?)</strong>", item).group(1): item for item in items}


@pytest.fixture
def endorsed(owner):
    return make_public_badge(owner, endorsements=ENDORSEMENTS)


@pytest.mark.parametrize("page", ["detail", "public"])
def test_each_endorsement_says_whether_it_was_verified(owner_client, anon_client, endorsed, page):
    if page == "detail":
        response = owner_client.get(reverse("badges:detail", args=[endorsed.pk]))
    else:
        response = anon_client.get(reverse("sharing:badge", args=[endorsed.public_id]))

    items = _endorsement_items(html(response))

    assert "Verified endorsement" in items["Checked Guild"]
    assert "not verified" not in items["Checked Guild"]
    for name in ("Unchecked Club", "Old Society"):
        assert "Endorsement not verified" in items[name]
        assert "Verified endorsement" not in items[name]


def test_the_words_are_translated(anon_client, endorsed):
    try:
        response = anon_client.get(
            reverse("sharing:badge", args=[endorsed.public_id]), HTTP_ACCEPT_LANGUAGE="fr"
        )
    finally:
        translation.deactivate()  # the request left French active for this thread

    items = _endorsement_items(html(response))

    assert "Recommandation vérifiée" in items["Checked Guild"]
    assert "Recommandation non vérifiée" in items["Unchecked Club"]
