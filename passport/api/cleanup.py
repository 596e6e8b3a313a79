"""Forgetting platforms that registered (RFC 7591 lets anyone) but never connected."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import get_application_model

UNUSED_FOR = timedelta(days=30)


@transaction.atomic
def forget_unused_registrations(*, now: datetime | None = None, unused_for=UNUSED_FOR) -> int:
    """Delete registered platforms older than ``unused_for`` that no learner ever let in:
    no connection, grant or token. Returns how many went. Deliveries of a platform keep
    its name on their own, so history is never lost here."""
    cutoff = (now or timezone.now()) - unused_for
    unused = get_application_model().objects.filter(
        registration__registered_at__lt=cutoff,
        connections__isnull=True,
        grant__isnull=True,
        accesstoken__isnull=True,
        refreshtoken__isnull=True,
    )
    ids = list(unused.values_list("pk", flat=True).distinct())
    get_application_model().objects.filter(pk__in=ids).delete()
    return len(ids)
