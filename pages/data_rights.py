"""Pages' part of "Download my data" and "Delete my account"."""

from __future__ import annotations

import json
import logging
import zipfile

from django.db.models.fields.files import FieldFile

from pages import files
from pages.models import Block, LearnerEvidence, Page

logger = logging.getLogger(__name__)


def export_pages(user, archive: zipfile.ZipFile) -> None:
    """Each page as ``pages/<n>-<slug>/page.json``, beside its cover and files."""
    pages = (
        Page.objects.owned_by(user)
        .order_by("created_at", "pk")
        .prefetch_related("blocks__badge", "blocks__collection", "blocks__tag")
    )
    for number, page in enumerate(pages, start=1):
        folder = f"pages/{number:03d}-{page.slug or 'page'}"
        data = _page_json(page)
        if page.cover:
            data["cover"] = _write(archive, page.cover, f"{folder}/cover{_suffix(page.cover)}")
        for position, (block, entry) in enumerate(
            zip(page.blocks.all(), data["blocks"], strict=True), 1
        ):
            if block.file:
                path = f"{folder}/files/{position:03d}-{block.file_name or 'file'}"
                entry["file"] = _write(archive, block.file, path)
        archive.writestr(f"{folder}/page.json", json.dumps(data, indent=2, ensure_ascii=False))


def _page_json(page: Page) -> dict:
    return {
        "title": page.title,
        "introduction": page.introduction,
        "theme": page.theme,
        "visibility": page.visibility,
        "has_password": bool(page.password_hash),
        "created_at": page.created_at.isoformat(),
        "updated_at": page.updated_at.isoformat(),
        "cover": None,
        "blocks": [_block_json(block) for block in page.blocks.all()],
    }


def _block_json(block: Block) -> dict:
    entry: dict = {"kind": block.kind}
    kind = Block.Kind
    if block.kind in (kind.HEADING, kind.TEXT):
        entry["text"] = block.text
    if block.kind == kind.HEADING:
        entry["level"] = block.level
    if block.kind == kind.BADGE:
        entry["badge"] = _badge_json(block)
    if block.kind == kind.BADGE_GROUP:
        entry["collection"] = block.collection.name if block.collection else None
        entry["tag"] = block.tag.name if block.tag else None
    if block.kind in (kind.FILE, kind.IMAGE, kind.MEDIA):
        entry |= {"file": None, "file_name": block.file_name, "file_size": block.file_size}
    if block.kind == kind.MEDIA and block.provider:
        entry |= {"provider": block.provider, "video": block.embed_url, "url": block.url}
    if block.kind == kind.LINK:
        entry |= {"url": block.url, "description": block.description}
    for name in ("title", "alt", "caption"):
        if getattr(block, name):
            entry[name] = getattr(block, name)
    return entry


def _badge_json(block: Block) -> dict | None:
    if block.badge is None:
        return None
    return {"name": block.badge.name, "id": block.badge.credential_id}


def _suffix(field: FieldFile) -> str:
    name = field.name.rsplit("/", 1)[-1]
    return name[name.rfind(".") :] if "." in name else ""


def _write(archive: zipfile.ZipFile, field: FieldFile, path: str) -> str | None:
    try:
        with field.open("rb") as stored:
            archive.writestr(path, stored.read())
    except FileNotFoundError:
        logger.warning("The page file %s is missing from storage", field.name)
        return None
    return path


def erase_page_files(user) -> None:
    """Every cover and block file of the learner's pages; tolerant of files already gone."""
    covers = Page.objects.owned_by(user).exclude(cover="").values_list("cover", flat=True)
    block_files = (
        Block.objects.filter(page__owner=user).exclude(file="").values_list("file", flat=True)
    )
    files.delete_now([*covers, *block_files])


def evidence_by_badge(badges) -> dict[int, list[dict]]:
    """The learner's own evidence of each badge, for the badge's ``badge.json``."""
    found: dict[int, list[dict]] = {}
    items = LearnerEvidence.objects.filter(badge__in=badges).select_related("page", "file_block")
    for e in items:
        found.setdefault(e.badge_id, []).append(
            {
                "title": e.title,
                "narrative": e.narrative,
                "url": e.url,
                "hidden": e.hidden,
                "page": e.page.title if e.page else None,
                "file": e.file_block.file_name if e.file_block else None,
            }
        )
    return {badge.pk: found.get(badge.pk, []) for badge in badges}
