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


def test_on_redis_the_prefix_is_found_by_a_scan_of_the_keys():
    import os
    import uuid

    from tests.redis_service import redis_at

    url = f"redis://127.0.0.1:6379/{os.environ.get('TEST_REDIS_DB', '6')}"
    redis_at(url)
    backend = SafeRedisCache(url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    keys = [f"drawn:7:part-{n}" for n in range(1200)]  # more than a batch of deletes
    backend.set_many(dict.fromkeys(keys, "html"))
    backend.set_many({"drawn:70:part": "theirs", "drawn:[7]*:x": "literal", "drawn:7": "no"})
    backend.delete_prefixed("drawn:7:")
    assert backend.get_many(keys) == {}
    assert backend.get_many(["drawn:70:part", "drawn:[7]*:x", "drawn:7"]) == {
        "drawn:70:part": "theirs",
        "drawn:[7]*:x": "literal",
        "drawn:7": "no",
    }
    backend.delete_prefixed("drawn:[7]*:")  # glob characters are the key's, not a pattern
    assert backend.get("drawn:[7]*:x") is None and backend.get("drawn:70:part") == "theirs"
    backend.delete_prefixed("")
