"""The gallery: cards, search, filters, sort, pagination, empty states, query count."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from badges.models import Badge, Notice
from tests.badges.factories import (
    BASE_DATE,
    badge_class_of,
    make_badge,
    make_badge_class,
    make_badges,
    make_collection,
    make_issuer,
    make_tag,
)

GALLERY = reverse("badges:gallery")


def shown(response) -> list[str]:
    """Names of the badges on the page, in order."""
    return re.findall(r"<h3>([^<]+)</h3>", response.content.decode())


@pytest.fixture
def backpack(owner):
    """Three badges of the owner's, from two issuers, with different everything."""
    acme = make_issuer(name="Acme Academy")
    guild = make_issuer(name="Builders Guild")
    python = make_badge(
        owner,
        make_badge_class(
            acme, name="Python Basics", description="Variables and loops.", tags=["code"]
        ),
        issued_on=BASE_DATE,
    )
    welding = make_badge(
        owner,
        make_badge_class(guild, name="Welding", description="Joins metal safely.", tags=["Métier"]),
        issued_on=BASE_DATE + timedelta(days=10),
        status=Badge.Status.EXPIRED,
    )
    teamwork = make_badge(
        owner,
        make_badge_class(acme, name="Teamwork", description="Works well with others.", tags=[]),
        issued_on=BASE_DATE + timedelta(days=5),
        visibility=Badge.Visibility.PUBLIC,
    )
    return {"python": python, "welding": welding, "teamwork": teamwork, "acme": acme}


def test_anonymous_visitors_are_sent_to_log_in(anon_client):
    response = anon_client.get(GALLERY)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_empty_backpack_leads_to_adding_badges(owner_client):
    response = owner_client.get(GALLERY)
    content = response.content.decode()
    assert "Your backpack is empty" in content
    assert reverse("badges:add") in content
    assert "No badges match" not in content


def test_the_gallery_shows_the_owners_badges_only_newest_first(owner_client, other, backpack):
    make_badge(other, make_badge_class(name="Someone else's badge"))
    response = owner_client.get(GALLERY)
    assert shown(response) == ["Welding", "Teamwork", "Python Basics"]
    content = response.content.decode()
    assert "Acme Academy" in content
    assert "Expired" in content  # the status chip, in words
    assert "3 badges" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("python", ["Python Basics"]),  # badge name, any case
        ("guild", ["Welding"]),  # issuer name
        ("others", ["Teamwork"]),  # description
        ("code", ["Python Basics"]),  # the issuer's tags on the badge class
        ("métier", ["Welding"]),  # class tags with accents (stored escaped on SQLite)
        ("METIER", ["Welding"]),  # without the accent, in capitals
        ("MÉTIER", ["Welding"]),  # an accented capital, which SQLite's LIKE does not fold
        ("acme team", ["Teamwork"]),  # every word must match somewhere
        ("nothing-like-this", []),
    ],
)
def test_search(owner_client, backpack, query, expected):
    response = owner_client.get(GALLERY, {"q": query})
    assert shown(response) == expected


def test_search_finds_the_learners_own_tags(owner_client, owner, backpack):
    make_tag(owner, "Portfolio", badges=[backpack["teamwork"]])
    assert shown(owner_client.get(GALLERY, {"q": "portf"})) == ["Teamwork"]


def test_search_ignores_accents_and_case_of_the_learners_own_tags(owner_client, owner, backpack):
    make_tag(owner, "Électronique", badges=[backpack["teamwork"]])

    for query in ("électronique", "ELECTRONIQUE", "Électro"):
        assert shown(owner_client.get(GALLERY, {"q": query})) == ["Teamwork"], query


def test_search_ignores_other_learners_tags_on_their_copies(owner_client, owner, other, backpack):
    theirs = make_badge(other, badge_class_of(backpack["python"]))
    make_tag(other, "secretword", badges=[theirs])
    assert shown(owner_client.get(GALLERY, {"q": "secretword"})) == []


