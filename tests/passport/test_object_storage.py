"""User files in a real S3 API (moto's server): stored, served, cached and erased.

Every flow here runs with ``MEDIA_ROOT`` pointing nowhere and S3 as the default
storage, so a ``.path`` or an ``open()`` of a local file anywhere on the way fails.
"""

from __future__ import annotations

import io
import zipfile

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from badges.models import Badge
from badges.services.display_images import make_display_image
from pages.models import Page
from tests.accounts.conftest import picture_bytes
from tests.conftest import PASSWORD
from tests.pages.factories import PDF, add_file_block, make_page
from tests.signed_badge import signed_badge_png

EMAIL = "owner@example.org"


def _upload_badge(client) -> Badge:
    upload = SimpleUploadedFile("storage.png", signed_badge_png(EMAIL), "image/png")
    response = client.post("/badges/add/", {"way": "upload", "files": [upload]})
    assert response.status_code == 302
    return Badge.objects.get(name="Storage badge")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_uploaded_badge_lives_in_the_bucket_and_is_served_from_it(owner_client, s3_storage):
    badge = _upload_badge(owner_client)
    assert badge.image.name in s3_storage.names()
    assert badge.original_file.name in s3_storage.names()
    response = owner_client.get(reverse("badges:image", args=[badge.pk]))
    assert response.status_code == 200
    assert _body(response).startswith(b"\x89PNG")
    assert response["Cache-Control"] == "private, no-cache"
    download = owner_client.get(reverse("badges:download", args=[badge.pk]))
    assert b"openbadgecredential" in _body(download)


def test_public_badge_image_is_cacheable_with_a_strong_etag(owner_client, anon_client, s3_storage):
    badge = _upload_badge(owner_client)
    badge.visibility = Badge.Visibility.PUBLIC
    badge.save()
    url = reverse("sharing:badge_image", args=[badge.public_id])
    first = anon_client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=300"
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = anon_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert anon_client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_private_badge_image_is_404_to_everyone_else(owner_client, other_client, s3_storage):
    badge = _upload_badge(owner_client)
    assert other_client.get(reverse("badges:image", args=[badge.pk])).status_code == 404
    assert (
        other_client.get(reverse("sharing:badge_image", args=[badge.public_id])).status_code == 404
    )


def test_share_card_is_drawn_once_into_the_bucket_and_revalidated(
    owner_client, anon_client, s3_storage
):
    badge = _upload_badge(owner_client)
    badge.visibility = Badge.Visibility.PUBLIC
    badge.save()
    url = reverse("sharing:badge_preview", args=[badge.public_id])
    response = anon_client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    cards = [key for key in s3_storage.names() if key.startswith("share-previews/")]
    assert len(cards) == 1
    assert anon_client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_card_whose_picture_is_missing_is_shown_but_never_stored(
    owner_client, anon_client, s3_storage
):
    """A server that cannot read the picture yet must not keep a card without it."""
    badge = _upload_badge(owner_client)
    badge.visibility = Badge.Visibility.PUBLIC
    badge.save()
    default_storage.delete(badge.image.name)
    response = anon_client.get(reverse("sharing:badge_preview", args=[badge.public_id]))
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    assert not [key for key in s3_storage.names() if key.startswith("share-previews/")]


def test_an_image_gone_from_the_bucket_is_404_not_500(owner_client, s3_storage):
    badge = _upload_badge(owner_client)
    default_storage.delete(badge.image.name)
    assert owner_client.get(reverse("badges:image", args=[badge.pk])).status_code == 404


