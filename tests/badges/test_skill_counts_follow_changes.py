"""The skills counted change by change are the skills counted from scratch.

A seeded run of the changes a learner and re-verification make (tags put on, taken
off, renamed, merged and deleted; alignments and issuer's tags restated; badges
revoked, restored, re-dated, renamed, added and deleted), settling after each, and
comparing every stored skill with a count over all the badges.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from badges.models import Badge, LearnerSkill, SkillChange, Tag
from badges.services import skills as skills_service
from badges.services.tags import add_tags, delete_tag, remove_tag, rename_tag
from tests.badges.factories import make_badge, make_badge_class

pytestmark = pytest.mark.django_db

NAMES = ["Welding", "welding", "Carpentry", "First aid", "Night shift"]


def stored(owner) -> list[tuple]:
    rows = LearnerSkill.objects.filter(owner=owner).values_list(
        "kind", "key", "badge_count", "name", "url", "framework", "code", "description", "shown"
    )
    return sorted((*row[:-1], tuple((badge[0], badge[1]) for badge in row[-1])) for row in rows)


def from_scratch(owner) -> list[tuple]:
    return sorted(
        (
            skill.kind,
            skill.key,
            skill.badge_count,
            skill.name,
            skill.url,
            skill.framework,
            skill.code,
            skill.description,
            tuple((badge.pk, badge.name) for badge in skill.badges),
        )
        for skill in skills_service._gathered(owner.pk, None)
    )


def _alignments(rng: random.Random) -> list[dict]:
    picked = rng.sample(NAMES[:4], rng.randint(0, 2))
    return [
        {
            "name": name,
            "url": f"https://skills.example.org/{name.lower()}" if rng.random() < 0.5 else "",
            "description": rng.choice(["", f"About {name}"]),
        }
        for name in picked
    ]


def test_a_run_of_changes_counts_what_a_count_from_scratch_counts(owner):
    rng = random.Random(2026)
    badges = [
        make_badge(owner, make_badge_class(alignments=_alignments(rng), tags=[rng.choice(NAMES)]))
        for _ in range(5)
    ]

    def live() -> list[Badge]:
        return list(Badge.objects.filter(owner=owner))

    def tags() -> list[Tag]:
        return list(Tag.objects.filter(owner=owner))

    def tag_some():
        add_tags(rng.sample(live(), rng.randint(1, 3)), owner, [rng.choice(NAMES)])

    def untag_one():
        pairs = [(b, t) for t in tags() for b in t.badges.all()]
        if pairs:
            remove_tag(*rng.choice(pairs))

    def rename_or_merge():
        if tags():
            rename_tag(rng.choice(tags()), rng.choice(NAMES))

    def delete_one_tag():
        if tags():
            delete_tag(rng.choice(tags()))

    def restate():
        badge = rng.choice(live())
        badge.alignments = _alignments(rng)
        badge.tags = rng.sample(NAMES, rng.randint(0, 2))
        badge.save()

    def revoke_or_restore():
        badge = rng.choice(live())
        badge.status = rng.choice([Badge.Status.REVOKED, Badge.Status.VERIFIED])
        badge.save(update_fields=["status"])

    def redate_or_rename():
        badge = rng.choice(live())
        badge.issued_on = badge.issued_on - timedelta(days=rng.randint(-400, 400))
        badge.name = f"{badge.name.split(' #')[0]} #{rng.randint(1, 99)}"
        badge.save(update_fields=["issued_on", "name"])

    def add_badge():
        make_badge(owner, make_badge_class(alignments=_alignments(rng), tags=[rng.choice(NAMES)]))

    def delete_badge():
        if len(live()) > 2:
            rng.choice(live()).delete()

    changes = [tag_some, untag_one, rename_or_merge, delete_one_tag, restate]
    changes += [revoke_or_restore, redate_or_rename, add_badge, delete_badge]
    assert badges
    for step in range(80):
        change = rng.choice(changes)
        change()
        skills_service.settle(owner.pk)
        assert not SkillChange.objects.filter(owner_id=owner.pk).exists()
        assert stored(owner) == from_scratch(owner), f"step {step}: {change.__name__}"
    assert stored(owner)  # the run left skills to compare
