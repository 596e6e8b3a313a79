"""Migration 0004 moves badges from the shared rows to their own display data, losing nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile

from tests.migrating import back_to_the_latest_schema, migrate_to  # noqa: F401 (a fixture)

BEFORE = [("badges", "0003_learnerevidence_file_block_learnerevidence_page")]
AFTER = [("badges", "0004_badge_owns_display_data")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_every_badge_gets_its_own_copy_of_what_it_showed(media_root):
    apps = migrate_to(BEFORE)
    User = apps.get_model("accounts", "User")
    Issuer = apps.get_model("badges", "Issuer")
    BadgeClass = apps.get_model("badges", "BadgeClass")
    Badge = apps.get_model("badges", "Badge")
    one = User.objects.create(email="one@example.org")
    two = User.objects.create(email="two@example.org")
    issuer = Issuer.objects.create(
        identifier="https://uni.example/issuer",
        name="Example University",
        url="https://uni.example/",
        email="badges@uni.example",
    )
    badge_class = BadgeClass.objects.create(
        identifier="https://uni.example/badges/1",
        issuer=issuer,
        name="Robotics",
        description="Built a robot.",
        criteria_url="https://uni.example/criteria/1",
        criteria_narrative="Build it.",
        alignments=[{"name": "Robots", "url": "https://skills.example/robots"}],
        tags=["robots"],
        image_source="https://uni.example/robotics.png",
    )
    badge_class.image.save("image.png", ContentFile(b"\x89PNG-bytes"), save=True)
    common = {
        "badge_class": badge_class,
        "spec": "2.0",
        "original": "{}",
        "issued_on": datetime(2024, 1, 1, tzinfo=UTC),
    }
    hosted = Badge.objects.create(
        owner=one,
        identity_key="a",
        credential_id="https://uni.example/a/1",
        verification={"method": "hosted", "source_url": "https://uni.example/a/1"},
        **common,
    )
    self_signed = Badge.objects.create(
        owner=two,
        identity_key="b",
        credential_id="urn:uuid:1",
        verification={"method": "vc-jwt", "key_id": "did:key:z6Mk", "self_asserted_key": True},
        **common,
    )

    apps = migrate_to(AFTER)
    Badge = apps.get_model("badges", "Badge")

    hosted, self_signed = Badge.objects.get(pk=hosted.pk), Badge.objects.get(pk=self_signed.pk)
    for badge in (hosted, self_signed):
        assert (badge.name, badge.description) == ("Robotics", "Built a robot.")
        assert (badge.criteria_url, badge.criteria_narrative) == (
            "https://uni.example/criteria/1",
            "Build it.",
        )
        assert badge.alignments == [{"name": "Robots", "url": "https://skills.example/robots"}]
        assert badge.tags == ["robots"]
        assert badge.achievement_id == "https://uni.example/badges/1"
        assert (badge.issuer_identifier, badge.issuer_name) == (
            "https://uni.example/issuer",
            "Example University",
        )
        assert (badge.issuer_url, badge.issuer_email) == (
            "https://uni.example/",
            "badges@uni.example",
        )
        assert badge.image.read() == b"\x89PNG-bytes"
    assert hosted.image.name != self_signed.image.name  # each its own file
    assert (hosted.trust, hosted.trust_source) == ("issuer_confirmed", "uni.example")
    assert (self_signed.trust, self_signed.trust_source) == ("issuer_not_confirmed", "")
    assert hosted.issuer_key == self_signed.issuer_key != ""
