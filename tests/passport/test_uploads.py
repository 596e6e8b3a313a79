import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from badges.models import Badge
from passport.web.uploads import SizeCappedUploadHandler

MB = 1024 * 1024


def test_bytes_past_the_cap_are_not_stored_but_the_size_is_kept(settings):
    settings.UPLOAD_MAX_BYTES = 3 * MB
    handler = SizeCappedUploadHandler()
    handler.new_file("file", "big.png", "image/png", None)
    received = 0
    for _ in range(5):
        handler.receive_data_chunk(b"x" * MB, received)
        received += MB
    uploaded = handler.file_complete(received)
    assert uploaded.size == 5 * MB
    uploaded.seek(0, 2)
    assert uploaded.tell() <= 3 * MB


@pytest.mark.django_db
def test_an_oversized_badge_upload_is_refused_as_too_large(owner_client):
    big = SimpleUploadedFile("huge.png", b"\x89PNG\r\n\x1a\n" + b"0" * (11 * MB), "image/png")
    response = owner_client.post("/badges/add/", {"way": "upload", "files": [big]})
    html = owner_client.get(response["Location"]).content.decode()
    assert 'data-code="too_large"' in html
    assert not Badge.objects.exists()
