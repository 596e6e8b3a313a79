"""Every stored change a learner's pages could show moves their page version.

Their public pages and their own gallery and skills (``passport.web.fragmentcache``)
are kept under it; so the notices of the gallery move it too.

Model signals catch each save and delete, the cascades of an account's deletion
included; the few bulk writes that send no signal (``QuerySet.update``,
``bulk_create``, ``bulk_update``) call ``passport.web.pagecache.bump`` themselves.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from badges.models import (
    Badge,
    Collection,
    CollectionItem,
    LearnerRecord,
    Notice,
    Tag,
    VerificationCheck,
)
from pages.models import Block, LearnerEvidence, Page
from passport.accounts.models import User
from passport.web.pagecache import bump
from sharing.models import ContactLink

# How to find the learner a row belongs to, without a query where the row has it.
OWNER_OF = {
    Badge: lambda row: row.owner_id,
    LearnerRecord: lambda row: row.owner_id,
    Tag: lambda row: row.owner_id,
    Collection: lambda row: row.owner_id,
    Page: lambda row: row.owner_id,
    ContactLink: lambda row: row.user_id,
    Notice: lambda row: row.owner_id,  # shown in the gallery, kept like a public page
    User: lambda row: row.pk,
    CollectionItem: lambda row: row.collection.owner_id,
    VerificationCheck: lambda row: row.badge.owner_id,
    Block: lambda row: row.page.owner_id,
    LearnerEvidence: lambda row: row.badge.owner_id,
}


def _changed(sender, instance, **kwargs) -> None:
    try:
        owner_id = OWNER_OF[sender](instance)
    except (Badge.DoesNotExist, Page.DoesNotExist, Collection.DoesNotExist):
        return  # the parent went first in a cascade, and bumped the version then
    bump(owner_id)


def _tags_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        bump(instance.owner_id)  # a Tag or a Badge: both carry their learner


def connect() -> None:
    for model in OWNER_OF:
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-version-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public-version-del-{model}")
    m2m_changed.connect(_tags_changed, sender=Tag.badges.through, dispatch_uid="public-tags")
