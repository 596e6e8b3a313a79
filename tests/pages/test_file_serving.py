"""Page files come only through a view that checks the page, with safe headers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pages.models import Block, Page
from tests.pages.factories import MP4, PDF, add_file_block, make_page, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlisted(owner) -> Page:
    return make_page(owner, visibility=Page.Visibility.UNLISTED)


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_document_downloads_with_its_name_and_is_never_sniffed(anon_client, unlisted):
    block = add_file_block(unlisted, file_name="Final report.pdf")
    response = anon_client.get(block.file_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Final report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert _content(response) == PDF


def test_a_picture_is_shown_inline(anon_client, unlisted):
    block = add_file_block(
        unlisted, Block.Kind.IMAGE, png_bytes(), file_name="a.png", file_type="png"
    )
    response = anon_client.get(block.file_url)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "inline"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_type_sent_is_the_one_found_in_the_bytes(anon_client, unlisted):
    block = add_file_block(unlisted, content=b"Plain words", file_name="notes.txt", file_type="txt")
    response = anon_client.get(block.file_url)
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("attachment;")


def test_files_are_not_reachable_by_guessing(anon_client, owner_client, owner):
    page = make_page(owner, visibility=Page.Visibility.PRIVATE)
    block = add_file_block(page)
    assert anon_client.get(block.file_url).status_code == 404
    wrong_token = reverse("pages:file", args=[block.pk, "A" * len(block.file_token)])
    assert owner_client.get(wrong_token).status_code == 404
    wrong_block = reverse("pages:file", args=[block.pk + 1, block.file_token])
    assert owner_client.get(wrong_block).status_code == 404
    assert owner_client.get(block.file_url).status_code == 200


def test_stored_names_are_random_and_under_the_owner(owner, unlisted):
    block = add_file_block(unlisted, file_name="Final report.pdf")
    assert block.file.name.startswith(f"page-files/{owner.pk}/")
    assert "report" not in block.file.name
    assert len(block.file_token) >= 24


def test_a_missing_file_is_404(anon_client, unlisted):
    block = add_file_block(unlisted)
    block.file.storage.delete(block.file.name)
    assert anon_client.get(block.file_url).status_code == 404


def test_only_the_visitors_browser_keeps_a_copy(anon_client, owner):
    for visibility in (Page.Visibility.PUBLIC, Page.Visibility.UNLISTED):
        page = make_page(owner, visibility=visibility)
        cache_control = anon_client.get(add_file_block(page).file_url)["Cache-Control"]
        assert "private" in cache_control and "public" not in cache_control


def test_video_players_can_ask_for_a_byte_range(anon_client, unlisted):
    block = add_file_block(unlisted, Block.Kind.MEDIA, MP4, file_name="clip.mp4", file_type="mp4")
    response = anon_client.get(block.file_url, HTTP_RANGE="bytes=4-11")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 4-11/{len(MP4)}"
    assert response.content == MP4[4:12]
    assert response["X-Content-Type-Options"] == "nosniff"
    tail = anon_client.get(block.file_url, HTTP_RANGE="bytes=-4")
    assert tail.content == MP4[-4:]
    beyond = anon_client.get(block.file_url, HTTP_RANGE=f"bytes={len(MP4) + 10}-")
    assert beyond.status_code == 416
    whole = anon_client.get(block.file_url)
    assert whole["Accept-Ranges"] == "bytes"
    assert _content(whole) == MP4
