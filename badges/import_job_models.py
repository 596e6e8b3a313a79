"""Background imports: one job per upload or link, one item per source and its result."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from badges.models import Badge, LearnerRecord, OwnedQuerySet


def _source_path(instance: ImportItem, filename: str) -> str:
    return f"import-sources/{instance.job.owner_id}/{secrets.token_hex(16)}"


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Checking")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Stopped")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    created = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    # Last sign of life: a job silent for longer than a task may run has been lost.
    progressed = models.DateTimeField(default=timezone.now)
    # The language the learner was using, for the messages the task stores.
    language = models.CharField(max_length=8, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    def is_stuck(self, now: datetime | None = None) -> bool:
        limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        return self.is_open and (now or timezone.now()) - self.progressed > limit


class ImportItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ADDED = "added", _("Added")
        REFUSED = "refused", _("Not added")
        DUPLICATE = "duplicate", _("Already in your backpack")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=2000)
    url = models.CharField(max_length=2000, blank=True)
    source = models.FileField(upload_to=_source_path, blank=True, max_length=300)
    is_text = models.BooleanField(default=False)  # the source is pasted text (UTF-8)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    code = models.CharField(max_length=40, blank=True)
    message = models.TextField(blank=True)
    badge = models.ForeignKey(
        Badge, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    existing = models.ForeignKey(
        Badge, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record = models.ForeignKey(
        LearnerRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.status})"

    @property
    def ok(self) -> bool:
        return self.status == self.Status.ADDED


def summary_of(counts: dict[str, int]) -> str:
    """Counts by status in words: "5 added, 2 not added, 1 already in your backpack",
    zeros left out, in the language being shown."""
    added, refused = counts.get("added", 0), counts.get("refused", 0)
    duplicate, pending = counts.get("duplicate", 0), counts.get("pending", 0)
    parts = [
        (added, ngettext("%(n)d added", "%(n)d added", added)),
        (refused, ngettext("%(n)d not added", "%(n)d not added", refused)),
        (
            duplicate,
            ngettext("%(n)d already in your backpack", "%(n)d already in your backpack", duplicate),
        ),
        (pending, ngettext("%(n)d waiting", "%(n)d waiting", pending)),
    ]
    return ", ".join(words % {"n": n} for n, words in parts if n)
