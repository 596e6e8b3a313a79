"""Share cards are drawn by the worker when a public page is built, before robots ask."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sharing import previews, tasks
from tests.sharing.factories import make_collection


@pytest.fixture
def queued(monkeypatch, settings) -> list[dict]:
    """A worker is configured (not eager); what the pages queue is recorded."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent: list[dict] = []
    monkeypatch.setattr(tasks.draw_card, "delay", lambda fields: sent.append(fields))
    return sent


def test_a_public_badge_page_queues_its_card(anon_client, badge, queued):
    anon_client.get(reverse("sharing:badge", args=[badge.public_id]))
    assert [previews.card_from(fields).folder for fields in queued] == [f"b/{badge.public_id}"]


def test_profile_and_collection_pages_queue_theirs(anon_client, owner, badge, queued):
    owner.profile_is_public = True
    owner.save()
    collection = make_collection(owner, [badge], visibility="public")
    anon_client.get(reverse("sharing:profile", args=[owner.public_slug]))
    anon_client.get(reverse("sharing:collection", args=[collection.public_id]))
    folders = [previews.card_from(fields).folder for fields in queued]
    assert len(folders) == 2 and folders[0] != folders[1]


def test_the_drawn_card_is_what_the_preview_then_serves(anon_client, badge, queued, monkeypatch):
    anon_client.get(reverse("sharing:badge", args=[badge.public_id]))
    [fields] = queued
    tasks.draw_card(fields)  # what the worker does
    drawn = previews.get_png(previews.card_from(fields))

    def no_drawing(card):
        raise AssertionError("the preview drew the card again")

    monkeypatch.setattr(previews, "draw", no_drawing)
    response = anon_client.get(reverse("sharing:badge_preview", args=[badge.public_id]))
    assert response.status_code == 200 and response.content == drawn
    tasks.draw_card(fields)  # delivered twice: read, never drawn again


def test_without_a_worker_nothing_is_queued_and_the_preview_draws_it(
    anon_client, badge, monkeypatch
):
    sent = []
    monkeypatch.setattr(tasks.draw_card, "delay", lambda fields: sent.append(fields))
    anon_client.get(reverse("sharing:badge", args=[badge.public_id]))
    assert sent == []  # eager: the page's own request stays free of drawing
    response = anon_client.get(reverse("sharing:badge_preview", args=[badge.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_a_card_is_queued_once_until_what_it_shows_changes(anon_client, badge, queued):
    url = reverse("sharing:badge", args=[badge.public_id])
    anon_client.get(url)
    anon_client.get(url + "?again")  # drawn again (another address), the same card
    assert len(queued) == 1
    badge.name = "Renamed badge"
    badge.save()
    anon_client.get(url)
    assert [previews.card_from(fields).title for fields in queued][1] == "Renamed badge"
    assert len(queued) == 2
