"""The backpack's part of "Download my data" and "Delete my account"."""

from __future__ import annotations

import json
import logging
import zipfile

from django.core.files.storage import default_storage
from django.utils.text import slugify

from badges import extensions, step_log
from badges.models import Badge, LearnerRecord
from badges.services.importing import to_json

logger = logging.getLogger(__name__)


def export_badges(user, archive: zipfile.ZipFile) -> None:
    """Each badge as its original file and a normalised ``badge.json``."""
    badges = Badge.objects.owned_by(user).prefetch_related("learner_tags", "collections")
    badges = list(badges)
    contributed = extensions.export_fields(badges)
    for number, badge in enumerate(badges, start=1):
        folder = f"badges/{number:04d}-{slugify(badge.name)[:50] or 'badge'}"
        data = _normalised(badge) | contributed[badge.pk]
        data["imported_at"] = data.pop("imported_at")  # last, as it always was
        archive.writestr(f"{folder}/badge.json", json.dumps(data, indent=2, ensure_ascii=False))
        if badge.original_file:
            _write_original(archive, badge, folder)
        else:
            extension = "json" if badge.original.lstrip().startswith("{") else "jws"
            archive.writestr(f"{folder}/original.{extension}", badge.original)


def _write_original(archive, badge: Badge, folder: str) -> None:
    extension = badge.original_file.name.rsplit(".", 1)[-1]
    try:
        with badge.original_file.open("rb") as original:
            archive.writestr(f"{folder}/original.{extension}", original.read())
    except FileNotFoundError:
        # A lost file must not cost the learner the rest of their data.
        logger.warning(
            "The original file %s of badge %s is missing", badge.original_file.name, badge.pk
        )


def _normalised(badge: Badge) -> dict:
    issuer = badge.issuer
    return {
        "id": badge.credential_id,
        "spec": badge.spec,
        "name": badge.name,
        "description": badge.description,
        "issuer": {
            "id": issuer.identifier,
            "name": issuer.stated_name,
            "url": issuer.url,
            "email": issuer.email,
        },
        "issued_on": badge.issued_on.isoformat() if badge.issued_on else None,
        "expires": badge.expires.isoformat() if badge.expires else None,
        "criteria": {"url": badge.criteria_url, "narrative": badge.criteria_narrative},
        "alignments": badge.alignments,
        "tags": badge.tags,
        "evidence": badge.evidence,
        "endorsements": badge.endorsements,
        "recipient_email": badge.recipient_email,
        "recipient_confirmed": badge.recipient_confirmed,
        "status": badge.status,
        "status_reason": badge.status_reason,
        "trust": badge.trust,
        "trust_source": badge.trust_source,
        "verified_at": badge.verified_at.isoformat(),
        "verification": step_log.exported(to_json(badge.verification)),
        "visibility": badge.visibility,
        "my_tags": [tag.name for tag in badge.learner_tags.all()],
        "my_collections": [collection.name for collection in badge.collections.all()],
        "imported_at": badge.imported_at.isoformat(),
    }


def export_records(user, archive: zipfile.ZipFile) -> None:
    """Each learner record as it was received and a normalised ``record.json``; its
    badges are exported with the others."""
    records = LearnerRecord.objects.owned_by(user).prefetch_related("badges")
    for number, record in enumerate(records, start=1):
        folder = f"learner-records/{number:04d}-{slugify(record.name)[:50] or 'record'}"
        data = {
            "id": record.credential_id,
            "name": record.name,
            "description": record.description,
            "issuer": {
                "id": record.issuer_identifier,
                "name": record.issuer_name,
                "url": record.issuer_url,
            },
            "issued_on": record.issued_on.isoformat() if record.issued_on else None,
            "expires": record.expires.isoformat() if record.expires else None,
            "partial": record.partial,
            "achievements": record.achievements,
            "associations": record.associations,
            "badges": [badge.credential_id for badge in record.badges.all()],
            "recipient_email": record.recipient_email,
            "status": record.status,
            "trust": record.trust,
            "trust_source": record.trust_source,
            "verified_at": record.verified_at.isoformat(),
            "verification": step_log.exported(to_json(record.verification)),
            "imported_at": record.imported_at.isoformat(),
        }
        archive.writestr(f"{folder}/record.json", json.dumps(data, indent=2, ensure_ascii=False))
        extension = "json" if record.original.lstrip().startswith("{") else "jws"
        archive.writestr(f"{folder}/original.{extension}", record.original)


def erase_badge_files(user) -> None:
    """The learner's badge files: the originals and each badge's own image."""
    for original, image in Badge.objects.owned_by(user).values_list("original_file", "image"):
        for name in filter(None, (original, image)):
            default_storage.delete(name)
