"""What pages offer the apps beside it (``sharing``): a learner's pages and evidence as
visitors may see them. ``sharing`` uses pages only through this module."""

from __future__ import annotations

from django.db.models import QuerySet

from badges.models import Badge
from pages.models import LearnerEvidence, Page


def pages_shown_on_profile(user) -> QuerySet[Page]:
    """The learner's pages listed on their public profile."""
    return Page.objects.public_for(user)


def evidence_shown_publicly(badge: Badge) -> QuerySet[LearnerEvidence]:
    """The learner's evidence a visitor of the badge's public page may see."""
    return badge.learner_evidence.shown_publicly()
