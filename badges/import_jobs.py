"""Imports run as a background task: a job per upload or link, checked item by item.

Each run of ``run_import_job`` imports the next waiting item and queues the rest, so no
single task outlives the task time limit however many files were sent. The import and
the item's result are stored in one transaction: a worker killed in between leaves the
item waiting and no badge, and the task, delivered again (acks_late), imports it once.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from functools import partial

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.transaction import on_commit
from django.utils import timezone
from django.utils.translation import get_language, override

from badges import notices
from badges.import_job_models import ImportItem, ImportJob
from badges.notice_models import Notice
from badges.services.importing import ImportOutcome, ImportSource, import_badges

# Jobs, and any source bytes still stored, are kept this long for the learner to read.
KEEP_JOBS = timedelta(days=7)


def create_job(user, sources: list[ImportSource]) -> ImportJob:
    """A queued job holding each source (file bytes in storage), run once committed."""
    prune_jobs(owner=user)
    with transaction.atomic():
        job = ImportJob.objects.create(owner=user, language=get_language() or "")
        for position, source in enumerate(sources):
            item = ImportItem(job=job, position=position, label=source.label[:2000])
            item.url, item.size = source.url[:2000], max(source.size, len(source.data or b""))
            data = source.data
            if source.text:
                item.is_text, data = True, source.text.encode()
            if data is not None:
                item.source.save("source", ContentFile(data), save=False)
            item.save()
    enqueue(job)
    return job


def enqueue(job: ImportJob) -> None:
    on_commit(partial(run_import_job.delay, job.pk))


@shared_task(acks_late=True, name="badges.import_jobs.run_import_job")
def run_import_job(job_id: int) -> None:
    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or not job.is_open:
        return
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.RUNNING, started=job.started or now, progressed=now
    )
    item = job.items.filter(status=ImportItem.Status.PENDING).first()
    if item is None:
        _finish(job)
        return
    _import_item(job, item.pk)
    enqueue(job)


def _import_item(job: ImportJob, item_id: int) -> None:
    # Messages are stored in the learner's language, as the page would have shown them.
    with override(job.language or None), transaction.atomic():
        item = ImportItem.objects.select_for_update().get(pk=item_id)
        if item.status != ImportItem.Status.PENDING:
            return  # another delivery of this task finished it first
        (outcome,) = import_badges(job.owner, [_source(item)])
        _record(item, outcome)
        ImportJob.objects.filter(pk=job.pk).update(progressed=timezone.now())
    _drop_source(item)


def _source(item: ImportItem) -> ImportSource:
    if item.url:
        return ImportSource.from_url(item.url)
    if not item.source:
        return ImportSource(label=item.label, data=b"", size=item.size)
    with item.source.open("rb") as stored:
        data = stored.read()
    if item.is_text:
        return ImportSource.from_text(data.decode(), label=item.label)
    return ImportSource(label=item.label, data=data, size=item.size)


def _record(item: ImportItem, outcome: ImportOutcome) -> None:
    if outcome.ok:
        item.status = ImportItem.Status.ADDED
    elif outcome.existing is not None:
        item.status = ImportItem.Status.DUPLICATE
    else:
        item.status = ImportItem.Status.REFUSED
    item.code, item.message = outcome.code, outcome.message
    item.badge, item.existing, item.record = outcome.badge, outcome.existing, outcome.record
    item.save()


def _drop_source(item: ImportItem) -> None:
    if item.source and item.status != ImportItem.Status.PENDING:
        default_storage.delete(item.source.name)
        ImportItem.objects.filter(pk=item.pk).update(source="")


def _finish(job: ImportJob) -> None:
    now = timezone.now()
    finished = (
        ImportJob.objects.filter(pk=job.pk)
        .exclude(state=ImportJob.State.DONE)
        .update(state=ImportJob.State.DONE, finished=now, progressed=now)
    )
    if finished and job.owner.notify_imports:
        counts = Counter(job.items.values_list("status", flat=True))
        notices.add_notice(
            job.owner, Notice.Kind.IMPORT_FINISHED, job=job, detail=json.dumps(counts)
        )


def retry(job: ImportJob) -> None:
    """Start a stopped job again: the items already done are not imported again."""
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.QUEUED, progressed=timezone.now()
    )
    enqueue(job)


@shared_task(acks_late=True, name="badges.import_jobs.prune_jobs")
def prune_jobs(owner=None) -> int:
    """Delete jobs older than ``KEEP_JOBS`` with their stored source bytes."""
    old = ImportJob.objects.filter(created__lt=timezone.now() - KEEP_JOBS)
    if owner is not None:
        old = old.filter(owner=owner)
    names = ImportItem.objects.filter(job__in=old).exclude(source="")
    for name in names.values_list("source", flat=True):
        default_storage.delete(name)
    count, _ = old.delete()
    return count
