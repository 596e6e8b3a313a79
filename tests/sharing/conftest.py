"""Fixtures of the sharing tests: a throwaway media folder, fresh caches, a public badge."""

from __future__ import annotations

import pytest

from tests.sharing.factories import make_badge_class, make_issuer, make_public_badge, png_bytes


@pytest.fixture
def badge(owner):
    """A public badge with a PNG image, an accented name and an ampersand in its issuer."""
    issuer = make_issuer(name="L'École & Co", url="https://ecole.example.org/")
    badge_class = make_badge_class(issuer, name='Café "Barista" Level 2', image=png_bytes())
    return make_public_badge(owner, badge_class)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()
