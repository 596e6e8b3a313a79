"""What pages offer the apps beside it (``sharing``): a learner's pages and evidence as
visitors may see them. ``sharing`` uses pages only through this module."""

from __future__ import annotations

from django.db.models import QuerySet

from badges.models import Badge
from pages.models import LearnerEvidence, Page


def pages_shown_on_profile(user) -> QuerySet[Page]:
    """The pages listed on ``user``'s public profile: the caller found ``user`` among the
    profiles shown (an active learner's), so the owner's state costs no join here. Only
    what the list shows is read."""
    return Page.objects.owned_by(user).listed().only("title", "public_id")


def evidence_shown_publicly(badge: Badge) -> QuerySet[LearnerEvidence]:
    """The learner's evidence a visitor of the badge's public page may see."""
    return badge.learner_evidence.shown_publicly()
