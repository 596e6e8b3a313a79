"""Badges for the sharing tests, made directly with the ORM as an import would store them."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from PIL import Image

from badges.models import Badge, Collection, VerificationCheck
from tests.badges import factories as backpack
from tests.badges.factories import make_evidence, make_issuer

__all__ = ["make_evidence", "make_issuer"]

_sequence = itertools.count(1)
ISSUED = datetime(2024, 3, 15, 12, 0, tzinfo=UTC)


def png_bytes(size=(120, 120), color=(29, 78, 137, 255)) -> bytes:
    output = io.BytesIO()
    Image.new("RGBA", size, color).save(output, format="PNG")
    return output.getvalue()


def make_badge_class(
    issuer: backpack.IssuerSpec | None = None, *, image: bytes | None = None, **fields
) -> backpack.BadgeClassSpec:
    badge_class = backpack.make_badge_class(issuer, **fields)
    if image is not None:
        badge_class.image.save("image.png", ContentFile(image), save=True)
    return badge_class


def make_badge(owner, badge_class: backpack.BadgeClassSpec | None = None, **fields) -> Badge:
    """A badge as an import stores it, with the original JSON a visitor may download."""
    badge_class = badge_class or make_badge_class()
    stored = backpack.badge_fields(owner, badge_class, **fields)
    credential_id = stored["credential_id"]
    defaults = {
        "original": f'{{"id": "{credential_id}", "type": "Assertion"}}',
        "issued_on": ISSUED + timedelta(days=next(_sequence)),
        "verification": {
            "method": "hosted",
            "status": "verified",
            "source_url": credential_id,
            "issuer_origin": stored["trust_source"],
            "steps": ["Fetched the assertion from its hosted URL.", "The recipient matches."],
        },
    }
    badge = Badge.objects.create(**(stored | defaults | fields))
    return backpack.attach_image(badge, badge_class)


def make_public_badge(owner, badge_class: backpack.BadgeClassSpec | None = None, **fields) -> Badge:
    return make_badge(owner, badge_class, visibility=Badge.Visibility.PUBLIC, **fields)


def make_check(badge: Badge, detail: str = "Fetched.\nRecipient matches.", **fields):
    defaults = {"status": badge.status, "method": "hosted", "detail": detail}
    return VerificationCheck.objects.create(badge=badge, **(defaults | fields))


def make_collection(owner, badges=(), **fields) -> Collection:
    """A collection of ``badges`` in order (the sharing tests name badges first)."""
    return backpack.make_collection(owner, fields.pop("name", "Job application"), badges, **fields)
