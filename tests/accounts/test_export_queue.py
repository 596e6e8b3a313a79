"""'Download my data' is built by a worker: prepared, offered to its owner only, then deleted."""

from __future__ import annotations

import zipfile
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from passport import privacy
from passport.accounts import exports
from passport.accounts.models import DataExport
from passport.celery import app as celery_app

pytestmark = pytest.mark.django_db

EXPORT = "/accounts/privacy/export/"


@pytest.fixture
def queued(monkeypatch) -> list[tuple]:
    sent: list[tuple] = []
    monkeypatch.setattr(exports.build_data_export, "delay", lambda *args: sent.append(args))
    return sent


def _download_url(export: DataExport) -> str:
    return f"{EXPORT}{export.pk}/"


def test_asking_queues_one_export_and_the_page_says_it_is_being_prepared(
    owner_client, owner, queued
):
    page = owner_client.post(EXPORT, follow=True).content.decode()
    again = owner_client.post(EXPORT, follow=True)

    [export] = DataExport.objects.filter(user=owner)
    assert queued == [(export.pk,)]  # asking again while it is prepared reuses it
    assert export.state == "pending"
    assert "Your data is being prepared. We will e-mail you when it is ready." in page
    assert "This page shows the download link when it is ready" in page
    assert _download_url(export) not in page
    assert f'action="{EXPORT}"' not in again.content.decode()


def test_the_worker_builds_one_file_and_e_mails_once_however_often_it_runs(
    owner, queued, mailoutbox
):
    owner.preferred_language = "fr"
    owner.save()
    export = exports.request_export(owner)

    assert exports.build_data_export(export.pk) is True
    assert exports.build_data_export(export.pk) is False  # delivered again

    export.refresh_from_db()
    assert export.state == "ready" and export.ready_at
    assert export.file.name == f"exports/{owner.pk}/{export.token}.zip"
    with export.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        assert "account.json" in archive.namelist()
    assert default_storage.listdir(f"exports/{owner.pk}")[1] == [f"{export.token}.zip"]
    [mail] = mailoutbox
    assert mail.to == [owner.email]
    assert mail.subject == "[Passport] Vos données sont prêtes à télécharger"
    assert "/accounts/privacy/" in mail.body


def test_a_run_stopped_after_storing_is_redone_without_a_second_file(owner, queued):
    export = exports.request_export(owner)
    name = f"exports/{owner.pk}/{export.token}.zip"
    default_storage.save(name, privacy.build_export(owner))  # the earlier run's file

    exports.build_data_export(export.pk)

    export.refresh_from_db()
    assert export.file.name == name
    assert default_storage.listdir(f"exports/{owner.pk}")[1] == [f"{export.token}.zip"]


def test_only_the_owner_downloads_it(owner_client, other_client, anon_client, owner):
    page = owner_client.post(EXPORT, follow=True).content.decode()  # no worker: built at once
    export = DataExport.objects.get(user=owner)

    assert "Your data is ready: download it below." in page
    assert _download_url(export) in page
    response = owner_client.get(_download_url(export))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    assert other_client.get(_download_url(export)).status_code == 404
    assert anon_client.get(_download_url(export)).status_code == 302
    assert owner_client.get(f"{EXPORT}{export.pk + 1}/").status_code == 404
    assert owner_client.post(_download_url(export)).status_code == 405


def test_an_expired_export_is_not_offered_and_is_deleted(owner_client, owner):
    owner_client.post(EXPORT)
    export = DataExport.objects.get(user=owner)
    week_ago = timezone.now() - exports.EXPORT_KEPT - timedelta(minutes=1)
    DataExport.objects.filter(pk=export.pk).update(ready_at=week_ago, requested_at=week_ago)

    page = owner_client.get("/accounts/privacy/").content.decode()
    assert owner_client.get(_download_url(export)).status_code == 404
    assert _download_url(export) not in page
    assert f'action="{EXPORT}"' in page

    assert exports.delete_expired_exports() == 1
    assert not DataExport.objects.exists()
    assert not default_storage.exists(export.file.name)


def test_storage_out_of_reach_is_retried_then_marked_failed(owner_client, owner, monkeypatch):
    tries = []

    def unreachable(name, content):
        tries.append(name)
        raise OSError("storage unreachable")

    monkeypatch.setattr(default_storage, "save", unreachable)
    # As in production without a broker: a retry runs again at once instead of raising.
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)

    page = owner_client.post(EXPORT, follow=True).content.decode()

    assert len(tries) == exports.STORAGE_RETRIES + 1
    assert DataExport.objects.get(user=owner).state == "failed"
    assert "Your data could not be prepared. Please try again later." in page
    assert f'action="{EXPORT}"' in page  # the learner may ask again


def test_an_exporter_that_fails_leaves_no_file_and_says_so(owner_client, owner, monkeypatch):
    def broken(user, archive):
        raise ValueError("bug")

    monkeypatch.setattr(privacy, "_exporters", [*privacy.exporters(), broken])

    owner_client.post(EXPORT)

    assert DataExport.objects.get(user=owner).state == "failed"
    assert not default_storage.exists(f"exports/{owner.pk}")


def test_a_preparation_that_never_finished_can_be_asked_again(owner_client, owner, queued):
    owner_client.post(EXPORT)
    long_ago = timezone.now() - exports.stuck_after() - timedelta(seconds=1)
    DataExport.objects.filter(user=owner).update(requested_at=long_ago)

    page = owner_client.get("/accounts/privacy/").content.decode()
    assert "Preparing your data did not finish. Please ask again." in page
    owner_client.post(EXPORT)
    assert len(queued) == 2


def test_deleting_the_account_deletes_its_exports(owner, owner_client):
    owner_client.post(EXPORT)
    name = DataExport.objects.get(user=owner).file.name
    assert default_storage.exists(name)

    privacy.erase_account(owner)

    assert not default_storage.exists(name)


def test_the_clean_up_runs_daily():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["delete-expired-exports"]
    assert entry == {"task": "accounts.delete_expired_exports", "schedule": 86400.0}
