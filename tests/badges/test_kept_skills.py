"""The learner's skills: counted again when a change touches them, drawn again when
they change, kept in the cache under a version that only badges and tags move."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from badges.models import Badge, LearnerSkill, SkillChange, SkillMention, Tag
from badges.services import skills as skills_service
from badges.services.tags import add_tags, delete_tag, remove_tag, rename_tag
from badges.skill_models import note_changes
from passport.web import pagecache
from tests.badges.factories import make_badge, make_badge_class, make_tag
from tests.badges.test_skills import skill_names
from tests.locks import held_elsewhere

SKILLS = reverse("badges:skills")
GATHERING = SkillMention._meta.db_table  # only gathering every skill reads the mentions


def tagged(owner, name="Welding", **fields) -> Badge:
    return make_badge(owner, make_badge_class(alignments=[], tags=[name]), **fields)


def test_an_edit_that_changes_no_skill_keeps_them(owner_client, owner, django_assert_num_queries):
    tagged(owner)
    assert skill_names(owner_client.get(SKILLS)) == ["Welding"]
    pagecache.bump(owner.pk)  # a page, a collection, the profile: the drawn page goes
    # the session and the learner: the skills and their badges are kept
    with CaptureQueriesContext(connection) as queries, django_assert_num_queries(2):
        response = owner_client.get(SKILLS)
    assert skill_names(response) == ["Welding"]
    assert not [q for q in queries.captured_queries if GATHERING in q["sql"]]


def test_the_drawn_skills_outlive_an_edit_elsewhere(owner_client, owner, monkeypatch):
    from badges.views import skills as view

    tagged(owner)
    owner_client.get(SKILLS)
    pagecache.bump(owner.pk)
    monkeypatch.setattr(view, "_drawn", lambda request: pytest.fail("drawn again"))
    assert skill_names(owner_client.get(SKILLS)) == ["Welding"]


def test_the_versions_of_pages_and_of_skills_move_apart(owner):
    public, kept = pagecache.version(owner.pk), pagecache.version(owner.pk, scope="skills")
    pagecache.bump(owner.pk)
    assert pagecache.version(owner.pk, scope="skills") == kept
    pagecache.bump(owner.pk, "skills")
    assert pagecache.version(owner.pk) != public
    assert pagecache.version(owner.pk, scope="skills") != kept


def _tag_added(owner, badge):
    make_tag(owner, "Carpentry", badges=[badge])


def _tags_added_in_bulk(owner, badge):
    add_tags([badge], owner, ["Carpentry"])  # the tag is there already: no save of it


def _tag_added_in_bulk_was_made_before(owner):
    Tag.objects.create(owner=owner, name="Carpentry")


def _alignment_stated(owner, badge):
    badge.alignments = [{"name": "Carpentry", "url": "https://skills.example.org/carpentry"}]
    badge.save()


def _second_badge(owner, badge):
    make_badge(owner, make_badge_class(alignments=[], tags=["Carpentry"]))


@pytest.mark.parametrize(
    "change", [_tag_added, _tags_added_in_bulk, _alignment_stated, _second_badge]
)
def test_a_new_skill_shows_at_once(owner_client, owner, change):
    badge = tagged(owner)
    if change is _tags_added_in_bulk:
        _tag_added_in_bulk_was_made_before(owner)
    assert skill_names(owner_client.get(SKILLS)) == ["Welding"]
    change(owner, badge)
    assert "Carpentry" in skill_names(owner_client.get(SKILLS))


def _revoked(owner, badge, tag):
    badge.status = Badge.Status.REVOKED
    badge.save(update_fields=["status"])


def _deleted(owner, badge, tag):
    badge.delete()


def _tag_removed(owner, badge, tag):
    remove_tag(badge, tag)


def _tag_deleted(owner, badge, tag):
    delete_tag(tag)


def _tag_renamed(owner, badge, tag):
    rename_tag(tag, "Carpentry")


@pytest.mark.parametrize("change", [_revoked, _deleted, _tag_removed, _tag_deleted, _tag_renamed])
def test_a_skill_no_badge_shows_any_more_goes_at_once(owner_client, owner, change):
    badge = make_badge(owner, make_badge_class(alignments=[], tags=[]))
    tag = make_tag(owner, "Welding", badges=[badge])
    assert skill_names(owner_client.get(SKILLS)) == ["Welding"]
    change(owner, badge, tag)
    assert "Welding" not in skill_names(owner_client.get(SKILLS))


def test_a_renamed_badge_is_drawn_with_its_new_name(owner_client, owner):
    badge = tagged(owner, name="Welding")
    owner_client.get(SKILLS)
    badge.name = "Advanced welding"  # as a re-verification stores what the issuer says now
    badge.save(update_fields=["name"])
    assert "Advanced welding" in owner_client.get(SKILLS).content.decode()


def test_without_a_shared_cache_the_skills_follow_each_change(owner_client, owner, settings):
    settings.PUBLIC_PAGE_CACHE = False  # each server would keep its own copy
    badge = tagged(owner)
    assert skill_names(owner_client.get(SKILLS)) == ["Welding"]
    add_tags([badge], owner, ["Carpentry"])
    assert "Carpentry" in skill_names(owner_client.get(SKILLS))


def counted(owner) -> dict[str, int]:
    return dict(LearnerSkill.objects.filter(owner=owner).values_list("name", "badge_count"))


def test_a_change_is_counted_by_the_worker_before_the_next_view(
    owner_client, owner, settings, monkeypatch
):
    from badges import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker takes the tasks
    sent = []
    monkeypatch.setattr(tasks.settle_skills, "delay", sent.append)
    badge = tagged(owner)
    assert sent == [owner.pk]
    assert counted(owner) == {}  # noted, not counted yet
    tasks.settle_skills(owner.pk)  # what the worker does with it
    assert counted(owner) == {"Welding": 1}
    with CaptureQueriesContext(connection) as queries:
        assert skill_names(owner_client.get(SKILLS)) == ["Welding"]
    assert not [q for q in queries.captured_queries if GATHERING in q["sql"]]
    # More changes at once (an import, say) send no more; the next view counts them.
    make_tag(owner, "Carpentry", badges=[badge])
    assert sent == [owner.pk]
    assert "Carpentry" in skill_names(owner_client.get(SKILLS))
    assert SkillChange.objects.filter(owner_id=owner.pk).count() == 0


def test_without_a_worker_the_writer_counts_its_change(owner):
    tagged(owner)  # tasks run eagerly here, as with `make run`, once the change commits
    assert counted(owner) == {"Welding": 1}
    assert not SkillChange.objects.filter(owner_id=owner.pk).exists()


def test_a_change_counts_again_only_the_skills_it_touches(owner_client, owner, monkeypatch):
    badge = tagged(owner, name="Welding")
    tagged(owner, name="Carpentry")
    owner_client.get(SKILLS)
    rows = dict(LearnerSkill.objects.filter(owner=owner).values_list("name", "pk"))
    counting, asked = skills_service._gathered, []
    monkeypatch.setattr(
        skills_service,
        "_gathered",
        lambda owner_id, keys: asked.append(keys) or counting(owner_id, keys),
    )
    add_tags([badge], owner, ["Carpentry"])
    assert skill_names(owner_client.get(SKILLS)) == ["Carpentry", "Welding"]
    assert asked == [["carpentry"]]
    assert counted(owner) == {"Carpentry": 2, "Welding": 1}
    after = dict(LearnerSkill.objects.filter(owner=owner).values_list("name", "pk"))
    assert after["Welding"] == rows["Welding"]  # left as it was
    assert after["Carpentry"] != rows["Carpentry"]


def test_on_postgresql_the_counting_is_prepared_once_for_any_keys(owner):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements: PostgreSQL")
    tagged(owner, name="Welding")
    skills_service._gathered(owner.pk, ["welding"])
    statement = skills_service._gathering("postgresql", "= ANY(%(keys)s)").statement_name
    assert statement in connection.passport_prepared
    found = skills_service._gathered(owner.pk, ["welding", "carpentry"])  # the same statement
    assert [(skill.name, skill.badge_count) for skill in found] == [("Welding", 1)]


def test_a_change_noted_while_counting_is_left_for_its_own_settling(owner, monkeypatch):
    badge = tagged(owner)
    note_changes(owner.pk, ["welding"])
    counting = skills_service._gathered

    def meanwhile(owner_id, keys):
        found = counting(owner_id, keys)
        SkillChange.objects.create(owner_id=owner_id, key="carpentry")  # another commit
        return found

    monkeypatch.setattr(skills_service, "_gathered", meanwhile)
    skills_service.settle(owner.pk)
    assert list(SkillChange.objects.filter(owner_id=owner.pk).values_list("key", flat=True)) == [
        "carpentry"
    ]
    monkeypatch.undo()
    make_tag(owner, "Carpentry", badges=[badge])
    skills_service.settle(owner.pk)
    assert counted(owner) == {"Welding": 1, "Carpentry": 1}


def test_many_changes_at_once_count_every_skill_again(owner, monkeypatch):
    tagged(owner, name="Welding")
    tagged(owner, name="Carpentry")
    LearnerSkill.objects.create(owner=owner, kind="tag", key="gone", badge_count=3, name="Gone")
    monkeypatch.setattr(skills_service, "KEYS_AT_MOST", 1)
    note_changes(owner.pk, ["welding", "carpentry"])
    skills_service.settle(owner.pk)
    assert counted(owner) == {"Welding": 1, "Carpentry": 1}  # and no row left behind


def test_a_settling_for_a_deleted_account_counts_nothing(owner):
    SkillChange.objects.create(owner_id=owner.pk + 1000, key="welding")  # no such learner
    skills_service.settle(owner.pk + 1000)
    assert not LearnerSkill.objects.exists()


def test_the_upgrade_notes_every_skill_of_every_learner(owner, other):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("badges.migrations.0020_learner_skills")
    badge = tagged(owner, name="Welding")
    make_tag(owner, "Carpentry", badges=[badge])
    tagged(other, name="Riveting")
    make_tag(other, "Unused")
    SkillChange.objects.all().delete()
    LearnerSkill.objects.all().delete()
    migration.note_every_skill(apps, None)
    notes = set(SkillChange.objects.values_list("owner_id", "key"))
    assert notes == {(owner.pk, "welding"), (owner.pk, "carpentry"), (other.pk, "riveting")}
    skills_service.settle(owner.pk)
    assert counted(owner) == {"Welding": 1, "Carpentry": 1}


def test_deleting_the_account_leaves_no_skill_of_it(owner_client, owner):
    from passport.privacy import erase_account

    tagged(owner)
    owner_client.get(SKILLS)
    owner_id = owner.pk
    assert LearnerSkill.objects.filter(owner_id=owner_id).exists()
    erase_account(owner)
    assert not LearnerSkill.objects.filter(owner_id=owner_id).exists()
    assert not SkillChange.objects.filter(owner_id=owner_id).exists()


def test_kept_skills_cost_one_cache_round_trip_with_the_header(owner_client, owner, monkeypatch):
    tagged(owner)
    owner_client.get(SKILLS)
    reads = []
    inside = []  # a get_many of the local-memory cache calls get for each key

    def get_many(keys, *args, _o=cache.get_many, **kwargs):
        reads.append(list(keys))
        inside.append(True)
        try:
            return _o(keys, *args, **kwargs)
        finally:
            inside.pop()

    def get(key, *args, _o=cache.get, **kwargs):
        if not inside:
            reads.append([key])
        return _o(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    monkeypatch.setattr(cache, "get", get)
    assert skill_names(owner_client.get(SKILLS)) == ["Welding"]
    (ahead,) = [keys for keys in reads if f"skills-version:{owner.pk}" in keys]
    assert any(key.startswith(f"drawn:{owner.pk}:each-own-skills:") for key in ahead)
    assert any(key.startswith(f"drawn:{owner.pk}:site-header:") for key in ahead)
    assert [
        keys for keys in reads if keys is not ahead and not keys[0].startswith(":1:django")
    ] == [], reads


@pytest.mark.django_db(transaction=True)
def test_a_settling_waits_for_the_learners_row_as_deleting_the_account_holds_it(owner):
    """The learner's row first, then the notes, in the order deleting an account takes
    them: a settling running beside it waits instead of deadlocking it."""
    if not connection.features.has_select_for_update:
        pytest.skip("this database has no row locks (SQLite); CI runs it on PostgreSQL")
    from django.contrib.auth import get_user_model
    from django.db import OperationalError, transaction

    note_changes(owner.pk, ["welding"])
    deleting = get_user_model().objects.select_for_update()
    with (
        held_elsewhere(lambda: deleting.get(pk=owner.pk)),
        transaction.atomic(),
        pytest.raises(OperationalError, match="lock timeout"),
    ):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '300ms'")
        skills_service.settle(owner.pk)
    assert SkillChange.objects.filter(owner_id=owner.pk).count() == 1  # not taken


def test_the_upgrade_gives_mentions_their_learner_and_a_digest_of_a_long_key(owner):
    import importlib

    from django.apps import apps

    from badges.skill_models import bounded_key

    migration = importlib.import_module("badges.migrations.0020_learner_skills")
    long_url = "https://skills.example.org/" + "x" * 500
    welding = {"name": "Welding", "url": long_url}
    badge = make_badge(owner, make_badge_class(alignments=[welding], tags=[]))
    (mention,) = SkillMention.objects.filter(badge=badge)
    assert mention.key == bounded_key(long_url) != long_url  # new mentions are bounded
    SkillMention.objects.filter(pk=mention.pk).update(owner_id=0, key=long_url)  # as before
    migration.fill_owners_and_bound_keys(apps, None)
    mention.refresh_from_db()
    assert (mention.owner_id, mention.key) == (owner.pk, bounded_key(long_url))
    assert len(mention.key) < 100 and mention.url == long_url  # the link stays whole


def test_a_skill_with_a_long_address_is_one_skill_and_links_to_it(owner_client, owner):
    long_url = "https://skills.example.org/" + "x" * 500
    for _ in range(2):
        tagged(owner, name="unused")
        make_badge(owner, make_badge_class(alignments=[{"name": "Welding", "url": long_url}]))
    content = owner_client.get(SKILLS).content.decode()
    assert content.count(f'href="{long_url}"') == 1
    assert counted(owner)["Welding"] == 2


def test_a_view_that_waited_for_the_worker_counts_what_the_worker_counted(
    owner_client, owner, monkeypatch
):
    """The view saw notes, then the worker took them first: its page is the worker's."""
    badge = tagged(owner, name="Welding")
    owner_client.get(SKILLS)
    add_tags([badge], owner, ["Carpentry", "First aid"])
    seen = skills_service._count_and_changes(owner.pk)  # (1 skill, changes noted)
    skills_service.settle(owner.pk)  # the worker, while the view waited for the lock
    monkeypatch.setattr(skills_service, "_count_and_changes", lambda owner_id: seen)
    assert skill_names(owner_client.get(SKILLS)) == ["Carpentry", "First aid", "Welding"]


