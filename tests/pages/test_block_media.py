"""Video and audio blocks: privacy-enhanced YouTube and Vimeo players, or an uploaded file."""

from __future__ import annotations

import pytest

from pages.models import Block, Page
from tests.pages.conftest import stored_files
from tests.pages.factories import MP3, MP4, PDF, WEBM, add_block
from tests.pages.helpers import add, edit, public, upload

pytestmark = pytest.mark.django_db


def test_add_a_youtube_video(owner_client, page):
    data = {"url": "https://youtu.be/dQw4w9WgXcQ", "title": "My talk"}
    add(owner_client, page, "media", data)
    block = page.blocks.get()
    assert (block.provider, block.embed_id, block.title) == ("youtube", "dQw4w9WgXcQ", "My talk")
    assert block.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


def test_add_a_vimeo_video(owner_client, page):
    add(owner_client, page, "media", {"url": "https://vimeo.com/76979871"})
    assert page.blocks.get().embed_url == "https://player.vimeo.com/video/76979871?dnt=1"


def test_the_player_is_a_privacy_enhanced_frame(anon_client, owner):
    page = Page.objects.create(owner=owner, title="P", visibility=Page.Visibility.UNLISTED)
    add_block(page, Block.Kind.MEDIA, provider="youtube", embed_id="dQw4w9WgXcQ", title="Talk")
    body = public(anon_client, page).content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Talk"' in body
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in body


def test_other_sites_are_refused(owner_client, page):
    for url in ("https://evil.example/watch?v=dQw4w9WgXcQ", "javascript:alert(1)"):
        response = add(owner_client, page, "media", {"url": url})
        assert response.status_code == 400
        assert "YouTube or Vimeo" in response.content.decode()
    assert not page.blocks.exists()


@pytest.mark.parametrize(
    ("name", "content", "tag"),
    [("clip.mp4", MP4, "<video"), ("clip.webm", WEBM, "<video"), ("song.mp3", MP3, "<audio")],
)
def test_an_uploaded_file_plays_in_the_native_player(owner_client, page, name, content, tag):
    add(owner_client, page, "media", {"title": "Demo"}, upload=upload(name, content))
    block = page.blocks.get()
    assert block.file_name == name
    body = public(owner_client, page).content.decode()
    assert f'{tag} controls preload="metadata" src="{block.file_url}"' in body


def test_a_pdf_is_not_a_video(owner_client, page):
    response = add(owner_client, page, "media", upload=upload("clip.mp4", PDF))
    assert response.status_code == 400
    assert not page.blocks.exists()


def test_a_link_or_a_file_is_needed_but_not_both(owner_client, page):
    assert add(owner_client, page, "media", {"title": "x"}).status_code == 400
    both = add(
        owner_client,
        page,
        "media",
        {"url": "https://youtu.be/dQw4w9WgXcQ"},
        upload=upload("a.mp3", MP3),
    )
    assert both.status_code == 400
    assert not page.blocks.exists()


def test_switching_from_a_file_to_a_link_deletes_the_file(
    owner_client, page, media_root, django_capture_on_commit_callbacks
):
    add(owner_client, page, "media", upload=upload("a.mp3", MP3))
    block = page.blocks.get()
    assert len(stored_files(media_root)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        edit(owner_client, block, {"url": "https://vimeo.com/76979871", "title": ""})
    block.refresh_from_db()
    assert (block.provider, block.file.name) == ("vimeo", "")
    assert stored_files(media_root) == []


def test_edit_the_caption_keeps_the_video(owner_client, page):
    block = add_block(
        page,
        Block.Kind.MEDIA,
        provider="youtube",
        embed_id="dQw4w9WgXcQ",
        url="https://youtu.be/dQw4w9WgXcQ",
    )
    edit(owner_client, block, {"url": block.url, "caption": "Filmed in 2024"})
    block.refresh_from_db()
    assert (block.embed_id, block.caption) == ("dQw4w9WgXcQ", "Filmed in 2024")
