"""File blocks: documents checked by their bytes, stored under random names, replaced cleanly."""

from __future__ import annotations

import pytest

from pages.models import Block
from tests.pages.conftest import stored_files
from tests.pages.factories import DOCX, PDF, add_file_block, odt_bytes, office_bytes, png_bytes
from tests.pages.helpers import add, edit, editor, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("Report 2024.pdf", PDF, "pdf"),
        ("cv.docx", office_bytes(DOCX), "docx"),
        ("essay.odt", odt_bytes(), "odt"),
        ("notes.txt", "Plain notes, café.\n".encode(), "txt"),
    ],
)
def test_add_a_file(owner_client, owner, page, media_root, name, content, kind):
    response = add(owner_client, page, "file", {"caption": "My work"}, upload=upload(name, content))
    assert response.status_code == 302
    block = page.blocks.get()
    assert (block.file_name, block.file_type, block.file_size) == (name, kind, len(content))
    assert block.caption == "My work"
    assert block.file.name.startswith(f"page-files/{owner.pk}/")
    assert name.split(".")[0] not in block.file.name  # a random name in storage
    assert block.file.read() == content


def test_an_image_file_is_saved_again_without_metadata(owner_client, page):
    add(owner_client, page, "file", upload=upload("photo.png", png_bytes()))
    block = page.blocks.get()
    assert (block.file_type, block.width, block.height) == ("png", 80, 60)


def test_the_file_is_shown_with_its_name_size_and_a_download_link(owner_client, page):
    block = add_file_block(page, file_name="Final report.pdf")
    body = editor(owner_client, page)
    assert "Final report.pdf" in body
    assert f"PDF · {len(PDF)}\xa0bytes" in body
    assert f'href="/pages/files/{block.pk}/{block.file_token}/" download' in body


def test_a_file_is_required(owner_client, page):
    assert add(owner_client, page, "file", {"caption": "x"}).status_code == 400
    assert not page.blocks.exists()


def test_replacing_the_file_deletes_the_old_one(
    owner_client, page, media_root, django_capture_on_commit_callbacks
):
    block = add_file_block(page)
    old_name, old_token = block.file.name, block.file_token
    with django_capture_on_commit_callbacks(execute=True):
        edit(owner_client, block, {"caption": "v2"}, upload=upload("v2.txt", b"Version two"))
    block.refresh_from_db()
    assert (block.file_name, block.file_type, block.caption) == ("v2.txt", "txt", "v2")
    assert block.file.name != old_name and block.file_token != old_token
    assert [p.name for p in stored_files(media_root)] == [block.file.name.rsplit("/", 1)[-1]]


def test_editing_without_a_new_file_keeps_it(owner_client, page):
    block = add_file_block(page)
    name = block.file.name
    edit(owner_client, block, {"caption": "Now with a caption"})
    block.refresh_from_db()
    assert (block.file.name, block.caption) == (name, "Now with a caption")


def test_a_file_over_10_mb_is_refused(owner_client, page, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = add(owner_client, page, "file", upload=upload("big.pdf", PDF + b" " * 1000))
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not Block.objects.exists()
