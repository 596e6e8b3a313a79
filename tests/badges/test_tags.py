"""The learner's own tags: add and remove on a badge, rename, merge and delete."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from badges.models import Tag
from badges.services import tags as tags_service
from tests.badges.factories import make_badge, make_tag


@pytest.fixture
def badge(owner):
    return make_badge(owner)


def tag_names(user) -> list[str]:
    return list(Tag.objects.owned_by(user).values_list("name", flat=True))


def test_adding_tags_on_the_badge_page(owner_client, owner, badge):
    url = reverse("badges:tag_add", args=[badge.pk])
    response = owner_client.post(url, {"names": " job  hunt, Python ,python,"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("badges:detail", args=[badge.pk]) + "#tags"
    assert sorted(badge.learner_tags.values_list("name", flat=True)) == ["Python", "job hunt"]
    assert "Tags “job hunt”, “Python” added." in response.content.decode()


def test_a_tag_name_is_reused_whatever_its_case(owner_client, owner, badge):
    make_tag(owner, "Python")
    second = make_badge(owner)
    owner_client.post(reverse("badges:tag_add", args=[badge.pk]), {"names": "PYTHON"})
    owner_client.post(reverse("badges:tag_add", args=[second.pk]), {"names": "python"})
    assert tag_names(owner) == ["Python"]
    assert Tag.objects.get(owner=owner).badges.count() == 2


def test_two_learners_may_have_tags_of_the_same_name(owner, other):
    make_tag(owner, "cv")
    make_tag(other, "CV")
    assert tag_names(owner) == ["cv"] and tag_names(other) == ["CV"]


def test_a_tag_name_must_be_given(owner_client, badge):
    response = owner_client.post(
        reverse("badges:tag_add", args=[badge.pk]), {"names": " , "}, follow=True
    )
    assert "Type a tag name." in response.content.decode()
    assert not Tag.objects.exists()


def test_the_badge_page_shows_tags_and_suggestions(owner_client, owner, badge):
    make_tag(owner, "on-this-badge", badges=[badge])
    make_tag(owner, "only-a-suggestion")
    content = owner_client.get(reverse("badges:detail", args=[badge.pk])).content.decode()
    assert '<datalist id="tag-suggestions">' in content
    assert '<option value="only-a-suggestion">' in content
    assert "Remove the tag “on-this-badge”" in content


def test_removing_a_tag_from_a_badge_keeps_the_tag(owner_client, owner, badge):
    tag = make_tag(owner, "cv", badges=[badge])
    owner_client.post(reverse("badges:tag_remove", args=[badge.pk, tag.pk]))
    assert not badge.learner_tags.exists()
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_the_tags_page_lists_tags_with_their_badge_counts(owner_client, owner, badge):
    make_tag(owner, "cv", badges=[badge, make_badge(owner)])
    content = owner_client.get(reverse("badges:tags")).content.decode()
    assert "2 badges" in content
    assert reverse("badges:tag_rename", args=[Tag.objects.get().pk]) in content


def test_renaming_a_tag(owner_client, owner, badge):
    tag = make_tag(owner, "cv", badges=[badge])
    response = owner_client.post(
        reverse("badges:tag_rename", args=[tag.pk]), {"name": " Résumé  2025 "}, follow=True
    )
    tag.refresh_from_db()
    assert (tag.name, tag.key) == ("Résumé 2025", "résumé 2025")
    assert "renamed to “Résumé 2025”" in response.content.decode()


def test_renaming_to_an_existing_name_merges_the_tags(owner_client, owner, badge):
    second = make_badge(owner)
    old = make_tag(owner, "py", badges=[badge, second])
    kept = make_tag(owner, "Python", badges=[badge])
    response = owner_client.post(
        reverse("badges:tag_rename", args=[old.pk]), {"name": "python"}, follow=True
    )
    assert tag_names(owner) == ["Python"]
    assert set(kept.badges.all()) == {badge, second}
    assert "merged into “Python”" in response.content.decode()


def test_renaming_refuses_commas(owner_client, owner):
    tag = make_tag(owner, "cv")
    owner_client.post(reverse("badges:tag_rename", args=[tag.pk]), {"name": "a, b"})
    assert tag_names(owner) == ["cv"]


def test_deleting_a_tag_after_confirmation_keeps_the_badges(owner_client, owner, badge):
    tag = make_tag(owner, "cv", badges=[badge])
    url = reverse("badges:tag_delete", args=[tag.pk])
    assert "1 badge" in owner_client.get(url).content.decode()
    assert Tag.objects.filter(pk=tag.pk).exists()  # the GET only asks
    owner_client.post(url)
    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert badge.__class__.objects.filter(pk=badge.pk).exists()


def test_get_or_create_tag_matches_case_and_spacing(owner):
    first = tags_service.get_or_create_tag(owner, "Open  Source")
    assert tags_service.get_or_create_tag(owner, " open source ") == first


def test_someone_else_gets_404_on_everything(other_client, other, owner, badge):
    tag = make_tag(owner, "cv", badges=[badge])
    their_badge = make_badge(other)
    urls = [
        reverse("badges:tag_add", args=[badge.pk]),
        reverse("badges:tag_remove", args=[badge.pk, tag.pk]),
        reverse("badges:tag_remove", args=[their_badge.pk, tag.pk]),  # their badge, our tag
        reverse("badges:tag_rename", args=[tag.pk]),
        reverse("badges:tag_delete", args=[tag.pk]),
    ]
    for url in urls:
        assert other_client.post(url, {"names": "x", "name": "x"}).status_code == 404, url
    assert other_client.get(reverse("badges:tag_delete", args=[tag.pk])).status_code == 404
    assert tag_names(owner) == ["cv"] and list(tag.badges.all()) == [badge]
    # As text of the page, not inside a random token that may hold those two letters.
    page = other_client.get(reverse("badges:tags")).content.decode()
    assert not re.search(r">\s*cv\s*<", page)


def test_anonymous_visitors_are_sent_to_log_in(anon_client, owner, badge):
    tag = make_tag(owner, "cv", badges=[badge])
    for url in [
        reverse("badges:tags"),
        reverse("badges:tag_add", args=[badge.pk]),
        reverse("badges:tag_remove", args=[badge.pk, tag.pk]),
        reverse("badges:tag_rename", args=[tag.pk]),
        reverse("badges:tag_delete", args=[tag.pk]),
    ]:
        response = anon_client.post(url, {"names": "x", "name": "x"})
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert tag_names(owner) == ["cv"]


def test_changes_need_a_post(owner_client, owner, badge):
    tag = make_tag(owner, "cv", badges=[badge])
    assert owner_client.get(reverse("badges:tag_add", args=[badge.pk])).status_code == 405
    assert (
        owner_client.get(reverse("badges:tag_remove", args=[badge.pk, tag.pk])).status_code == 405
    )
    assert owner_client.get(reverse("badges:tag_rename", args=[tag.pk])).status_code == 405
