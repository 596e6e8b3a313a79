"""'Download my data' through the task queue: asked on the page, built by a worker.

The ZIP (``passport.privacy.build_export``) goes to storage under a name of its own; the
privacy page shows it as being prepared, then offers it to its owner for EXPORT_KEPT, after
which the daily clean-up deletes it. A task delivered twice builds one file: only an export
still pending is built, and one built meanwhile is left as it is.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from passport import privacy
from passport.accounts.models import DataExport, User
from passport.web.tasks import enqueue

logger = logging.getLogger(__name__)

EXPORT_KEPT = timedelta(days=7)
STORAGE_RETRIES = 3


def stuck_after() -> timedelta:
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * (STORAGE_RETRIES + 1) + 300)


def request_export(user: User) -> DataExport:
    """Queue an export of ``user``'s data; one already being prepared is reused."""
    pending = in_progress(user)
    if pending is not None:
        return pending
    export = DataExport.objects.create(user=user)
    enqueue(build_data_export, export.pk)
    return export


def in_progress(user: User, now: datetime | None = None) -> DataExport | None:
    since = (now or timezone.now()) - stuck_after()
    pending = user.data_exports.filter(state=DataExport.State.PENDING, requested_at__gt=since)
    return pending.first()


def latest(user: User) -> DataExport | None:
    return user.data_exports.first()


def is_stuck(export: DataExport, now: datetime | None = None) -> bool:
    return (
        export.state == DataExport.State.PENDING
        and export.requested_at <= (now or timezone.now()) - stuck_after()
    )


def expires_at(export: DataExport) -> datetime | None:
    return export.ready_at + EXPORT_KEPT if export.ready_at else None


def downloadable(user: User, pk: int, now: datetime | None = None) -> DataExport | None:
    """The owner's ready export ``pk`` while it is kept; None for anyone else's or expired."""
    since = (now or timezone.now()) - EXPORT_KEPT
    exports = user.data_exports.filter(state=DataExport.State.READY, ready_at__gt=since)
    return exports.filter(pk=pk).first()


def build(export_pk: int) -> DataExport | None:
    """Build and store export ``export_pk``; None when it is done already or gone."""
    export = DataExport.objects.select_related("user").filter(pk=export_pk).first()
    if export is None or export.state != DataExport.State.PENDING:
        return None
    name = f"exports/{export.user_id}/{export.token}.zip"
    with privacy.build_export(export.user) as archive:
        default_storage.delete(name)  # left by a run that was stopped before it finished
        stored = default_storage.save(name, File(archive, name="export.zip"))
    ready_at = timezone.now()
    done = DataExport.objects.filter(pk=export.pk, state=DataExport.State.PENDING).update(
        state=DataExport.State.READY, file=stored, ready_at=ready_at
    )
    if not done:  # finished by another delivery meanwhile, or deleted
        default_storage.delete(stored)
        return None
    export.state, export.file.name, export.ready_at = DataExport.State.READY, stored, ready_at
    _tell_ready(export)
    return export


def _tell_ready(export: DataExport) -> None:
    user = export.user
    url = settings.SITE_URL + reverse("privacy_settings")
    context = {"learner": user, "url": url, "expires": expires_at(export)}
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/export_subject.txt", context).strip()
        body = render_to_string("accounts/email/export_message.txt", context)
    try:
        send_mail(f"[Passport] {subject}", body, None, [user.email])
    except Exception:  # the page offers the download anyway
        logger.warning("Could not e-mail %s that the export is ready", user.pk, exc_info=True)


def fail(export_pk: int) -> None:
    DataExport.objects.filter(pk=export_pk, state=DataExport.State.PENDING).update(
        state=DataExport.State.FAILED
    )


def delete_expired(now: datetime | None = None) -> int:
    """Delete exports asked for longer ago than they are kept, with their files."""
    old = DataExport.objects.filter(requested_at__lt=(now or timezone.now()) - EXPORT_KEPT)
    count = 0
    for export in old.iterator():
        erase_file(export)
        export.delete()
        count += 1
    return count


def erase_file(export: DataExport) -> None:
    if export.file:
        default_storage.delete(export.file.name)


def erase_exports(user: User) -> None:
    """Account deletion: the stored ZIPs go with the account."""
    for export in user.data_exports.all():
        erase_file(export)


@shared_task(bind=True, name="accounts.build_data_export", max_retries=STORAGE_RETRIES)
def build_data_export(self, export_pk: int) -> bool:
    """Storage may be briefly out of reach: retried with backoff, then marked failed."""
    try:
        return build(export_pk) is not None
    except OSError as error:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
        logger.exception("Data export %s failed after %s tries", export_pk, self.max_retries)
    except Exception:
        logger.exception("Data export %s failed", export_pk)
    fail(export_pk)
    return False


@shared_task(name="accounts.delete_expired_exports")
def delete_expired_exports() -> int:
    return delete_expired()
