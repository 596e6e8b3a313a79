"""Every public route of a badge answers 404 unless the badge is public, for everyone."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from badges.models import Badge
from tests.sharing.factories import make_badge, make_badge_class, png_bytes

GET_ROUTES = [
    "sharing:badge",
    "sharing:badge_image",
    "sharing:badge_preview",
    "sharing:credential_json",
    "sharing:credential_jws",
    "sharing:download",
    "sharing:qr_png",
    "sharing:qr_svg",
    "sharing:embed_badge",
]


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.fixture
def full_badge(owner):
    """A badge with everything a route can serve: image, baked file and a signed original."""
    jws = f"{_b64({'alg': 'RS256'})}.{_b64({'uid': '1'})}.c2lnbmF0dXJl"
    badge = make_badge(owner, make_badge_class(image=png_bytes()), original=jws)
    badge.original_file.save("baked.png", ContentFile(png_bytes()), save=True)
    return badge


def _set(badge: Badge, visibility: str) -> None:
    badge.visibility = visibility
    badge.save(update_fields=["visibility"])


@pytest.mark.parametrize("route", GET_ROUTES)
def test_every_route_serves_a_public_badge(anon_client, full_badge, route):
    _set(full_badge, "public")
    assert anon_client.get(reverse(route, args=[full_badge.public_id])).status_code == 200


@pytest.mark.parametrize("route", GET_ROUTES)
@pytest.mark.parametrize("client_name", ["anon_client", "other_client", "owner_client"])
def test_every_route_hides_a_private_badge(request, full_badge, route, client_name):
    client = request.getfixturevalue(client_name)
    assert client.get(reverse(route, args=[full_badge.public_id])).status_code == 404


@pytest.mark.parametrize("route", GET_ROUTES)
def test_every_route_forgets_a_badge_made_private_again(anon_client, full_badge, route):
    _set(full_badge, "public")
    url = reverse(route, args=[full_badge.public_id])
    assert anon_client.get(url).status_code == 200
    _set(full_badge, "private")
    assert anon_client.get(url).status_code == 404


@pytest.mark.parametrize("route", GET_ROUTES)
def test_an_unknown_address_is_404(db, anon_client, route):
    assert anon_client.get(reverse(route, args=["no-such-badge-anywhere"])).status_code == 404


@pytest.mark.parametrize("client_name", ["anon_client", "other_client", "owner_client"])
def test_verify_now_hides_a_private_badge(request, full_badge, client_name, monkeypatch):
    monkeypatch.setattr("badges.checking.reverify_badge", pytest.fail)
    client = request.getfixturevalue(client_name)
    url = reverse("sharing:verify", args=[full_badge.public_id])
    assert client.post(url).status_code == 404


def test_the_404_page_does_not_say_whether_the_badge_exists(anon_client, full_badge):
    private = anon_client.get(reverse("sharing:badge", args=[full_badge.public_id]))
    unknown = anon_client.get(reverse("sharing:badge", args=["no-such-badge-anywhere"]))
    for response in (private, unknown):
        content = response.content.decode()
        assert "This page does not exist, or it is private." in content
        assert full_badge.name not in content
    assert len(private.content) - len(private.request["PATH_INFO"]) == len(unknown.content) - len(
        unknown.request["PATH_INFO"]
    )
