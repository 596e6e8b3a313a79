"""Creating, renaming, duplicating and deleting pages; every owner view is the owner's only."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pages.models import Block, Page
from tests.pages.conftest import html, stored_files
from tests.pages.factories import add_block, add_file_block, make_page, png_bytes

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_my_pages(owner_client, owner, other):
    make_page(owner, "Welding portfolio")
    make_page(other, "Someone else's")
    body = html(owner_client.get(reverse("pages:list")))
    assert "Welding portfolio" in body
    assert "Someone else" not in body


def test_the_list_and_editor_need_a_login(anon_client, page):
    for url in (reverse("pages:list"), reverse("pages:edit", args=[page.pk])):
        response = anon_client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_create_a_page_then_land_in_its_editor(owner_client, owner):
    response = owner_client.post(
        reverse("pages:create"), {"title": "  My   robotics  work ", "theme": "modern"}
    )
    page = Page.objects.get(owner=owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:edit", args=[page.pk]) + "#add-block"
    assert (page.title, page.theme, page.visibility) == ("My robotics work", "modern", "private")
    assert page.slug == "my-robotics-work"
    assert len(page.public_id) >= 20


def test_a_page_needs_a_title(owner_client, owner):
    response = owner_client.post(reverse("pages:create"), {"title": " ", "theme": "classic"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Page.objects.exists()


def test_rename_and_change_theme_and_introduction(owner_client, page):
    url = reverse("pages:settings", args=[page.pk])
    data = {"title": "Renamed", "introduction": "Hello *there*", "theme": "high-contrast"}
    response = owner_client.post(url, data | {"action": "save"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.title, page.slug, page.theme) == ("Renamed", "renamed", "high-contrast")
    assert page.introduction == "Hello *there*"


def test_previewing_the_introduction_saves_nothing(owner_client, page):
    url = reverse("pages:settings", args=[page.pk])
    data = {"title": "Other", "introduction": "Hello **bold**", "theme": "classic"}
    body = html(owner_client.post(url, data | {"action": "preview"}))
    assert "<strong>bold</strong>" in body
    assert 'value="Other"' in body  # the form keeps what was typed
    page.refresh_from_db()
    assert page.title == "My portfolio"


def test_an_invalid_theme_is_a_field_error(owner_client, page):
    url = reverse("pages:settings", args=[page.pk])
    response = owner_client.post(url, {"title": "T", "theme": "neon", "action": "save"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_duplicate_copies_blocks_and_files_into_a_private_page(owner_client, owner, media_root):
    page = make_page(owner, "Original", visibility=Page.Visibility.PUBLIC, introduction="Hi")
    add_block(page, Block.Kind.HEADING, text="Projects", level=2)
    original_file = add_file_block(page)
    response = owner_client.post(reverse("pages:duplicate", args=[page.pk]))
    copy = Page.objects.exclude(pk=page.pk).get()
    assert response["Location"] == reverse("pages:edit", args=[copy.pk])
    assert copy.title == "Copy of Original"
    assert copy.visibility == Page.Visibility.PRIVATE
    assert copy.public_id != page.public_id
    assert copy.introduction == "Hi"
    kinds = list(copy.blocks.values_list("kind", flat=True))
    assert kinds == [Block.Kind.HEADING, Block.Kind.FILE]
    copied = copy.blocks.get(kind=Block.Kind.FILE)
    assert copied.file.name != original_file.file.name
    assert copied.file_token != original_file.file_token
    assert copied.file.read() == original_file.file.read()
    assert len(stored_files(media_root)) == 2


def test_delete_asks_first_then_deletes_the_page_and_its_files(
    owner_client, owner, media_root, django_capture_on_commit_callbacks
):
    page = make_page(owner)
    add_file_block(page)
    add_file_block(page, kind=Block.Kind.IMAGE, content=png_bytes(), file_name="a.png")
    page.cover.save("cover.png", ContentFile(png_bytes()))
    assert len(stored_files(media_root)) == 3
    confirm = html(owner_client.get(reverse("pages:delete", args=[page.pk])))
    assert "Delete the page" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("pages:delete", args=[page.pk]))
    assert response["Location"] == reverse("pages:list")
    assert not Page.objects.exists()
    assert not Block.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("pages:edit", "get"),
        ("pages:settings", "get"),
        ("pages:settings", "post"),
        ("pages:delete", "get"),
        ("pages:delete", "post"),
        ("pages:duplicate", "post"),
        ("pages:publish", "post"),
        ("pages:publish_confirm", "get"),
    ],
)
def test_another_learner_gets_404_everywhere(other_client, page, name, method):
    response = getattr(other_client, method)(reverse(name, args=[page.pk]), {})
    assert response.status_code == 404
    assert Page.objects.filter(pk=page.pk).exists()


def test_changes_need_post(owner_client, page):
    assert owner_client.get(reverse("pages:duplicate", args=[page.pk])).status_code == 405
    assert owner_client.get(reverse("pages:publish", args=[page.pk])).status_code == 405


@pytest.mark.parametrize("name", ["pages:list", "pages:create", "pages:edit", "pages:settings"])
def test_the_main_menu_marks_pages_as_current(owner_client, page, name):
    url = reverse(name, args=[page.pk] if name in ("pages:edit", "pages:settings") else [])
    body = html(owner_client.get(url))
    assert '<a href="/pages/" aria-current="page">Pages</a>' in body


def test_themes_are_offered_as_labelled_previews(owner_client, owner):
    content = html(owner_client.get(reverse("pages:create")))
    for theme in ("classic", "modern", "high-contrast"):
        assert f"theme-swatch-{theme}" in content
    assert "<legend>Theme</legend>" in content
