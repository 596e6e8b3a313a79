"""Badges in "Download my data", and gone with the account."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from badges.models import Badge
from badges.openbadges.bake import bake_png
from badges.services.importing import ImportSource, import_badges
from passport import privacy
from tests.badges.conftest import png_bytes, stored_files

EMAIL = "owner@example.org"


@pytest.mark.django_db
def test_export_holds_each_badge_original_and_normalised_json(owner, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    baked = bake_png(png_bytes(), url)
    token = issuer.signed_assertion(EMAIL, "2.0")
    import_badges(owner, [ImportSource.from_file("b.png", baked), ImportSource.from_text(token)])
    with privacy.build_export(owner) as exported:
        archive = zipfile.ZipFile(io.BytesIO(exported.read()))
    names = archive.namelist()
    pngs = [n for n in names if n.startswith("badges/") and n.endswith("original.png")]
    jwss = [n for n in names if n.startswith("badges/") and n.endswith("original.jws")]
    assert archive.read(pngs[0]) == baked
    assert archive.read(jwss[0]).decode() == token
    data = json.loads(archive.read(pngs[0].replace("original.png", "badge.json")))
    assert data["name"] == "Robotics" and data["issuer"]["name"] == "Robot Academy"
    assert data["status"] == "verified" and data["spec"] == "2.0"


@pytest.mark.django_db
def test_account_deletion_removes_badges_and_their_files(owner, other, issuer, media_root):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    import_badges(owner, [ImportSource.from_file("b.png", bake_png(png_bytes(), url))])
    url2, _text = issuer.hosted_assertion(other.email, "2.0")
    import_badges(other, [ImportSource.from_url(url2)])
    original = Badge.objects.get(owner=owner).original_file.path
    privacy.erase_account(owner)
    assert not Badge.objects.filter(owner_id=owner.pk).exists()
    assert all(str(p) != original for p in stored_files(media_root))
    # The other learner's badge keeps its own image.
    kept = Badge.objects.get(owner=other)
    assert kept.image and (media_root / kept.image.name).exists()