def test_filters(owner_client, owner, backpack):
    tag = make_tag(owner, "cv", badges=[backpack["python"], backpack["welding"]])
    collection = make_collection(owner, "Job", badges=[backpack["welding"]])

    def names(**params):
        return sorted(shown(owner_client.get(GALLERY, params)))

    assert names(tag=tag.pk) == ["Python Basics", "Welding"]
    assert names(collection=collection.pk) == ["Welding"]
    assert names(issuer=backpack["acme"].pk) == ["Python Basics", "Teamwork"]
    assert names(status="expired") == ["Welding"]
    assert names(visibility="public") == ["Teamwork"]
    assert names(tag=tag.pk, issuer=backpack["acme"].pk) == ["Python Basics"]


def test_filters_with_someone_elses_ids_are_not_applied(owner_client, other, backpack):
    their_tag = make_tag(other, "their-private-tag")
    their_collection = make_collection(other, "Their collection")
    response = owner_client.get(GALLERY, {"tag": their_tag.pk, "collection": their_collection.pk})
    assert len(shown(response)) == 3
    assert "their-private-tag" not in response.content.decode()
    assert "Their collection" not in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Welding", "Teamwork", "Python Basics"]),
        ("oldest", ["Python Basics", "Teamwork", "Welding"]),
        ("name", ["Python Basics", "Teamwork", "Welding"]),
        ("issuer", ["Python Basics", "Teamwork", "Welding"]),  # Acme before Builders
        ("nonsense", ["Welding", "Teamwork", "Python Basics"]),
    ],
)
def test_sort(owner_client, backpack, sort, expected):
    assert shown(owner_client.get(GALLERY, {"sort": sort})) == expected


def test_no_match_has_its_own_state_with_a_way_back(owner_client, backpack):
    content = owner_client.get(GALLERY, {"q": "zzz"}).content.decode()
    assert "No badges match your search" in content
    assert f'href="{GALLERY}"' in content
    assert "Your backpack is empty" not in content


def test_active_filters_can_be_removed_one_by_one(owner_client, backpack):
    content = owner_client.get(GALLERY, {"q": "acme", "status": "verified"}).content.decode()
    assert 'href="?status=verified"' in content  # removes the search, keeps the status
    assert 'href="?q=acme"' in content


def test_the_search_form_keeps_its_state(owner_client, backpack):
    content = owner_client.get(GALLERY, {"q": "weld", "sort": "name"}).content.decode()
    assert 'value="weld"' in content
    assert '<option value="name" selected>' in content


def test_pagination_keeps_the_query_string(owner_client, owner):
    make_badges(owner, 50)
    first = owner_client.get(GALLERY, {"q": "skill", "sort": "name"})
    assert len(shown(first)) == 48
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?q=skill&amp;sort=name&amp;page=2"' in first.content.decode()
    second = owner_client.get(GALLERY, {"q": "skill", "sort": "name", "page": 2})
    assert shown(second) == ["Skill badge 048", "Skill badge 049"]
    assert len(shown(owner_client.get(GALLERY, {"page": "999"}))) == 2  # last page


@pytest.mark.parametrize("sort", ["newest", "oldest", "name", "issuer"])
def test_every_page_of_the_whole_gallery_is_in_its_sort(owner_client, owner, other, sort):
    from badges.models import Badge

    make_badges(owner, 50, issuers=4)
    make_badges(other, 5)
    expected = list(
        Badge.objects.filter(owner=owner).sorted_by(sort).values_list("name", flat=True)
    )
    pages = [owner_client.get(GALLERY, {"sort": sort, "page": n}) for n in (1, 2)]
    assert [len(shown(page)) for page in pages] == [48, 2]
    assert shown(pages[0]) + shown(pages[1]) == expected
    assert "Page 2 of 2" in pages[1].content.decode()


def test_cards_carry_the_bulk_checkboxes_and_the_learners_tags(owner_client, owner, backpack):
    make_tag(owner, "portfolio", badges=[backpack["python"]])
    content = owner_client.get(GALLERY).content.decode()
    pk = backpack["python"].pk
    assert f'name="badge" value="{pk}" id="select-{pk}" form="bulk-form"' in content
    assert '<span class="tag tag-own">portfolio</span>' in content
    assert "js/backpack.js" in content


