"""Limits per learner: a clear, translated message instead of an error page, nothing done."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.models import Badge
from badges.views import importing
from pages import views_blocks
from tests.badges.factories import make_badge
from tests.pages.factories import PDF, make_page
from tests.pages.helpers import add, upload

pytestmark = pytest.mark.django_db


def test_adding_too_many_badges_in_a_minute_is_refused_and_nothing_is_fetched(
    owner_client, owner, issuer, monkeypatch
):
    monkeypatch.setattr(importing, "IMPORT_LIMIT", 2)
    urls = [issuer.hosted_assertion("owner@example.org")[0] for _ in range(3)]
    add_url = reverse("badges:add")

    first = owner_client.post(add_url, {"way": "url", "url": urls[0]})
    second = owner_client.post(add_url, {"way": "url", "url": urls[1]})
    third = owner_client.post(add_url, {"way": "url", "url": urls[2]})

    assert (first.status_code, second.status_code, third.status_code) == (302, 302, 429)
    assert "at most 2 a minute" in third.content.decode()
    assert Badge.objects.filter(owner=owner).count() == 2
    assert issuer.fetcher.fetched(urls[2]) == 0


def test_the_limit_is_the_learners_own(owner_client, other_client, issuer, monkeypatch):
    monkeypatch.setattr(importing, "IMPORT_LIMIT", 1)
    mine, theirs = (
        issuer.hosted_assertion(e)[0] for e in ("owner@example.org", "other@example.org")
    )

    owner_client.post(reverse("badges:add"), {"way": "url", "url": mine})
    response = other_client.post(reverse("badges:add"), {"way": "url", "url": theirs})

    assert response.status_code == 302  # another learner's quota is untouched


def test_verify_again_asks_the_issuer_at_most_once_a_minute(owner_client, owner, monkeypatch):
    badge = make_badge(owner)
    calls = []
    monkeypatch.setattr(
        "badges.checking.reverify_badge",
        lambda b: calls.append(b) or b.checks.create(status="verified"),
    )
    url = reverse("badges:verify", args=[badge.pk])

    owner_client.post(url)
    response = owner_client.post(url, follow=True)

    assert len(calls) == 1
    assert "checked less than a minute ago" in response.content.decode()


def test_uploading_too_many_files_is_refused_before_anything_is_stored(
    owner_client, owner, monkeypatch
):
    monkeypatch.setattr(views_blocks, "UPLOAD_LIMIT", 1)
    page = make_page(owner)

    add(owner_client, page, "file", {"caption": "One"}, upload=upload("one.pdf", PDF))
    response = add(owner_client, page, "file", {"caption": "Two"}, upload=upload("two.pdf", PDF))

    assert response.status_code == 302
    assert list(page.blocks.values_list("caption", flat=True)) == ["One"]
    followed = owner_client.get(response.url)
    assert "uploaded many files" in followed.content.decode()
