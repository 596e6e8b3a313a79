"""The gallery and skills are drawn once per version of the learner's things: a second
visit reads them from the cache, and every change the learner or a re-check makes to
what they show is seen on the next visit, in their own language, by them alone."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from badges import notices
from badges.models import Badge, Tag
from badges.services import collections as collection_service
from badges.services import tags as tag_service
from badges.services import visibility as visibility_service
from passport.web.fragmentcache import cached_parts
from tests.badges.factories import (
    make_badge,
    make_badge_class,
    make_badges,
    make_collection,
    make_issuer,
)

GALLERY = reverse("badges:gallery")
SKILLS = reverse("badges:skills")


def names(response) -> list[str]:
    return re.findall(r"<h3>([^<]+)</h3>", response.content.decode())


def skill_list(response) -> str:
    found = re.search(r'<ol class="skill-list".*?</ol>', response.content.decode(), re.S)
    assert found, "no skills on the page"
    return found.group(0)


def test_a_second_visit_reads_the_drawn_gallery_from_the_cache(
    owner_client, owner, django_assert_num_queries, django_assert_max_num_queries
):
    make_badges(owner, 120, issuers=10)
    with django_assert_max_num_queries(10):
        first = owner_client.get(GALLERY)
    with django_assert_num_queries(2):  # the session and the learner
        second = owner_client.get(GALLERY)
    assert names(second) == names(first) and len(names(first)) == 48
    assert second.content.decode().count('<article class="badge-card') == 48


def test_a_second_visit_to_the_skills_reads_them_from_the_cache(
    owner_client, owner, django_assert_num_queries
):
    make_badge(owner, make_badge_class(tags=["python"]))
    first = skill_list(owner_client.get(SKILLS))
    with django_assert_num_queries(2):  # the session and the learner
        second = skill_list(owner_client.get(SKILLS))
    assert "python" in first and second == first


def _imported(owner):
    make_badge(owner, make_badge_class(name="Freshly Imported"))


def _deleted(owner):
    visibility_service.delete_badges(Badge.objects.filter(owner=owner, name="Kept Badge"))


def _tagged(owner):
    tag_service.add_tags(Badge.objects.filter(owner=owner), owner, ["freshtag"])


def _made_public(owner):
    visibility_service.set_visibility(Badge.objects.filter(owner=owner), "public")


def _revoked(owner):
    badge = Badge.objects.get(owner=owner, name="Kept Badge")
    badge.status = Badge.Status.REVOKED
    badge.save(update_fields=["status"])


def _collected(owner):
    collection = make_collection(owner, "Fresh shelf")
    collection_service.add_to_collection(collection, Badge.objects.filter(owner=owner))


@pytest.mark.parametrize(
    ("change", "seen"),
    [
        (_imported, "Freshly Imported"),
        (_deleted, "Your backpack is empty"),
        (_tagged, '<span class="tag tag-own">freshtag</span>'),
        (_made_public, "chip-public"),
        (_revoked, '<span class="chip chip-bad">'),
        (_collected, "Fresh shelf"),
    ],
)
def test_each_change_is_seen_on_the_next_visit(owner_client, owner, change, seen):
    make_badge(owner, make_badge_class(name="Kept Badge"))
    before = owner_client.get(GALLERY).content.decode()
    assert seen not in before

    change(owner)

    assert seen in owner_client.get(GALLERY).content.decode()


def test_a_new_tag_is_a_new_skill_on_the_next_visit(owner_client, owner):
    make_badge(owner, make_badge_class(name="Kept Badge"))
    assert "freshskill" not in owner_client.get(SKILLS).content.decode()

    _tagged(owner)
    tag_service.add_tags(Badge.objects.filter(owner=owner), owner, ["freshskill"])

    assert "freshskill" in owner_client.get(SKILLS).content.decode()


def test_one_learners_drawn_gallery_is_never_shown_to_another(
    owner_client, other_client, owner, other
):
    make_badge(owner, make_badge_class(name="Owner's Own"))
    make_badge(other, make_badge_class(name="Other's Own"))
    assert names(owner_client.get(GALLERY)) == ["Owner&#x27;s Own"]

    assert names(other_client.get(GALLERY)) == ["Other&#x27;s Own"]


def test_each_language_and_query_has_its_own_drawing(owner_client, owner):
    make_badge(owner, make_badge_class(name="Kept Badge"))
    make_badge(owner, make_badge_class(name="Other Badge"))
    assert "Search" in owner_client.get(GALLERY).content.decode()

    french = owner_client.get(GALLERY, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    searched = owner_client.get(GALLERY, {"q": "Other"})

    assert "Rechercher" in french
    assert names(searched) == ["Other Badge"]


def revoked_notice(owner):
    badge = make_badge(owner, make_badge_class(name="Kept Badge"))
    return notices.add_notice(owner, "revoked", badge=badge)


def test_a_kept_form_carries_each_visitors_own_csrf_token(owner_client, owner):
    notice = revoked_notice(owner)  # its Dismiss button is a form that posts
    owner_client.get(GALLERY)  # drawn and kept with another visitor's token
    fresh = Client(enforce_csrf_checks=True)
    fresh.force_login(owner)

    content = fresh.get(GALLERY).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    answer = fresh.post(
        reverse("badges:notice_dismiss", args=[notice.pk]), {"csrfmiddlewaretoken": token[1]}
    )

    assert answer.status_code == 302  # accepted: the token is this visitor's
    notice.refresh_from_db()
    assert notice.read


def test_a_dismissed_notice_is_gone_on_the_next_visit(owner_client, owner):
    notice = revoked_notice(owner)
    assert 'data-kind="revoked"' in owner_client.get(GALLERY).content.decode()

    owner_client.post(reverse("badges:notice_dismiss", args=[notice.pk]))

    assert 'data-kind="revoked"' not in owner_client.get(GALLERY).content.decode()


def test_without_the_shared_cache_every_visit_draws(owner, settings):
    settings.PUBLIC_PAGE_CACHE = False
    request = RequestFactory().get(GALLERY)
    request.LANGUAGE_CODE = "en"
    drawn = []

    def build():
        drawn.append(1)
        return {"body": "<p>drawn</p>"}

    assert cached_parts(request, owner.pk, "test", build) == {"body": "<p>drawn</p>"}
    cached_parts(request, owner.pk, "test", build)

    assert len(drawn) == 2


def _filter_options(response, name: str) -> list[str]:
    form = re.search(r'<form class="gallery-filters".*?</form>', response.content.decode(), re.S)
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', form.group(0), re.S)
    return re.findall(r"<option [^>]*>([^<]*)</option>", select.group(1))


def test_the_filters_follow_the_learners_tags_collections_and_issuers(owner_client, owner):
    """The filter form is kept by its options and the query: each change to them is a
    form drawn anew, and the options never lag behind."""
    badge = make_badge(owner, make_badge_class(name="Kept Badge"))
    tag_service.add_tags(Badge.objects.filter(pk=badge.pk), owner, ["first"])
    assert _filter_options(owner_client.get(GALLERY), "tag") == ["All tags", "first"]

    tag = Tag.objects.get(owner=owner, name="first")
    tag_service.rename_tag(tag, "renamed")
    make_collection(owner, "Shelf")
    make_badge(owner, make_badge_class(issuer=make_issuer(name="Zeta Institute")))

    response = owner_client.get(GALLERY)
    assert _filter_options(response, "tag") == ["All tags", "renamed"]
    assert _filter_options(response, "collection") == ["All collections", "Shelf"]
    assert "Zeta Institute" in _filter_options(response, "issuer")
    chosen = owner_client.get(GALLERY, {"issuer": "nope", "q": "Kept"}).content.decode()
    assert 'value="Kept"' in chosen  # the query's own values, not the last one's


def test_a_part_drawn_from_equal_inputs_is_drawn_once(owner, other):
    from django.utils import translation

    from passport.web.fragmentcache import drawn_from

    drawn = []

    def draw():
        drawn.append(1)
        return f"<p>{len(drawn)}</p>"

    assert drawn_from("test", owner.pk, ("a",), draw) == "<p>1</p>"
    assert drawn_from("test", owner.pk, ("a",), draw) == "<p>1</p>"  # kept
    assert drawn_from("test", owner.pk, ("b",), draw) == "<p>2</p>"  # other inputs
    assert drawn_from("test", other.pk, ("a",), draw) == "<p>3</p>"  # another learner
    with translation.override("fr"):
        assert drawn_from("test", owner.pk, ("a",), draw) == "<p>4</p>"  # another language
    assert len(drawn) == 4


def _issuers_counted(queries) -> bool:
    """Whether one of the queries counted the badges by issuer (prepared on PostgreSQL)."""
    from badges.services import gallery as gallery_service

    prepared = f"EXECUTE {gallery_service._issuers.statement_name} "
    return any(
        q["sql"].startswith(prepared) or ("GROUP BY" in q["sql"] and "issuer_key" in q["sql"])
        for q in queries
    )


def test_the_issuers_outlive_an_edit_that_saves_no_badge(owner_client, owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from passport.web import pagecache

    make_badges(owner, 5, issuers=2)
    owner_client.get(GALLERY)
    badge = Badge.objects.filter(owner=owner).first()
    visibility_service.set_visibility(Badge.objects.filter(pk=badge.pk), "public")
    pagecache.bump(owner.pk)  # a page, a collection, the profile

    with CaptureQueriesContext(connection) as queries:
        response = owner_client.get(GALLERY)

    assert "chip-public" in response.content.decode()  # drawn again, the issuers kept
    assert not _issuers_counted(queries.captured_queries)
    assert '<p class="results-count">5 badges</p>' in response.content.decode()


@pytest.mark.parametrize("change", [_imported, _deleted, _revoked])
def test_the_issuers_are_counted_again_after_a_badge_is_saved_or_deleted(
    owner_client, owner, change
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_badge(owner, make_badge_class(name="Kept Badge"))
    make_badge(owner, make_badge_class(name="Second Badge"))
    owner_client.get(GALLERY)

    change(owner)
    with CaptureQueriesContext(connection) as queries:
        content = owner_client.get(GALLERY).content.decode()

    assert _issuers_counted(queries.captured_queries)
    count = Badge.objects.filter(owner=owner).count()
    assert re.search(rf'<p class="results-count">{count} badges?</p>', content)


def test_deleting_the_account_forgets_the_kept_issuers(owner_client, owner):
    from django.core.cache import cache

    from badges.services import gallery as gallery_service
    from passport.privacy import erase_account

    make_badge(owner, make_badge_class(name="Kept Badge"))
    owner_client.get(GALLERY)
    key = gallery_service.kept_issuers_key(owner.pk)
    assert cache.get(key) is not None

    erase_account(owner)

    assert cache.get(key) is None
