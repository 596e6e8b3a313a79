"""The learner's own evidence for a badge: add, hide and reorder it."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from badges.models import Badge
from badges.ordering import move_item
from pages.models import Block, LearnerEvidence, Page
from passport.web import pagecache


def add_evidence(
    badge: Badge,
    *,
    title: str,
    narrative: str = "",
    url: str = "",
    page: Page | None = None,
    file_block: Block | None = None,
) -> LearnerEvidence:
    """A new last item; ``page`` and ``file_block`` must be the badge owner's (the form's
    choices are)."""
    last = badge.learner_evidence.aggregate(last=Max("position"))["last"]
    return LearnerEvidence.objects.create(
        badge=badge,
        title=title,
        narrative=narrative,
        url=url,
        page=page,
        file_block=file_block,
        position=0 if last is None else last + 1,
    )


def set_evidence_hidden(evidence: LearnerEvidence, hidden: bool) -> None:
    evidence.hidden = hidden
    evidence.save(update_fields=["hidden", "updated_at"])


@transaction.atomic
def move_evidence(evidence: LearnerEvidence, direction: str) -> bool:
    items = list(evidence.badge.learner_evidence.select_for_update())
    pagecache.bump(evidence.badge.owner_id)  # bulk_update sends no signal
    return move_item(items, lambda item: item.pk == evidence.pk, direction)
