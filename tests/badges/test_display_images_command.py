"""Badges stored before display copies existed get one: ``make_display_images``."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from badges.images import DISPLAY_SIZE
from badges.models import Badge
from tests.badges.conftest import png_bytes
from tests.badges.factories import make_badge, make_badge_class, make_issuer, with_original_file
from tests.passport.test_web_images import _huge_png_header

pytestmark = pytest.mark.django_db


def _badge(owner, image: bytes | None = None) -> Badge:
    badge = make_badge(owner, make_badge_class(make_issuer(name="Robot Academy")))
    if image is not None:
        badge.image.save("image.png", ContentFile(image), save=True)
    return badge


def _run() -> str:
    out = io.StringIO()
    call_command("make_display_images", stdout=out)
    return out.getvalue()


def test_a_large_stored_image_is_replaced_by_its_display_copy(owner, media_root):
    badge = _badge(owner, png_bytes(size=(3000, 1500)))
    old = badge.image.path

    output = _run()

    badge.refresh_from_db()
    assert Image.open(badge.image.open("rb")).size == (DISPLAY_SIZE, DISPLAY_SIZE // 2)
    assert badge.image.path != old and not (media_root / old).exists()
    assert "for 1 badge(s)" in output


def test_a_badge_shown_from_its_baked_file_gets_a_copy_and_keeps_the_file(owner):
    baked = png_bytes((9, 9, 9), size=(2000, 2000))
    badge = with_original_file(_badge(owner), baked)
    assert not badge.image

    _run()

    badge.refresh_from_db()
    assert Image.open(badge.image.open("rb")).size == (DISPLAY_SIZE, DISPLAY_SIZE)
    assert badge.original_file.open("rb").read() == baked


def test_a_stored_image_over_the_pixel_cap_is_dropped(owner, media_root):
    badge = _badge(owner, _huge_png_header(100_000, 100_000))
    old = badge.image.path

    _run()

    badge.refresh_from_db()
    assert not badge.image and not (media_root / old).exists()


def test_running_it_again_changes_nothing(owner):
    badge = _badge(owner, png_bytes(size=(2000, 2000)))
    _run()
    badge.refresh_from_db()
    first = badge.image.name

    _run()

    badge.refresh_from_db()
    assert badge.image.name == first
