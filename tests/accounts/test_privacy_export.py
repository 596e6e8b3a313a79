import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile

from passport.accounts.models import Consent
from tests.accounts.conftest import picture_bytes
from tests.exports import export_and_download


def _archive(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_export_holds_account_addresses_consents_profile_and_avatar(
    owner_client, owner, media_root
):
    EmailAddress.objects.create(user=owner, email="work@example.org", verified=False)
    Consent.objects.create(user=owner, policy_version="2026-11")
    owner.bio = "Welder."
    owner.preferred_language = "fr"
    owner.avatar.save("a.png", ContentFile(picture_bytes("PNG")), save=True)

    response = export_and_download(owner_client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="passport-data-')
    assert "no-store" in response["Cache-Control"]

    archive = _archive(response)
    assert {"account.json", "avatar.png"} <= set(archive.namelist())
    data = json.loads(archive.read("account.json"))
    assert data["account"]["email"] == "owner@example.org"
    assert data["email_addresses"] == [
        {"email": "owner@example.org", "verified": True, "primary": True},
        {"email": "work@example.org", "verified": False, "primary": False},
    ]
    assert [c["policy_version"] for c in data["consents"]] == ["2026-11"]
    assert data["consents"][0]["accepted_at"]
    assert data["profile"]["display_name"] == "Olive Owner"
    assert data["profile"]["bio"] == "Welder."
    assert data["profile"]["preferred_language"] == "fr"
    assert data["profile"]["profile_is_public"] is False
    assert data["profile"]["avatar"] == "avatar.png"
    with owner.avatar.open("rb") as stored:
        assert archive.read("avatar.png") == stored.read()
    assert "password" not in json.dumps(data).replace("has_password", "")


@pytest.mark.django_db
def test_export_holds_only_the_requesters_data(other_client, owner):
    archive = _archive(export_and_download(other_client))
    text = archive.read("account.json").decode()
    assert "other@example.org" in text
    assert "owner@example.org" not in text
    assert "avatar.png" not in archive.namelist()


@pytest.mark.django_db
def test_export_needs_login(anon_client):
    response = anon_client.post("/accounts/privacy/export/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_export_is_a_post(owner_client):
    assert owner_client.get("/accounts/privacy/export/").status_code == 405


@pytest.mark.django_db
def test_privacy_page_offers_download_and_deletion_and_lists_consents(owner_client, owner):
    Consent.objects.create(user=owner, policy_version="2026-11")
    html = owner_client.get("/accounts/privacy/").content.decode()
    assert 'action="/accounts/privacy/export/"' in html
    assert 'href="/accounts/delete/"' in html
    assert "version 2026-11" in html


@pytest.mark.django_db
def test_privacy_page_needs_login(anon_client):
    assert anon_client.get("/accounts/privacy/").status_code == 302
