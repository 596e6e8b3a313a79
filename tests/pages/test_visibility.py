"""Who sees a page: owner, another learner and a visitor, for every visibility."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from pages.models import Block, Page
from tests.pages.factories import add_block, add_file_block, make_page, png_bytes
from tests.pages.helpers import public

pytestmark = pytest.mark.django_db

PASSWORD = "open sesame"
SHOWN, LOCKED, HIDDEN = "shown", "locked", "404"

MATRIX = [
    # visibility, owner, other learner, anonymous
    (Page.Visibility.PRIVATE, SHOWN, HIDDEN, HIDDEN),
    (Page.Visibility.UNLISTED, SHOWN, SHOWN, SHOWN),
    (Page.Visibility.PASSWORD, SHOWN, LOCKED, LOCKED),
    (Page.Visibility.PUBLIC, SHOWN, SHOWN, SHOWN),
]


def _page(owner, visibility: str) -> Page:
    page = make_page(owner, "Secret portfolio", visibility=visibility)
    if visibility == Page.Visibility.PASSWORD:
        page.password_hash = make_password(PASSWORD)
        page.save()
    add_block(page, Block.Kind.TEXT, text="The hidden words")
    return page


def _outcome(response) -> str:
    body = response.content.decode()
    if response.status_code == 404:
        assert "The hidden words" not in body and "Secret portfolio" not in body
        return HIDDEN
    assert response.status_code == 200
    if "This page is protected" in body:
        assert "The hidden words" not in body and "Secret portfolio" not in body
        return LOCKED
    assert "The hidden words" in body
    return SHOWN


@pytest.mark.parametrize(("visibility", "for_owner", "for_other", "for_anon"), MATRIX)
def test_the_visibility_matrix(
    owner, owner_client, other_client, anon_client, visibility, for_owner, for_other, for_anon
):
    page = _page(owner, visibility)
    assert _outcome(public(owner_client, page)) == for_owner
    assert _outcome(public(other_client, page)) == for_other
    assert _outcome(public(anon_client, page)) == for_anon


@pytest.mark.parametrize("client_name", ["other_client", "anon_client"])
def test_an_unlocked_password_page_is_shown(request, owner, client_name):
    client = request.getfixturevalue(client_name)
    page = _page(owner, Page.Visibility.PASSWORD)
    response = client.post(reverse("pages:unlock", args=[page.public_id]), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:public", args=[page.public_id])
    assert _outcome(public(client, page)) == SHOWN


@pytest.mark.parametrize("visibility", [v for v, *_ in MATRIX])
def test_shown_pages_are_kept_a_minute_and_others_not_at_all(anon_client, owner, visibility):
    # A shown page holds nothing of the visitor, so any cache may keep it a minute (a
    # page made private is not shown long); a page that is not shown (or asks for its
    # password) is not kept at all.
    response = public(anon_client, _page(owner, visibility))
    cache_control = response["Cache-Control"]
    if _outcome(response) == SHOWN:
        assert "public" in cache_control and "max-age=60" in cache_control
        assert "stale-while-revalidate" in cache_control
        assert "csrfmiddlewaretoken" not in response.content.decode()
    else:
        assert "no-cache" in cache_control and "public" not in cache_control


def test_making_a_page_private_hides_it_at_once(anon_client, owner):
    page = _page(owner, Page.Visibility.PUBLIC)
    assert _outcome(public(anon_client, page)) == SHOWN
    page.visibility = Page.Visibility.PRIVATE
    page.save()
    assert _outcome(public(anon_client, page)) == HIDDEN


def test_a_deleted_page_is_404(anon_client, owner):
    page = _page(owner, Page.Visibility.PUBLIC)
    page.delete()
    response = public(anon_client, page)
    assert response.status_code == 404
    assert "no-cache" in response["Cache-Control"]


def test_a_deactivated_learners_page_is_404(anon_client, owner):
    page = _page(owner, Page.Visibility.PUBLIC)
    owner.is_active = False
    owner.save()
    assert public(anon_client, page).status_code == 404


def test_an_unknown_address_is_404(anon_client):
    assert anon_client.get(reverse("pages:public", args=["nope" * 5])).status_code == 404


@pytest.mark.parametrize(("visibility", "for_owner", "for_other", "for_anon"), MATRIX)
def test_files_follow_the_page(
    owner, owner_client, other_client, anon_client, visibility, for_owner, for_other, for_anon
):
    page = _page(owner, visibility)
    block = add_file_block(page, Block.Kind.IMAGE, png_bytes(), file_name="a.png", file_type="png")
    for client, outcome in (
        (owner_client, for_owner),
        (other_client, for_other),
        (anon_client, for_anon),
    ):
        status = client.get(block.file_url).status_code
        assert status == (200 if outcome == SHOWN else 404)


def test_the_cover_follows_the_page(owner, owner_client, anon_client):
    from django.core.files.base import ContentFile

    page = _page(owner, Page.Visibility.PRIVATE)
    page.cover.save("c.png", ContentFile(png_bytes()))
    url = reverse("pages:cover", args=[page.public_id])
    assert owner_client.get(url).status_code == 200
    assert anon_client.get(url).status_code == 404
    page.visibility = Page.Visibility.UNLISTED
    page.save()
    assert anon_client.get(url).status_code == 200
