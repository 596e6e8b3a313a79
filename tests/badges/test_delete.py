"""Deleting a badge: a confirmation, then the row, its links and its stored file go."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from badges.models import Badge
from pages.models import LearnerEvidence
from tests.badges.factories import (
    badge_class_of,
    make_badge,
    make_collection,
    make_evidence,
    make_tag,
    with_original_file,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def badge(owner):
    return with_original_file(make_badge(owner))


def test_the_confirmation_page_names_the_collections(owner_client, owner, badge):
    make_collection(owner, "Job application", badges=[badge])
    response = owner_client.get(reverse("badges:delete", args=[badge.pk]))
    content = response.content.decode()
    assert "It will also leave this collection:" in content
    assert "Job application" in content
    assert Badge.objects.filter(pk=badge.pk).exists()


def test_deleting_removes_the_badge_its_links_and_its_file(
    owner_client, owner, other, badge, media, django_capture_on_commit_callbacks
):
    name = badge.original_file.name
    assert (media / name).exists()
    collection = make_collection(owner, "Job", badges=[badge, make_badge(owner)])
    tag = make_tag(owner, "cv", badges=[badge])
    make_evidence(badge)
    same_class = make_badge(other, badge_class_of(badge))  # someone else holds it too

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("badges:delete", args=[badge.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("badges:gallery")
    assert "was deleted" in response.content.decode()
    assert not Badge.objects.filter(pk=badge.pk).exists()
    assert not default_storage.exists(name)
    assert collection.items.count() == 1
    assert not tag.badges.exists()
    assert not LearnerEvidence.objects.exists()
    # Another learner's badge of the same achievement is untouched.
    assert Badge.objects.filter(pk=same_class.pk, name=badge.name).exists()


def test_bulk_delete_removes_the_files_too(
    owner_client, owner, badge, django_capture_on_commit_callbacks
):
    second = with_original_file(make_badge(owner))
    names = [badge.original_file.name, second.original_file.name]
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            reverse("badges:bulk"), {"action": "delete", "badge": [badge.pk, second.pk]}
        )
    assert not any(default_storage.exists(name) for name in names)


def test_a_badge_without_a_file_deletes_cleanly(
    owner_client, owner, django_capture_on_commit_callbacks
):
    plain = make_badge(owner)
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("badges:delete", args=[plain.pk]))
    assert not Badge.objects.exists()


def test_someone_else_gets_404(other_client, badge, media):
    assert other_client.get(reverse("badges:delete", args=[badge.pk])).status_code == 404
    assert other_client.post(reverse("badges:delete", args=[badge.pk])).status_code == 404
    assert Badge.objects.filter(pk=badge.pk).exists()
    assert (media / badge.original_file.name).exists()


def test_anonymous_visitors_are_sent_to_log_in(anon_client, badge):
    response = anon_client.post(reverse("badges:delete", args=[badge.pk]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert Badge.objects.filter(pk=badge.pk).exists()


def test_the_badge_page_links_to_the_confirmation(owner_client, badge):
    content = owner_client.get(reverse("badges:detail", args=[badge.pk])).content.decode()
    assert f'href="{reverse("badges:delete", args=[badge.pk])}"' in content