def test_page_file_round_trip_and_revalidation(anon_client, owner, s3_storage):
    page = make_page(owner, visibility=Page.Visibility.PUBLIC)
    block = add_file_block(page)
    assert block.file.name in s3_storage.names()
    response = anon_client.get(block.file_url)
    assert response.status_code == 200 and _body(response) == PDF
    assert response["Cache-Control"] == "private, no-cache"
    assert anon_client.get(block.file_url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    ranged = anon_client.get(block.file_url, HTTP_RANGE="bytes=0-3")
    assert ranged.status_code == 206 and ranged.content == PDF[:4]


def test_avatar_round_trip(owner_client, owner, s3_storage):
    fields = {"display_name": "Olive", "bio": "", "preferred_language": ""}
    fields["avatar"] = SimpleUploadedFile("me.png", picture_bytes("PNG"), "image/png")
    assert owner_client.post("/accounts/profile/", fields).status_code == 302
    owner.refresh_from_db()
    assert owner.avatar.name in s3_storage.names()
    response = owner_client.get(reverse("avatar", args=[owner.public_slug]))
    assert response.status_code == 200 and _body(response).startswith(b"\x89PNG")


def test_deleting_the_account_empties_the_bucket(
    owner_client, owner, anon_client, s3_storage, django_capture_on_commit_callbacks
):
    badge = _upload_badge(owner_client)
    badge.visibility = Badge.Visibility.PUBLIC
    badge.save()
    anon_client.get(reverse("sharing:badge_preview", args=[badge.public_id]))
    add_file_block(make_page(owner, visibility=Page.Visibility.PUBLIC))
    owner.avatar.save("a.png", ContentFile(picture_bytes("PNG")), save=True)
    assert len(s3_storage.names()) >= 5  # image, original, card, page file, avatar
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert s3_storage.names() == []


@pytest.fixture
def signed_urls(settings, s3_storage):
    settings.MEDIA_SIGNED_URLS = True
    return s3_storage


def test_signed_mode_redirects_to_an_address_that_works(owner_client, anon_client, signed_urls):
    badge = _upload_badge(owner_client)
    private = owner_client.get(reverse("badges:image", args=[badge.pk]))
    assert private.status_code == 302
    assert private["Cache-Control"].startswith("private")
    fetched = requests.get(private["Location"], timeout=10)
    assert fetched.status_code == 200
    assert fetched.content.startswith(b"\x89PNG")
    assert fetched.headers["Content-Type"] == "image/png"
    assert "Signature=" in private["Location"] or "X-Amz-Signature=" in private["Location"]
    # The bucket itself answers nobody without a signature.
    bare = private["Location"].split("?", 1)[0]
    assert requests.get(bare, timeout=10).status_code == 403
    badge.visibility = Badge.Visibility.PUBLIC
    badge.save()
    public = anon_client.get(reverse("sharing:badge_image", args=[badge.public_id]))
    assert public.status_code == 302
    assert public["Cache-Control"] == "public, max-age=150"  # half the address's lifetime
    assert requests.get(public["Location"], timeout=10).status_code == 200


def test_signed_mode_still_checks_access_first(owner_client, other_client, signed_urls):
    badge = _upload_badge(owner_client)
    assert other_client.get(reverse("badges:image", args=[badge.pk])).status_code == 404


def test_signed_downloads_keep_their_disposition(owner, owner_client, signed_urls):
    block = add_file_block(make_page(owner, visibility=Page.Visibility.PUBLIC))
    response = owner_client.get(block.file_url)
    assert response.status_code == 302
    fetched = requests.get(response["Location"], timeout=10)
    assert fetched.content == PDF
    assert fetched.headers["Content-Disposition"].startswith("attachment")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4"/></svg>'


def test_signed_svg_is_an_attachment_on_the_buckets_origin(owner_client, signed_urls):
    badge = _upload_badge(owner_client)
    badge.image.save("picture.svg", ContentFile(SVG), save=True)
    response = owner_client.get(reverse("badges:image", args=[badge.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(signed_urls.endpoint)  # never our origin
    fetched = requests.get(response["Location"], timeout=10)
    assert fetched.content == SVG
    assert fetched.headers["Content-Type"] == "image/svg+xml"
    assert fetched.headers["Content-Disposition"].startswith("attachment")


def test_streamed_svg_keeps_the_sandbox_and_attachment(owner_client, s3_storage):
    badge = _upload_badge(owner_client)
    badge.image.save("picture.svg", ContentFile(SVG), save=True)
    response = owner_client.get(reverse("badges:image", args=[badge.pk]))
    assert response.status_code == 200 and _body(response) == SVG
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment")


def _archive(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(_body(response)))


def _exported(client, owner):
    """The learner's data download, built as the worker builds it, then fetched."""
    from passport.accounts import exports

    export = exports.request_export(owner)
    exports.build_data_export(export.pk)  # if the queue has not run it already
    export.refresh_from_db()
    assert export.state == "ready"
    response = client.get(f"/accounts/privacy/export/{export.pk}/")
    assert response.status_code == 200
    return response


def test_data_export_reads_every_file_from_the_bucket(owner_client, owner, s3_storage):
    _upload_badge(owner_client)
    add_file_block(make_page(owner, visibility=Page.Visibility.PUBLIC))
    owner.avatar.save("a.png", ContentFile(picture_bytes("PNG")), save=True)
    names = _archive(_exported(owner_client, owner)).namelist()
    assert "avatar.png" in names
    assert any(name.endswith("/original.png") for name in names)


def test_files_missing_from_storage_cost_nothing_else(owner_client, owner, s3_storage):
    """What a server that cannot see a file does: 404 or leave it out, never 500."""
    badge = _upload_badge(owner_client)
    default_storage.delete(badge.original_file.name)
    assert owner_client.get(reverse("badges:download", args=[badge.pk])).status_code == 404
    names = _archive(_exported(owner_client, owner)).namelist()
    assert any(name.endswith("/badge.json") for name in names)
    assert not any(name.endswith("/original.png") for name in names)


def test_display_copies_leave_a_badge_whose_file_is_missing_alone(owner_client, s3_storage):
    badge = _upload_badge(owner_client)
    image = badge.image.name
    default_storage.delete(image)
    assert make_display_image(badge) is False
    badge.refresh_from_db()
    assert badge.image.name == image
