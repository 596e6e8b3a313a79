"""Background imports: a job per upload or link, its page, its JSON, re-runs and clean-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from badges import import_jobs
from badges.import_job_models import ImportItem, ImportJob
from badges.models import Badge
from badges.openbadges.bake import bake_png
from badges.views import importing
from tests.badges.conftest import png_bytes, stored_files

EMAIL = "owner@example.org"
JSON = {"HTTP_ACCEPT": "application/json"}


def _upload(client, *files, **extra):
    return client.post("/badges/add/", {"way": "upload", "files": list(files)}, **extra)


def _baked(issuer, name="good.png", email=EMAIL):
    url, _text = issuer.hosted_assertion(email, "2.0")
    return SimpleUploadedFile(name, bake_png(png_bytes(), url), "image/png")


def test_an_upload_becomes_a_job_whose_page_shows_each_row_and_a_summary(owner_client, issuer):
    response = _upload(
        owner_client, _baked(issuer), SimpleUploadedFile("plain.png", png_bytes(), "image/png")
    )
    job = ImportJob.objects.get()
    assert response["Location"] == f"/badges/imports/{job.pk}/"
    assert job.state == ImportJob.State.DONE and job.finished is not None  # eager: at once
    html = owner_client.get(response["Location"]).content.decode()
    assert "good.png" in html and "Robotics" in html
    assert "plain.png" in html and 'data-code="no_badge_data"' in html
    assert "1 added, 1 not added" in html
    assert "data-polling" not in html  # finished: nothing to poll
    assert Badge.objects.count() == 1


def test_a_duplicate_row_links_to_the_badge_already_held(owner_client, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    owner_client.post("/badges/add/", {"way": "url", "url": url})
    response = owner_client.post("/badges/add/", {"way": "url", "url": url})
    html = owner_client.get(response["Location"]).content.decode()
    assert "1 already in your backpack" in html
    assert f'href="/badges/{Badge.objects.get().pk}/"' in html
    item = ImportJob.objects.first().items.get()
    assert item.status == ImportItem.Status.DUPLICATE and item.existing == Badge.objects.get()


def test_the_json_view_gives_the_state_summary_and_rows(owner_client, issuer):
    response = _upload(owner_client, _baked(issuer), **JSON)
    assert response.status_code == 202
    status = owner_client.get(response.json()["status"]).json()
    assert status["state"] == "done" and status["open"] is False
    assert status["summary"] == "1 added"
    assert status["items"] == [{"label": "good.png", "status": "added", "code": ""}]
    assert "Robotics" in status["html"]


def test_someone_elses_job_is_404_and_a_visitor_is_sent_to_log_in(
    owner_client, other_client, anon_client, issuer
):
    _upload(owner_client, _baked(issuer))
    pk = ImportJob.objects.get().pk
    for path in (f"/badges/imports/{pk}/", f"/badges/imports/{pk}/status/"):
        assert owner_client.get(path).status_code == 200
        assert other_client.get(path).status_code == 404
        assert anon_client.get(path).status_code == 302
    assert other_client.post(f"/badges/imports/{pk}/retry/").status_code == 404


def test_running_the_task_again_imports_nothing_twice(owner_client, issuer):
    _upload(owner_client, _baked(issuer))
    job = ImportJob.objects.get()
    import_jobs.run_import_job(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
    import_jobs.run_import_job(job.pk)  # delivered again while marked running
    assert Badge.objects.count() == 1
    assert job.items.get().status == ImportItem.Status.ADDED


def test_a_worker_killed_mid_item_leaves_no_badge_and_the_rerun_stores_it_once(
    owner_client, issuer, monkeypatch
):
    real_record = import_jobs._record

    def killed(item, outcome):
        raise SystemExit("worker lost")  # after the badge was stored, before the result

    monkeypatch.setattr(import_jobs, "_record", killed)
    with pytest.raises(SystemExit):
        _upload(owner_client, _baked(issuer))
    job = ImportJob.objects.get()
    assert not Badge.objects.exists()
    assert job.items.get().status == ImportItem.Status.PENDING and job.is_open

    monkeypatch.setattr(import_jobs, "_record", real_record)
    import_jobs.run_import_job(job.pk)  # the broker delivers the task again
    assert Badge.objects.count() == 1
    assert job.items.get().status == ImportItem.Status.ADDED
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE


def test_a_stuck_job_says_stopped_and_trying_again_finishes_it(
    owner_client, owner, issuer, settings
):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    job = ImportJob.objects.create(owner=owner, state=ImportJob.State.RUNNING)
    ImportItem.objects.create(job=job, label=url, url=url)
    html = owner_client.get(f"/badges/imports/{job.pk}/").content.decode()
    assert "data-polling" in html and "<noscript>" in html  # still within the time limit

    late = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    ImportJob.objects.filter(pk=job.pk).update(progressed=late)
    html = owner_client.get(f"/badges/imports/{job.pk}/").content.decode()
    assert "Stopped — try again." in html and "data-polling" not in html
    assert owner_client.get(f"/badges/imports/{job.pk}/status/").json()["stuck"] is True

    owner_client.post(f"/badges/imports/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and Badge.objects.count() == 1


def test_retry_of_a_job_still_running_changes_nothing(owner_client, owner):
    job = ImportJob.objects.create(owner=owner, state=ImportJob.State.RUNNING)
    ImportItem.objects.create(job=job, label="x", url="https://issuer.example/x")
    owner_client.post(f"/badges/imports/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING


def test_source_bytes_go_to_storage_and_are_removed_once_imported(
    owner_client, issuer, monkeypatch, media_root
):
    monkeypatch.setattr(import_jobs, "on_commit", lambda fn, using=None: None)  # no worker
    _upload(owner_client, _baked(issuer))
    item = ImportItem.objects.get()
    assert item.source.name.startswith("import-sources/")
    assert default_storage.exists(item.source.name)
    name = item.source.name
    import_jobs.run_import_job(item.job_id)
    item.refresh_from_db()
    assert not item.source and not default_storage.exists(name)


def test_jobs_older_than_a_week_are_deleted_with_their_stored_bytes(
    owner_client, owner, issuer, monkeypatch, media_root
):
    monkeypatch.setattr(import_jobs, "on_commit", lambda fn, using=None: None)
    _upload(owner_client, _baked(issuer))
    old = ImportJob.objects.get()
    ImportJob.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=8))
    recent = ImportJob.objects.create(owner=owner)
    assert import_jobs.prune_jobs() == 2  # the job and its item
    assert list(ImportJob.objects.all()) == [recent]
    assert not [p for p in stored_files(media_root) if "import-sources" in str(p)]


def test_a_job_waits_for_the_commit_before_it_is_queued(
    owner, issuer, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db.transaction import on_commit

    monkeypatch.setattr(import_jobs, "on_commit", on_commit)
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    source = importing.ImportSource.from_url(url)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = import_jobs.create_job(owner, [source])
        assert ImportJob.objects.get().state == "queued" and not Badge.objects.exists()
    assert callbacks  # ran at the commit: the item, then the finish
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and Badge.objects.count() == 1


def test_script_requests_get_translated_errors_as_json(owner_client, issuer, monkeypatch):
    response = owner_client.post("/badges/add/", {"way": "upload"}, **JSON)
    assert response.status_code == 400
    assert response.json()["error"] == "Choose at least one file."
    monkeypatch.setattr(importing, "IMPORT_LIMIT", 1)
    _upload(owner_client, _baked(issuer), **JSON)
    response = _upload(owner_client, _baked(issuer, "second.png"), **JSON)
    assert response.status_code == 429 and "at most 1 a minute" in response.json()["error"]
    assert ImportJob.objects.count() == 1


def test_job_messages_are_stored_in_the_learners_language(owner_client, issuer):
    owner_client.post(
        "/badges/add/",
        {"way": "upload", "files": [SimpleUploadedFile("plain.png", png_bytes())]},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    item = ImportItem.objects.get()
    assert ImportJob.objects.get().language == "fr"
    assert item.message and "badge" not in item.message.split()[:1]
    html = owner_client.get(f"/badges/imports/{item.job_id}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "1 non ajouté" in html.content.decode()


def test_the_job_page_makes_a_fixed_number_of_queries(
    owner_client, issuer, django_assert_max_num_queries
):
    files = [_baked(issuer, f"b{n}.png") for n in range(3)]
    issuer_files = [SimpleUploadedFile("plain.png", png_bytes())]
    response = _upload(owner_client, *files, *issuer_files)
    # session + user, the job, its notice marked read, its rows with their badges in one join
    with django_assert_max_num_queries(5):
        owner_client.get(response["Location"])


def test_pasted_text_is_checked_in_the_background_as_text(owner_client, issuer, monkeypatch):
    queued = []
    monkeypatch.setattr("badges.import_jobs.on_commit", queued.append)  # no worker yet
    _url, text = issuer.hosted_assertion(EMAIL, "2.0")
    response = owner_client.post("/badges/add/", {"way": "paste", "text": f"  {text}\n"})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/badges/imports/{job.pk}/"
    assert not Badge.objects.exists()  # nothing fetched while the learner waited
    (item,) = job.items.all()
    assert item.is_text and item.label == "Pasted text"
    for callback in queued:
        callback()
    item.refresh_from_db()
    assert item.status == ImportItem.Status.ADDED and item.badge.name == "Robotics"
    assert not item.source  # the pasted text is not kept once checked


def test_a_pasted_signed_token_stays_text(owner, monkeypatch):
    # Stored as bytes, read back as text: a compact JWS is not taken for a file's bytes.
    monkeypatch.setattr("badges.import_jobs.on_commit", lambda fn: None)  # no worker yet
    source = importing.ImportSource.from_text("eyJhbGciOiJFUzI1NiJ9.e30.c2ln  ")
    job = import_jobs.create_job(owner, [source])
    rebuilt = import_jobs._source(job.items.get())
    assert rebuilt.text == source.text and rebuilt.data is None and rebuilt.label == "Pasted text"


def test_the_sample_badge_comes_through_a_job_too(owner_client, owner):
    response = owner_client.post("/badges/add/sample/")
    job = ImportJob.objects.get(owner=owner)
    assert response["Location"] == f"/badges/imports/{job.pk}/"
    html = owner_client.get(response["Location"]).content.decode()
    assert "Sample badge" in html and "Added" in html


def test_pressing_the_sample_twice_points_to_the_one_already_held(owner_client, owner):
    owner_client.post("/badges/add/sample/")
    again = owner_client.post("/badges/add/sample/", follow=True).content.decode()
    assert Badge.objects.filter(owner=owner).count() == 1
    assert 'data-code="duplicate"' in again and "Already in your backpack" in again
    assert "result-duplicate" in again and "chip-bad" not in again  # not shown as an error


def test_results_read_on_the_job_page_leave_no_notice_in_the_gallery(owner_client, owner):
    from badges.notice_models import Notice

    owner.notify_imports = True
    owner.save()
    location = owner_client.post("/badges/add/sample/")["Location"]
    assert Notice.objects.filter(owner=owner).unread().count() == 1  # finished in the background
    owner_client.get(location)
    assert Notice.objects.filter(owner=owner).unread().count() == 0
    assert "Your import has finished" not in owner_client.get("/badges/").content.decode()


def test_the_gallery_notice_says_what_the_import_brought(owner_client, owner, issuer):
    owner.notify_imports = True
    owner.save()
    _upload(owner_client, _baked(issuer), SimpleUploadedFile("plain.png", png_bytes()))
    gallery = owner_client.get("/badges/").content.decode()
    assert "Your import has finished (1 added, 1 not added)" in gallery
    owner.preferred_language = "fr"
    owner.save()
    assert "(1 ajouté, 1 non ajouté)" in owner_client.get("/badges/").content.decode()
