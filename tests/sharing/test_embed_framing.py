"""Only the embed card may be framed by other sites; every other page refuses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.sharing.conftest import html


def test_the_embed_card_may_be_framed_anywhere(anon_client, badge):
    response = anon_client.get(reverse("sharing:embed_badge", args=[badge.public_id]))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors *" in csp
    assert "script-src" not in csp and "default-src 'none'" in csp


def test_the_embed_card_links_out_to_the_public_page(anon_client, badge):
    content = html(anon_client.get(reverse("sharing:embed_badge", args=[badge.public_id])))
    public_url = f"http://testserver/b/{badge.public_id}/"
    assert f'href="{public_url}" target="_blank" rel="noopener"' in content
    assert "Café &quot;Barista&quot; Level 2" in content
    assert "Olive Owner" in content and "owner@example.org" not in content
    assert "<form" not in content


@pytest.mark.parametrize(
    "route", ["sharing:badge", "sharing:badge_image", "sharing:qr_svg", "sharing:badge_preview"]
)
def test_other_public_views_refuse_framing(anon_client, badge, route):
    response = anon_client.get(reverse(route, args=[badge.public_id]))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors *" not in response.get("Content-Security-Policy", "")


def test_the_public_page_keeps_the_default_policy(anon_client, badge):
    response = anon_client.get(reverse("sharing:badge", args=[badge.public_id]))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_private_badge_has_no_frameable_page(anon_client, badge):
    badge.visibility = "private"
    badge.save()
    response = anon_client.get(reverse("sharing:embed_badge", args=[badge.public_id]))
    assert response.status_code == 404
    assert response["X-Frame-Options"] == "DENY"


def test_a_kept_embed_card_may_still_be_framed_and_follows_changes(anon_client, badge):
    from django.test import Client

    from badges.models import Badge

    url = reverse("sharing:embed_badge", args=[badge.public_id])
    anon_client.get(url)
    Badge.objects.filter(pk=badge.pk).update(name="Renamed behind the cache")
    kept = Client().get(url)
    assert "Renamed behind the cache" not in kept.content.decode()  # really kept
    assert "X-Frame-Options" not in kept and "frame-ancestors *" in kept["Content-Security-Policy"]
    assert "public" in kept["Cache-Control"]
    badge.refresh_from_db()
    badge.visibility = "private"
    badge.save()
    assert Client().get(url).status_code == 404
