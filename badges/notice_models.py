"""In-app notices: what changed while the learner was away, shown until dismissed."""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.import_job_models import summary_of
from badges.models import Badge, OwnedQuerySet


class NoticeQuerySet(OwnedQuerySet):
    def unread(self) -> NoticeQuerySet:
        return self.filter(read=False)

    def for_news(self) -> NoticeQuerySet:
        """What the list of news draws: each notice and its badge's name, not the badge's
        whole row (a credential as received can be hundreds of kilobytes)."""
        return self.select_related("badge").only(
            "owner_id", "kind", "created", "read", "detail", "job_id", "badge__name"
        )


class Notice(models.Model):
    class Kind(models.TextChoices):
        REVOKED = "revoked", _("Badge revoked")
        EXPIRED = "expired", _("Badge expired")
        DELIVERED = "delivered", _("Badge delivered")
        IMPORT_FINISHED = "import", _("Import finished")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created = models.DateTimeField(default=timezone.now)
    read = models.BooleanField(default=False)
    badge = models.ForeignKey(Badge, null=True, blank=True, on_delete=models.CASCADE)
    # What a notice links to besides a badge (a platform's name, an import's page).
    detail = models.CharField(max_length=255, blank=True)
    job = models.ForeignKey("badges.ImportJob", null=True, blank=True, on_delete=models.CASCADE)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} for {self.owner_id}"

    @property
    def import_summary(self) -> str:
        """What a finished import brought, in the language shown (empty if not known)."""
        try:
            counts = json.loads(self.detail) if self.detail else {}
        except ValueError:
            return ""
        return summary_of(counts) if isinstance(counts, dict) else ""
