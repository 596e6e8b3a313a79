"""Password-protected pages: hashed, unlocked once per session, attempts rate-limited."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.test import Client
from django.urls import reverse

from pages.models import Block, Page
from pages.views_public import UNLOCK_LIMIT
from tests.pages.factories import add_block, make_page
from tests.pages.helpers import public

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked_page(owner) -> Page:
    page = make_page(owner, visibility=Page.Visibility.PASSWORD)
    page.password_hash = make_password("right password")
    page.save()
    add_block(page, Block.Kind.TEXT, text="Behind the gate")
    return page


def _unlock(client, page, password: str, address: str = "203.0.113.5"):
    url = reverse("pages:unlock", args=[page.public_id])
    return client.post(url, {"password": password}, REMOTE_ADDR=address)


def test_publishing_with_a_password_stores_only_its_hash(owner_client, page):
    url = reverse("pages:publish", args=[page.pk])
    response = owner_client.post(url, {"visibility": "password", "password": "s3cret-words"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.visibility == Page.Visibility.PASSWORD
    assert "s3cret-words" not in page.password_hash
    assert check_password("s3cret-words", page.password_hash)


def test_a_password_is_required_and_not_too_short(owner_client, page):
    url = reverse("pages:publish", args=[page.pk])
    response = owner_client.post(url, {"visibility": "password", "password": ""})
    assert response.status_code == 400
    assert "Choose a password for this page." in response.content.decode()
    response = owner_client.post(url, {"visibility": "password", "password": "abc"})
    assert "Use at least 6 characters." in response.content.decode()
    page.refresh_from_db()
    assert page.visibility == Page.Visibility.PRIVATE


def test_an_empty_password_keeps_the_current_one(owner_client, locked_page):
    old = locked_page.password_hash
    url = reverse("pages:publish", args=[locked_page.pk])
    owner_client.post(url, {"visibility": "password", "password": ""})
    locked_page.refresh_from_db()
    assert locked_page.password_hash == old


def test_leaving_password_mode_forgets_the_password(owner_client, locked_page):
    url = reverse("pages:publish", args=[locked_page.pk])
    owner_client.post(url, {"visibility": "unlisted", "password": ""})
    locked_page.refresh_from_db()
    assert (locked_page.visibility, locked_page.password_hash) == ("unlisted", "")


def test_the_right_password_unlocks_for_this_session_only(anon_client, locked_page):
    assert "Behind the gate" not in public(anon_client, locked_page).content.decode()
    assert _unlock(anon_client, locked_page, "right password").status_code == 302
    assert "Behind the gate" in public(anon_client, locked_page).content.decode()
    assert "Behind the gate" not in public(Client(), locked_page).content.decode()


def test_a_wrong_password_says_so(anon_client, locked_page):
    response = _unlock(anon_client, locked_page, "wrong")
    body = response.content.decode()
    assert response.status_code == 400
    assert "This password is not right." in body
    assert "Behind the gate" not in body


def test_a_new_password_locks_earlier_visitors_out(anon_client, locked_page):
    _unlock(anon_client, locked_page, "right password")
    locked_page.password_hash = make_password("another one")
    locked_page.save()
    assert "This page is protected" in public(anon_client, locked_page).content.decode()


def test_attempts_are_limited_per_address_and_page(anon_client, owner, locked_page):
    for _ in range(UNLOCK_LIMIT):
        assert _unlock(anon_client, locked_page, "wrong").status_code == 400
    blocked = _unlock(anon_client, locked_page, "right password")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert "Behind the gate" not in public(anon_client, locked_page).content.decode()
    # Another address, or another page from the same address, still gets its tries.
    assert _unlock(Client(), locked_page, "right password", "198.51.100.7").status_code == 302
    second = make_page(owner, visibility=Page.Visibility.PASSWORD)
    second.password_hash = make_password("second page")
    second.save()
    assert _unlock(anon_client, second, "second page").status_code == 302


def test_the_locked_page_reveals_nothing_of_the_page(anon_client, owner):
    page = make_page(
        owner, "Very private title", visibility=Page.Visibility.PASSWORD, introduction="Intro words"
    )
    page.password_hash = make_password("pw-pw-pw")
    page.save()
    body = public(anon_client, page).content.decode()
    assert "Very private title" not in body and "Intro words" not in body
    assert '<meta name="robots" content="noindex">' in body


def test_the_owner_never_needs_the_password(owner_client, locked_page):
    assert "Behind the gate" in public(owner_client, locked_page).content.decode()


def test_unlocking_a_private_page_is_404(anon_client, owner):
    page = make_page(owner, visibility=Page.Visibility.PRIVATE)
    assert _unlock(anon_client, page, "anything").status_code == 404
