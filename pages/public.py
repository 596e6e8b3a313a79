"""What pages offer the apps beside it (``sharing``): a learner's pages and evidence as
visitors may see them. ``sharing`` uses pages only through this module."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import QuerySet

from badges.models import Badge
from pages.models import LearnerEvidence, Page
from passport.web.lookups import NUMBER_MARKER, RowsLookup


class ListedPage(NamedTuple):
    title: str
    public_id: str


_listed = RowsLookup(
    lambda owner_id: (
        Page.objects.filter(owner_id=owner_id).listed().values_list("title", "public_id")
    ),
    marker=NUMBER_MARKER,
)


def pages_shown_on_profile(user) -> list[ListedPage]:
    """The pages listed on ``user``'s public profile, newest first: the caller found
    ``user`` among the profiles shown (an active learner's), so the owner's state costs
    no join here."""
    return [ListedPage(*row) for row in _listed(user.pk)]


def evidence_shown_publicly(badge: Badge) -> QuerySet[LearnerEvidence]:
    """The learner's evidence a visitor of the badge's public page may see."""
    return badge.learner_evidence.shown_publicly()
