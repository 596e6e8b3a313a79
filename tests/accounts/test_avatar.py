import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from passport.accounts.models import User
from tests.accounts.conftest import jpeg_with_exif, picture_bytes


def _upload(client, data: bytes, name: str = "me.png", content_type: str = "image/png", **extra):
    fields = {"display_name": "Olive", "bio": "", "preferred_language": "", **extra}
    if data is not None:
        fields["avatar"] = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post("/accounts/profile/", fields)


def _stored(user: User) -> bytes:
    user.refresh_from_db()
    with user.avatar.open("rb") as f:
        return f.read()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: it must be refused before decoding."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


@pytest.mark.django_db
def test_png_avatar_is_stored_as_a_png_under_a_random_name(owner_client, owner, media_root):
    response = _upload(owner_client, picture_bytes("PNG", size=(64, 48)), name="olive.png")
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.avatar.name.startswith(f"avatars/{owner.pk}/")
    assert owner.avatar.name.endswith(".png")
    assert "olive" not in owner.avatar.name
    assert (media_root / owner.avatar.name).is_file()
    image = Image.open(io.BytesIO(_stored(owner)))
    assert (image.format, image.size) == ("PNG", (64, 48))


@pytest.mark.django_db
def test_jpeg_avatar_is_turned_upright_shrunk_and_stripped_of_exif(owner_client, owner, media_root):
    original = jpeg_with_exif(size=(800, 400))
    assert b"SpyCam" in original
    _upload(owner_client, original, name="photo.jpg", content_type="image/jpeg")
    data = _stored(owner)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    # Orientation 6 made the landscape photo a portrait; then it fits in 512x512.
    assert image.size == (256, 512)
    assert not image.getexif()
    assert "exif" not in image.info
    assert b"SpyCam" not in data
    assert b"eXIf" not in data


@pytest.mark.django_db
def test_a_non_image_named_png_is_refused(owner_client, owner, media_root):
    response = _upload(owner_client, b"<html><script>alert(1)</script></html>", name="evil.png")
    assert response.status_code == 200
    assert "not a picture we can use" in response.content.decode()
    assert 'id="id_avatar_error"' in response.content.decode()
    owner.refresh_from_db()
    assert not owner.avatar
    assert not media_root.exists() or not any(media_root.rglob("*.png"))


@pytest.mark.django_db
def test_an_image_in_an_unlisted_format_is_refused(owner_client, owner, media_root):
    response = _upload(owner_client, picture_bytes("BMP"), name="me.png")
    assert "not a picture we can use" in response.content.decode()
    owner.refresh_from_db()
    assert not owner.avatar


@pytest.mark.django_db
def test_a_file_over_5_mb_is_refused(owner_client, owner, media_root):
    big = picture_bytes("PNG") + b"\0" * (5 * 1024 * 1024)
    response = _upload(owner_client, big)
    assert "too large" in response.content.decode()
    owner.refresh_from_db()
    assert not owner.avatar


@pytest.mark.django_db
def test_a_picture_over_25_megapixels_is_refused_before_decoding(owner_client, owner, media_root):
    response = _upload(owner_client, _png_claiming(6000, 5000))
    assert "too many pixels" in response.content.decode()
    owner.refresh_from_db()
    assert not owner.avatar


@pytest.mark.django_db
def test_a_truncated_picture_is_refused(owner_client, owner, media_root):
    response = _upload(owner_client, _png_claiming(64, 64))
    assert "not a picture we can use" in response.content.decode()
    owner.refresh_from_db()
    assert not owner.avatar


@pytest.mark.django_db
def test_replacing_and_removing_the_avatar_deletes_the_old_files(
    owner_client, owner, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _upload(owner_client, picture_bytes("PNG"))
    owner.refresh_from_db()
    first = media_root / owner.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        _upload(owner_client, picture_bytes("GIF", color=(0, 0, 255)), name="b.gif")
    owner.refresh_from_db()
    second = media_root / owner.avatar.name
    assert second != first
    assert second.is_file()
    assert not first.exists()

    with django_capture_on_commit_callbacks(execute=True):
        _upload(owner_client, None, remove_avatar="on")
    owner.refresh_from_db()
    assert not owner.avatar
    assert not second.exists()
