"""User files on their own origin: linked there, answered only there, without cookies.

With ``USER_CONTENT_ORIGIN`` set, a badge image or page file is fetched from a host
the session cookie never goes to, so a file that gets past every other defence still
cannot act as the learner. Private files carry a short-lived grant in their address
instead, issued by the page that links them after it checked who may see them.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from badges.models import Badge
from pages.models import Block, Page
from tests.badges.factories import make_badge, make_badge_class, make_issuer
from tests.pages.factories import add_file_block, make_page, png_bytes, with_image

pytestmark = pytest.mark.django_db

ORIGIN = "https://usercontent.passport.example"
CONTENT_HOST = "usercontent.passport.example"
APP_HOST = "passport.example"


@pytest.fixture
def content_origin(settings):
    settings.USER_CONTENT_ORIGIN = ORIGIN
    settings.ALLOWED_HOSTS = [APP_HOST, CONTENT_HOST, "testserver"]


@pytest.fixture
def badge(owner) -> Badge:
    badge_class = with_image(make_badge_class(make_issuer(name="Robot Academy")))
    return make_badge(owner, badge_class)


def _on_app(client: Client, path: str):
    return client.get(path, HTTP_HOST=APP_HOST, secure=True)


def _on_content(client: Client, url: str):
    assert url.startswith(ORIGIN + "/"), url
    return client.get(url.removeprefix(ORIGIN), HTTP_HOST=CONTENT_HOST, secure=True)


def _image_src(html: str, start: str) -> str:
    found = re.search(rf'<img src="({re.escape(start)}[^"]*)"', html)
    assert found, f"no image from {start}"
    return found[1].replace("&amp;", "&")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_my_badge_image_is_linked_from_the_content_origin_and_served_there_only(
    content_origin, owner_client, anon_client, badge
):
    html = _on_app(owner_client, f"/badges/{badge.pk}/").content.decode()
    src = _image_src(html, f"{ORIGIN}/badges/{badge.pk}/image/")

    response = _on_content(anon_client, src)  # the content host gets no session cookie

    assert response.status_code == 200 and _body(response) == badge.image.open("rb").read()
    assert not response.cookies
    assert _on_app(owner_client, f"/badges/{badge.pk}/image/").status_code == 404


def test_a_private_file_without_its_grant_is_refused_on_the_content_origin(
    content_origin, owner_client, anon_client, owner, badge
):
    html = _on_app(owner_client, f"/badges/{badge.pk}/").content.decode()
    src = _image_src(html, f"{ORIGIN}/badges/{badge.pk}/image/")
    other = make_badge(owner, with_image(make_badge_class(make_issuer(name="Other"))))
    path, _, grant = src.partition("?")

    assert _on_content(anon_client, path).status_code == 404
    assert _on_content(anon_client, path + "?grant=" + "0" * 40).status_code == 404
    stolen = f"{ORIGIN}/badges/{other.pk}/image/?{grant}"
    assert _on_content(anon_client, stolen).status_code == 404
    assert _on_content(owner_client, path).status_code == 404  # no session counts there


def test_a_public_badge_image_needs_no_grant_and_may_be_embedded_anywhere(
    content_origin, anon_client, badge
):
    Badge.objects.filter(pk=badge.pk).update(visibility=Badge.Visibility.PUBLIC)
    html = _on_app(anon_client, f"/b/{badge.public_id}/").content.decode()
    src = _image_src(html, ORIGIN)

    response = _on_content(anon_client, src)

    assert src == f"{ORIGIN}/b/{badge.public_id}/image"
    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    Badge.objects.filter(pk=badge.pk).update(visibility=Badge.Visibility.PRIVATE)
    assert _on_content(anon_client, src).status_code == 404


def test_page_files_are_linked_from_the_content_origin_and_served_there(
    content_origin, anon_client, owner
):
    page = make_page(owner, visibility=Page.Visibility.PUBLIC)
    block = add_file_block(page, Block.Kind.IMAGE, png_bytes(), file_name="a.png", file_type="png")
    html = _on_app(anon_client, page.get_absolute_url()).content.decode()
    src = _image_src(html, f"{ORIGIN}/pages/files/{block.pk}/")

    response = _on_content(anon_client, src)

    assert response.status_code == 200 and _body(response) == png_bytes()
    assert response["Cross-Origin-Resource-Policy"] == "same-site"
    assert not response.cookies
    assert _on_app(anon_client, src.removeprefix(ORIGIN)).status_code == 404


@pytest.mark.parametrize("path", ["/", "/badges/", "/accounts/login/", "/csp-report/"])
def test_the_content_origin_answers_nothing_but_user_files(content_origin, owner_client, path):
    response = owner_client.get(path, HTTP_HOST=CONTENT_HOST, secure=True)

    assert response.status_code == 404
    assert not response.cookies


def test_our_pages_allow_images_and_media_from_the_content_origin(content_origin, owner_client):
    policy = _on_app(owner_client, "/badges/")["Content-Security-Policy"]

    img_src = re.search(r"img-src ([^;]*)", policy)[1].split()
    media_src = re.search(r"media-src ([^;]*)", policy)[1].split()
    assert ORIGIN in img_src and ORIGIN in media_src


def test_without_a_content_origin_files_stay_on_the_app_with_their_resource_policy(
    owner_client, anon_client, badge
):
    html = owner_client.get(f"/badges/{badge.pk}/").content.decode()
    assert f'<img src="/badges/{badge.pk}/image/"' in html

    private = owner_client.get(f"/badges/{badge.pk}/image/")
    Badge.objects.filter(pk=badge.pk).update(visibility=Badge.Visibility.PUBLIC)
    public = anon_client.get(f"/b/{badge.public_id}/image")

    assert private["Cross-Origin-Resource-Policy"] == "same-origin"
    assert public["Cross-Origin-Resource-Policy"] == "cross-origin"