def test_the_query_count_does_not_grow_with_the_badges(
    owner_client, owner, django_assert_max_num_queries
):
    badges = make_badges(owner, 200, issuers=20)
    tag = make_tag(owner, "many", badges=badges[:150])
    make_tag(owner, "few", badges=badges[:3])
    make_collection(owner, "Some", badges=badges[:10])
    for kind, badge in [("expired", badges[0]), ("delivered", badges[1])]:
        Notice.objects.create(owner=owner, kind=kind, badge=badge, detail="Platform")
    # session, user, the learner's tags, collections and issuers (filter options), the
    # learner records shown as cards of their own (unfiltered only: whether there are
    # any, then those), the page of badges with their learner tags, and the learner's
    # unread notices (whether there are any, then those); filtered, or beside records,
    # the count too (with neither, the issuers' counts add up to it).
    with django_assert_max_num_queries(10):
        response = owner_client.get(GALLERY)
    assert len(shown(response)) == 48
    assert '<p class="results-count">200 badges · showing 1–48</p>' in response.content.decode()
    assert f'Platform delivered <a href="/badges/{badges[1].pk}/">{badges[1].name}</a>' in (
        response.content.decode()
    )
    with django_assert_max_num_queries(10):
        response = owner_client.get(GALLERY, {"q": "skill", "tag": tag.pk, "sort": "issuer"})
    assert len(shown(response)) == 48


def test_the_navigation_leads_to_collections_and_skills(owner_client):
    content = owner_client.get(GALLERY).content.decode()
    assert f'href="{reverse("badges:collections")}"' in content
    assert f'href="{reverse("badges:skills")}"' in content
    assert 'aria-current="page">My badges' in content


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the index is PostgreSQL's")
def test_on_postgresql_a_page_of_the_newest_is_read_from_an_index(owner):
    from badges.models import Badge

    make_badges(owner, 60)
    for badges in (
        Badge.objects.owned_by(owner).for_cards().sorted_by("newest"),
        Badge.objects.owned_by(owner).shown_publicly().for_cards().sorted_by("newest"),
    ):
        sql, params = badges[:48].query.sql_with_params()
        with connection.cursor() as cursor:
            # As with many badges, where scanning them all and sorting cost too much.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "badges_badge_newest_per_learner" in plan, plan
        assert "Sort" not in plan, plan  # the index gives the order


def test_without_records_or_news_the_gallery_only_asks_whether_there_are_any(owner_client, owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_badges(owner, 3)
    with CaptureQueriesContext(connection) as queries:
        assert owner_client.get(GALLERY).status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    from badges.services import gallery as gallery_service

    # Asked in one statement with the tags and collections (prepared on PostgreSQL).
    asked = gallery_service._short_lists.statement_name
    statements = [query["sql"] for query in queries.captured_queries]
    if any(asked in sql for sql in statements):
        assert len([sql for sql in statements if asked in sql]) == 1
    else:
        (lists,) = [sql for sql in statements if "badges_learnerrecord" in sql]
        assert all(table in lists for table in ("badges_notice", "badges_tag", "badges_collection"))
    assert '"badges_learnerrecord"."name"' not in read  # and nothing read
    assert '"badges_notice"."kind"' not in read


_RECORD = {"identity_key": "k", "name": "Record", "issuer_identifier": "https://x.example/"}


def test_the_short_lists_are_the_learners_own_in_their_order(owner, other):
    from badges.models import LearnerRecord
    from badges.services.gallery import short_lists

    make_tag(owner, "zeta"), make_tag(owner, "Alpha"), make_tag(other, "theirs")
    make_collection(owner, "Shelf"), make_collection(owner, "Applications")
    make_collection(other, "Their shelf")
    lists = short_lists(owner)
    assert [tag.name for tag in lists.tags] == ["Alpha", "zeta"]  # whatever the case
    assert [shelf.name for shelf in lists.collections] == ["Applications", "Shelf"]
    assert (lists.has_records, lists.has_news) == (False, False)
    Notice.objects.create(owner=other, kind="expired", badge=make_badge(other))
    LearnerRecord.objects.create(owner=other, credential_id="urn:uuid:1", **_RECORD)
    assert (short_lists(owner).has_records, short_lists(owner).has_news) == (False, False)
    Notice.objects.create(owner=owner, kind="expired", badge=make_badge(owner))
    LearnerRecord.objects.create(owner=owner, credential_id="urn:uuid:2", **_RECORD)
    assert (short_lists(owner).has_records, short_lists(owner).has_news) == (True, True)
    Notice.objects.filter(owner=owner).update(read=True)
    assert short_lists(owner).has_news is False  # read news is no news
