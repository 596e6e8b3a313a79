"""Pages in "Download my data", and their files gone with the page or the account."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pages import data_rights
from pages.models import Block, Page
from passport import privacy
from tests.badges.factories import make_badge, make_collection
from tests.exports import export_and_download
from tests.pages.conftest import stored_files
from tests.pages.factories import PDF, add_block, add_file_block, make_page, png_bytes

pytestmark = pytest.mark.django_db


def _export(user) -> zipfile.ZipFile:
    with privacy.build_export(user) as archive_file:
        return zipfile.ZipFile(io.BytesIO(archive_file.read()))


def test_pages_are_registered_for_export_and_erasure():
    assert data_rights.export_pages in privacy.exporters()
    assert data_rights.erase_page_files in privacy.erasers()


def test_the_export_holds_each_page_its_blocks_and_its_files(owner, other):
    badge = make_badge(owner)
    page = make_page(
        owner,
        "Robots!",
        introduction="Hi",
        visibility=Page.Visibility.PASSWORD,
        password_hash="pbkdf2_sha256$x",
    )
    page.cover.save("c.png", ContentFile(png_bytes()))
    add_block(page, Block.Kind.HEADING, text="Projects", level=3)
    add_block(page, Block.Kind.BADGE, badge=badge)
    add_block(page, Block.Kind.BADGE_GROUP, collection=make_collection(owner, "Jobs"))
    add_file_block(page, file_name="Report.pdf", caption="My report")
    add_block(page, Block.Kind.MEDIA, provider="youtube", embed_id="dQw4w9WgXcQ")
    make_page(owner, "Second")
    make_page(other, "Not mine")

    archive = _export(owner)
    names = set(archive.namelist())
    folder = "pages/001-my-portfolio"
    assert {f"{folder}/page.json", f"{folder}/cover.png", f"{folder}/files/004-Report.pdf"} <= names
    assert "pages/002-my-portfolio/page.json" in names
    assert archive.read(f"{folder}/files/004-Report.pdf") == PDF
    data = json.loads(archive.read(f"{folder}/page.json"))
    assert (data["title"], data["introduction"], data["visibility"]) == (
        "Robots!",
        "Hi",
        "password",
    )
    assert data["has_password"] is True and "pbkdf2" not in json.dumps(data)
    assert data["cover"] == f"{folder}/cover.png"
    kinds = [b["kind"] for b in data["blocks"]]
    assert kinds == ["heading", "badge", "group", "file", "media"]
    assert data["blocks"][0] == {"kind": "heading", "text": "Projects", "level": 3}
    assert data["blocks"][1]["badge"]["name"] == badge.name
    assert data["blocks"][2]["collection"] == "Jobs"
    assert data["blocks"][3]["file"] == f"{folder}/files/004-Report.pdf"
    assert data["blocks"][4]["video"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert "Not mine" not in json.dumps(
        [json.loads(archive.read(n)) for n in names if n.endswith("page.json")]
    )


def test_the_export_view_includes_pages(owner_client, owner):
    make_page(owner, "Mine")
    response = export_and_download(owner_client)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "pages/001-my-portfolio/page.json" in archive.namelist()


def test_erasure_deletes_every_page_file(owner, other, media_root):
    page = make_page(owner)
    page.cover.save("c.png", ContentFile(png_bytes()))
    add_file_block(page)
    theirs = add_file_block(make_page(other))
    data_rights.erase_page_files(owner)
    assert stored_files(media_root) == [media_root / theirs.file.name]
    data_rights.erase_page_files(owner)  # files already gone are not an error


def test_deleting_the_account_deletes_the_pages_and_their_files(owner, media_root):
    page = make_page(owner)
    add_file_block(page)
    privacy.erase_account(owner)
    assert not Page.objects.exists()
    assert stored_files(media_root) == []


def test_a_removed_cover_leaves_storage(
    owner_client, page, media_root, django_capture_on_commit_callbacks
):
    page.cover.save("c.png", ContentFile(png_bytes()))
    url = reverse("pages:settings", args=[page.pk])
    data = {"title": "T", "theme": "classic", "remove_cover": "on", "action": "save"}
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url, data)
    page.refresh_from_db()
    assert not page.cover
    assert stored_files(media_root) == []
