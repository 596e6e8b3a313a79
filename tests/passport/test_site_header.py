"""A learner's header is drawn once per kind of page and language, and kept: every visit
still shows its own address, the learner's own e-mail and a CSRF token of its own."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

GALLERY = reverse("badges:gallery")
SKILLS = reverse("badges:skills")


def header(response) -> str:
    found = re.search(r'<header class="site-header".*?</header>', response.content.decode(), re.S)
    assert found, "no header"
    return found.group(0)


def current(response) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', header(response))


def next_path(response) -> str:
    return re.search(r'name="next" type="hidden" value="([^"]*)"', header(response)).group(1)


def test_each_visit_carries_its_own_address_and_page(owner_client):
    first = owner_client.get(GALLERY, {"q": "a&b", "page": "2"})
    again = owner_client.get(GALLERY, {"q": "<other>"})
    skills = owner_client.get(SKILLS)

    assert next_path(first) == "/badges/?q=a%26b&amp;page=2"
    assert next_path(again) == "/badges/?q=%3Cother%3E"
    assert current(first) == current(again) == [GALLERY]
    assert current(skills) == [SKILLS]


def test_it_follows_the_learners_e_mail_and_language(owner_client, owner):
    assert owner.email in header(owner_client.get(GALLERY))
    owner.email = "renamed@example.org"
    owner.save()

    renamed = header(owner_client.get(GALLERY))
    french = header(owner_client.get(GALLERY, HTTP_ACCEPT_LANGUAGE="fr"))

    assert "renamed@example.org" in renamed
    assert "Log out" in renamed and "Se déconnecter" in french


def test_one_learners_header_is_never_shown_to_another(owner_client, other_client, owner, other):
    assert owner.email in header(owner_client.get(GALLERY))

    theirs = header(other_client.get(GALLERY))

    assert other.email in theirs and owner.email not in theirs


def test_its_forms_carry_each_visitors_own_csrf_token(owner_client, owner):
    owner_client.get(GALLERY)  # drawn and kept with another visitor's token
    fresh = Client(enforce_csrf_checks=True)
    fresh.force_login(owner)

    kept = header(fresh.get(GALLERY))
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept))
    assert len(tokens) == 1
    answer = fresh.post(
        reverse("set_language"), {"csrfmiddlewaretoken": tokens.pop(), "language": "fr"}
    )

    assert answer.status_code == 302  # accepted: the token is this visitor's


def test_visitors_get_links_to_log_in_and_nothing_kept(anon_client):
    drawn = header(anon_client.get("/accounts/login/?next=/badges/"))

    assert 'href="/accounts/signup/"' in drawn
    assert "csrfmiddlewaretoken" not in drawn  # links only: public pages may be shared
    assert "next=/accounts/login/%3Fnext%3D/badges/" in drawn
