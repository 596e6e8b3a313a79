"""A real worker does the queued work: verify again, the data export, e-mail, gathering
the skills; and a worker killed in the middle of a task loses nothing and does nothing
twice."""

from __future__ import annotations

import email
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse

from badges.models import Badge
from badges.services.importing import ImportSource, import_badges
from passport.accounts.models import DataExport
from tests.worker.conftest import wait_for

pytestmark = pytest.mark.worker

EMAIL = "owner@example.org"


def _import(owner, server) -> tuple[Badge, str]:
    url, _text = server.issuer.hosted_assertion(EMAIL, "2.0")
    [outcome] = import_badges(owner, [ImportSource.from_url(url)])
    assert outcome.ok, outcome.message
    return outcome.badge, url


def _mails(tmp_path) -> list[email.message.Message]:
    folder = tmp_path / "mail"
    if not folder.exists():
        return []
    # The file backend ends each message with a line of dashes; a file without it is
    # still being written.
    texts = [p.read_bytes() for p in sorted(folder.iterdir())]
    return [email.message_from_bytes(t) for t in texts if t.rstrip().endswith(b"-" * 79)]


def test_verify_again_is_checked_by_the_worker(start_worker, issuer_server, owner_client, owner):
    badge, url = _import(owner, issuer_server)
    checks = badge.checks.count()
    start_worker(BADGE_FETCH_ALLOWED_HOSTS=issuer_server.host)
    issuer_server.issuer.revoke(url, reason="Awarded in error")

    response = owner_client.post(reverse("badges:verify", args=[badge.pk]))

    assert response.status_code == 302
    wait_for(
        lambda: Badge.objects.filter(pk=badge.pk, check_requested_at=None).exists(),
        what="the worker's check",
    )
    badge.refresh_from_db()
    assert badge.status == "revoked"
    assert badge.checks.count() == checks + 1
    assert urlsplit(url).path in issuer_server.requests  # asked over real HTTP


def test_the_data_export_is_built_by_the_worker_and_e_mailed(
    start_worker, owner_client, owner, tmp_path
):
    start_worker()

    owner_client.post("/accounts/privacy/export/")

    wait_for(
        lambda: DataExport.objects.filter(user=owner, state="ready").exists(),
        what="the export",
    )
    export = DataExport.objects.get(user=owner)
    assert default_storage.exists(export.file.name)
    assert owner_client.get(f"/accounts/privacy/export/{export.pk}/").status_code == 200
    wait_for(lambda: _mails(tmp_path), what="the e-mail")
    [mail] = _mails(tmp_path)
    assert mail["To"] == EMAIL
    assert "ready" in mail["Subject"]


def test_an_e_mail_is_sent_by_the_worker_whole(start_worker, tmp_path):
    start_worker()
    message = EmailMultiAlternatives(
        "Queued",
        "Plain text",
        "noreply@passport.test",
        ["ada@example.org"],
        headers={"X-Passport-Test": "yes"},
        connection=get_connection("djcelery_email.backends.CeleryEmailBackend"),
    )
    message.attach_alternative("<p>HTML</p>", "text/html")

    message.send()

    wait_for(lambda: _mails(tmp_path), what="the e-mail")
    [mail] = _mails(tmp_path)
    assert mail["Subject"] == "Queued"
    assert mail["X-Passport-Test"] == "yes"
    parts = {part.get_content_type(): part.get_payload() for part in mail.walk()}
    assert "Plain text" in parts["text/plain"]
    assert "<p>HTML</p>" in parts["text/html"]


def test_a_worker_killed_mid_check_loses_nothing_and_checks_once(
    start_worker, issuer_server, owner_client, owner
):
    badge, url = _import(owner, issuer_server)
    checks = badge.checks.count()
    issuer_server.slow.add(urlsplit(url).path)
    first = start_worker(BADGE_FETCH_ALLOWED_HOSTS=issuer_server.host)

    owner_client.post(reverse("badges:verify", args=[badge.pk]))
    assert issuer_server.slow_started.wait(60), "the worker never asked the issuer"
    first.kill()
    badge.refresh_from_db()
    assert badge.check_requested_at is not None  # not done, not lost
    assert badge.checks.count() == checks

    issuer_server.slow.clear()
    start_worker(BADGE_FETCH_ALLOWED_HOSTS=issuer_server.host)

    wait_for(
        lambda: Badge.objects.filter(pk=badge.pk, check_requested_at=None).exists(),
        timeout=90,
        what="the check to be redelivered to the new worker",
    )
    badge.refresh_from_db()
    assert badge.status == "verified"
    assert badge.checks.count() == checks + 1


def test_the_worker_counts_the_skills_ahead_of_the_learners_view(
    start_worker, broker, owner_client, owner, settings, monkeypatch
):
    """The skills the worker counts after a change are what the next view shows, with
    no counting of its own."""
    from badges.models import LearnerSkill, SkillChange
    from badges.services import skills
    from tests.badges.factories import make_badges

    settings.CACHES = {
        "default": {"BACKEND": "passport.web.cache.SafeRedisCache", "LOCATION": broker}
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    start_worker(REDIS_URL=broker)

    make_badges(owner, 14)  # committed, then the settling is queued

    def counted():
        changes = SkillChange.objects.filter(owner_id=owner.pk).exists()
        return not changes and LearnerSkill.objects.filter(owner=owner).count() == 10

    wait_for(counted, what="the worker to count the skills")

    def not_here(owner_id):
        raise AssertionError("the view counted the skills itself")

    monkeypatch.setattr(skills, "settle", not_here)
    content = owner_client.get(reverse("badges:skills")).content.decode()
    for n in range(7):  # make_badges aligns its badges to Skill 0 to Skill 6
        assert f"Skill {n}" in content