def _settling(owner) -> None:
    """A settling's first statement: the learner's row locked, the notes taken."""
    with connection.cursor() as cursor:
        take = skills_service._statement(skills_service._TAKE_NOTES_LOCKED, "postgresql")
        take.execute(cursor, {"owner": owner.pk})


@pytest.mark.django_db(transaction=True)
def test_deleting_an_account_waits_for_a_settling_before_it_erases_anything(owner, monkeypatch):
    from django.db import OperationalError, transaction

    from passport import privacy
    from passport.privacy import erase_account

    if not connection.features.has_select_for_update:
        pytest.skip("this database has no row locks (SQLite); CI runs it on PostgreSQL")
    erased = []
    monkeypatch.setattr(privacy, "_erasers", [erased.append, *privacy._erasers])
    with (
        held_elsewhere(lambda: _settling(owner)),
        transaction.atomic(),
        pytest.raises(OperationalError, match="lock timeout"),
    ):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '300ms'")
        erase_account(owner)
    assert erased == []  # no file went before the deletion could go ahead
    assert type(owner).objects.filter(pk=owner.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_settling_lets_the_learners_new_tags_and_badges_through(owner):
    from django.db import transaction

    if not connection.features.has_select_for_update:
        pytest.skip("this database has no row locks (SQLite); CI runs it on PostgreSQL")
    with held_elsewhere(lambda: _settling(owner)), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '300ms'")
        make_tag(owner, "Carpentry")  # its foreign key to the learner is checked
    assert Tag.objects.filter(owner=owner, name="Carpentry").exists()
