"""Fixtures of the pages tests: a throwaway media folder, fresh caches, a page and badges."""

from __future__ import annotations

from pathlib import Path

import pytest

from badges.models import Badge
from tests.badges.factories import make_badge, make_badge_class, make_issuer
from tests.pages.factories import make_page, with_image


@pytest.fixture
def page(owner):
    return make_page(owner)


@pytest.fixture
def public_badge(owner) -> Badge:
    issuer = make_issuer(name="Robot Academy")
    badge_class = with_image(make_badge_class(issuer, name="Robotics Level 1"))
    return make_badge(owner, badge_class, visibility=Badge.Visibility.PUBLIC)


@pytest.fixture
def private_badge(owner) -> Badge:
    badge_class = make_badge_class(make_issuer(name="Secret Issuer"), name="Hidden Skill")
    return make_badge(owner, badge_class, visibility=Badge.Visibility.PRIVATE)


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()
