"""Preview cards leave storage with what they show: a badge, a collection, an account."""

from __future__ import annotations

from django.db import transaction

from badges.models import Badge, Collection
from sharing import previews


def erase_previews(user) -> None:
    """Erasure hook: every card ever drawn for the learner's badges, collections and profile.

    Private ones too: a badge may have been public once, and its card is still stored.
    """
    for public_id in Badge.objects.filter(owner=user).values_list("public_id", flat=True):
        previews.delete_cards(f"b/{public_id}")
    for public_id in Collection.objects.filter(owner=user).values_list("public_id", flat=True):
        previews.delete_cards(f"c/{public_id}")
    previews.delete_cards(f"u/{user.public_slug}")


def badge_deleted(sender, instance: Badge, **kwargs) -> None:
    folder = f"b/{instance.public_id}"
    transaction.on_commit(lambda: previews.delete_cards(folder))


def collection_deleted(sender, instance: Collection, **kwargs) -> None:
    folder = f"c/{instance.public_id}"
    transaction.on_commit(lambda: previews.delete_cards(folder))
