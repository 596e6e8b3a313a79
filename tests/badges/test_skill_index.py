"""The skills a badge's credential states, kept as rows whenever the badge is saved."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from badges.models import SkillMention
from tests.badges.factories import make_badge, make_badge_class
from tests.badges.test_skills import skill_names
from tests.migrating import back_to_the_latest_schema, migrate_to  # noqa: F401 (a fixture)

SKILLS = reverse("badges:skills")


def mentions(badge) -> list[tuple]:
    return list(badge.skill_mentions.values_list("kind", "key", "spelling", "position"))


def test_a_new_badge_has_each_skill_it_states_once(owner):
    welding = {"name": "Welding", "url": "https://skills.example.org/weld", "framework": "ESCO"}
    badge = make_badge(
        owner,
        make_badge_class(
            # The same alignment twice (by URL), one named only, one with nothing to show.
            alignments=[welding, {**welding, "name": "Welding II"}, {"name": "Safety"}, {}],
            tags=["Shop  Floor", "shop floor", " "],
        ),
    )
    assert mentions(badge) == [
        ("alignment", "https://skills.example.org/weld", "Welding", 0),
        ("alignment", "safety", "Safety", 1),
        ("tag", "shop floor", "Shop Floor", 2),
    ]
    assert badge.skill_mentions.get(position=0).framework == "ESCO"


def test_new_alignments_replace_the_old_ones(owner_client, owner):
    badge = make_badge(owner, make_badge_class(alignments=[{"name": "Old skill"}], tags=[]))
    badge.alignments = [{"name": "New skill"}]
    badge.tags = ["fresh"]
    badge.save(update_fields=["alignments", "tags"])
    assert [m[2] for m in mentions(badge)] == ["New skill", "fresh"]
    assert skill_names(owner_client.get(SKILLS)) == ["fresh", "New skill"]


def test_a_save_that_leaves_the_skills_alone_does_not_write_them(owner):
    badge = make_badge(owner, make_badge_class(alignments=[{"name": "Kept"}], tags=[]))
    badge.visibility = "public"
    with CaptureQueriesContext(connection) as queries:
        badge.save(update_fields=["visibility"])
    assert not [q for q in queries if SkillMention._meta.db_table in q["sql"]]
    assert [m[2] for m in mentions(badge)] == ["Kept"]


def test_a_deleted_badge_takes_its_skills_with_it(owner_client, owner):
    badge = make_badge(owner, make_badge_class(alignments=[{"name": "Gone"}], tags=[]))
    badge.delete()
    assert not SkillMention.objects.exists()
    assert skill_names(owner_client.get(SKILLS)) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_the_migration_indexes_the_badges_already_stored():
    apps = migrate_to([("badges", "0016_badge_sort_names")])
    User = apps.get_model("accounts", "User")
    Badge = apps.get_model("badges", "Badge")
    owner = User.objects.create(email="before@example.org")
    badge = Badge.objects.create(
        owner=owner,
        identity_key="a",
        spec="2.0",
        name="Robotics",
        issued_on=datetime(2024, 1, 1, tzinfo=UTC),
        alignments=[{"name": "Robots", "url": "https://skills.example/robots"}, "junk"],
        tags=["Robots ", "robots"],
    )
    apps = migrate_to([("badges", "0017_skill_mentions")])
    rows = apps.get_model("badges", "SkillMention").objects.filter(badge_id=badge.pk)
    assert list(rows.order_by("position").values_list("kind", "key", "spelling", "folded")) == [
        ("alignment", "https://skills.example/robots", "Robots", "robots"),
        ("tag", "robots", "Robots", "robots"),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_the_migration_folds_again_the_tags_renamed_before():
    apps = migrate_to([("badges", "0018_badge_newest_index")])
    owner = apps.get_model("accounts", "User").objects.create(email="renamed@example.org")
    Tag = apps.get_model("badges", "Tag")
    renamed = Tag.objects.create(owner=owner, name="Zinc Work", key="zinc work", folded="aaa")
    kept = Tag.objects.create(owner=owner, name="Brass", key="brass", folded="brass")
    apps = migrate_to([("badges", "0019_tag_folded_after_rename")])
    Tag = apps.get_model("badges", "Tag")
    assert Tag.objects.get(pk=renamed.pk).folded == "zinc work"
    assert Tag.objects.get(pk=kept.pk).folded == "brass"
