"""The original credential, the signed JWS and the baked image, served for public badges."""

from __future__ import annotations

import json

from django.core.files.base import ContentFile
from django.urls import reverse

from badges.openbadges.bake import extract_from_png
from tests.sharing.factories import make_public_badge, png_bytes

ORIGINAL = '{"@context": "https://w3id.org/openbadges/v2",  "id": "https://i.example/a/1"}'
JWS = "eyJhbGciOiJSUzI1NiJ9.eyJ1aWQiOiIxIn0.c2lnbmF0dXJl"


def get(client, route: str, badge):
    return client.get(reverse(route, args=[badge.public_id]))


def test_json_is_the_original_byte_for_byte(anon_client, owner):
    badge = make_public_badge(owner, original=ORIGINAL)
    response = get(anon_client, "sharing:credential_json", badge)
    assert response.status_code == 200
    assert response.content.decode() == ORIGINAL
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "sandbox" in response["Content-Security-Policy"]


def test_json_of_a_signed_badge_is_its_document(anon_client, owner):
    document = {"id": "urn:uuid:1", "type": ["VerifiableCredential"], "name": "Café"}
    badge = make_public_badge(owner, original=JWS, document=document)
    response = get(anon_client, "sharing:credential_json", badge)
    assert json.loads(response.content) == document


def test_the_jws_is_served_as_compact_text(anon_client, owner):
    badge = make_public_badge(owner, original=JWS + "\n")
    response = get(anon_client, "sharing:credential_jws", badge)
    assert response.status_code == 200
    assert response.content.decode() == JWS
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_json_badge_has_no_jws(anon_client, owner):
    badge = make_public_badge(owner, original=ORIGINAL)
    assert get(anon_client, "sharing:credential_jws", badge).status_code == 404


def test_the_page_links_the_jws_only_when_there_is_one(anon_client, owner):
    signed = make_public_badge(owner, original=JWS)
    hosted = make_public_badge(owner, original=ORIGINAL)
    jws_link = reverse("sharing:credential_jws", args=[signed.public_id])
    assert jws_link in get(anon_client, "sharing:badge", signed).content.decode()
    content = get(anon_client, "sharing:badge", hosted).content.decode()
    assert reverse("sharing:credential_json", args=[hosted.public_id]) in content
    assert "credential.jws" not in content


def test_the_baked_image_downloads_as_an_attachment(anon_client, owner):
    badge = make_public_badge(owner)
    badge.original_file.save("baked.png", ContentFile(png_bytes()), save=True)
    response = get(anon_client, "sharing:download", badge)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        reverse("sharing:download", args=[badge.public_id])
        in get(anon_client, "sharing:badge", badge).content.decode()
    )


def test_badge_imported_as_text_downloads_a_png_baked_now(anon_client, badge):
    response = get(anon_client, "sharing:download", badge)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    baked = b"".join(response.streaming_content)
    assert extract_from_png(baked) == badge.original.strip()
