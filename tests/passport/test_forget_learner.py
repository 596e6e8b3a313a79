"""Deleting an account removes at once every part and page kept for the learner (their
header, with their e-mail; their cards; their public pages), though those are keyed by
digests: found by the learner's prefix, and no one else's goes with them."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from passport import privacy
from passport.web.cache import SafeRedisCache, delete_prefixed
from tests.badges.factories import make_badges
from tests.sharing.factories import make_public_badge

pytestmark = pytest.mark.django_db


def stored() -> list[str]:
    """Every key the cache holds, as the app named it."""
    backend = caches["default"]
    if isinstance(backend, SafeRedisCache):
        client = backend._cache.get_client()
        made = [key.decode() for key in client.scan_iter(match=backend.make_key("*"))]
    else:
        made = list(backend._cache)
    prefix = backend.make_key("")
    return [key[len(prefix) :] for key in made]


def visited(learner) -> None:
    client = Client()
    client.force_login(learner)
    assert client.get(reverse("badges:gallery")).status_code == 200
    badge = make_public_badge(learner)
    assert Client().get(reverse("sharing:badge", args=[badge.public_id])).status_code == 200


def test_deleting_the_account_forgets_its_kept_parts_and_pages(owner, other):
    for learner in (owner, other):
        make_badges(learner, 2)
        visited(learner)
    mine = [
        key
        for key in stored()
        if f":{owner.pk}:" in key and key.startswith(("drawn", "public-page"))
    ]
    assert any(key.startswith(f"drawn:{owner.pk}:site-header:") for key in mine)
    assert any(key.startswith(f"drawn:{owner.pk}:each-own-cards:") for key in mine)
    assert any(key.startswith(f"public-page:{owner.pk}:") for key in mine)
    theirs = [
        key
        for key in stored()
        if key.startswith((f"drawn:{other.pk}:", f"public-page:{other.pk}:"))
    ]
    assert theirs

    privacy.erase_account(owner)

    left = stored()
    assert not [
        key for key in left if key.startswith((f"drawn:{owner.pk}:", f"public-page:{owner.pk}:"))
    ]
    assert set(theirs) <= set(left)


def test_a_prefix_is_matched_literally(owner):
    from django.core.cache import cache

    cache.set("drawn:[x]*:a", 1)
    cache.set("drawn:xx:a", 2)
    delete_prefixed("drawn:[x]*:")
    assert cache.get("drawn:[x]*:a") is None
    assert cache.get("drawn:xx:a") == 2
