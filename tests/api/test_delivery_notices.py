"""A badge a platform delivers leaves a notice in the backpack, unless turned off."""

from __future__ import annotations

import pytest

from badges.models import Badge, Notice

pytestmark = pytest.mark.django_db


def test_a_delivered_badge_leaves_a_notice_naming_the_platform(
    platform, owner_tokens, mint, owner_client
):
    response = platform.upsert(owner_tokens["access_token"], mint())
    assert response.status_code == 201, response.content
    notice = Notice.objects.get()
    assert notice.kind == "delivered" and notice.badge == Badge.objects.get()
    html = owner_client.get("/badges/").content.decode()
    assert 'data-kind="delivered"' in html and "Example Learning Platform delivered" in html


def test_no_delivery_notice_when_turned_off(platform, owner, owner_tokens, mint):
    owner.notify_deliveries = False
    owner.save()
    assert platform.upsert(owner_tokens["access_token"], mint()).status_code == 201
    assert not Notice.objects.exists()
