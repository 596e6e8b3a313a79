"""Everything that changes a page: one function per action, each in one transaction.

Stored files cannot be rolled back, so they are deleted only once the database change
that drops them is committed (see ``pages.files``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from badges.models import Badge
from badges.ordering import move_item, put_in_order
from badges.services import visibility as visibility_service
from pages import files
from pages.models import TITLE_MAX_LENGTH, Block, Page, _file_token
from pages.uploads import CleanFile

FILE_FIELDS = ("file_name", "file_size", "file_type", "width", "height")


def _slug(title: str) -> str:
    return slugify(title)[:60].strip("-")


# --- Pages -----------------------------------------------------------------------------


def create_page(owner, *, title: str, theme: str) -> Page:
    return Page.objects.create(owner=owner, title=title, slug=_slug(title), theme=theme)


@transaction.atomic
def update_settings(
    page: Page,
    *,
    title: str,
    introduction: str,
    theme: str,
    cover: CleanFile | None = None,
    remove_cover: bool = False,
) -> None:
    page.title, page.slug, page.introduction, page.theme = title, _slug(title), introduction, theme
    if (cover or remove_cover) and page.cover:
        files.delete_on_commit([page.cover.name])
        page.cover = ""
        page.cover_width = page.cover_height = None
    if cover is not None:
        page.cover.save(cover.name, ContentFile(cover.content), save=False)
        page.cover_width, page.cover_height = cover.width, cover.height
    page.save()


def delete_page(page: Page) -> None:
    """The page, its blocks and, once committed, their stored files (see pages.files)."""
    with transaction.atomic():
        page.delete()


def duplicate_page(page: Page) -> Page:
    """A private copy of the page with copies of its files; the original is untouched."""
    saved: list[str] = []
    try:
        with transaction.atomic():
            copy = _copy_page(page, saved)
            for block in page.blocks.all():
                _copy_block(block, copy, saved)
    except BaseException:
        files.delete_now(saved)
        raise
    return copy


def _copy_page(page: Page, saved: list[str]) -> Page:
    title = (_("Copy of %(title)s") % {"title": page.title})[:TITLE_MAX_LENGTH]
    copy = Page(
        owner=page.owner,
        title=title,
        slug=_slug(title),
        introduction=page.introduction,
        theme=page.theme,
        cover_width=page.cover_width,
        cover_height=page.cover_height,
    )
    if page.cover and files.copy_into(page.cover, copy.cover, saved) is None:
        copy.cover_width = copy.cover_height = None
    copy.save()
    return copy


def _copy_block(block: Block, page: Page, saved: list[str]) -> Block:
    copy = Block(page=page, file_token=_file_token())
    skipped = {"id", "page", "file", "file_token", "created_at", "updated_at"}
    for field in Block._meta.concrete_fields:
        if field.name not in skipped:
            setattr(copy, field.attname, getattr(block, field.attname))
    if block.file:
        files.copy_into(block.file, copy.file, saved)
    copy.save()
    return copy


# --- Blocks ----------------------------------------------------------------------------


@transaction.atomic
def add_block(page: Page, kind: str, fields: dict) -> Block:
    last = page.blocks.aggregate(last=Max("position"))["last"]
    block = Block(page=page, kind=kind, position=0 if last is None else last + 1)
    _assign(block, fields)
    block.save()
    _touch(page)
    return block


@transaction.atomic
def update_block(block: Block, fields: dict) -> Block:
    _assign(block, fields)
    block.save()
    _touch(block.page)
    return block


def _assign(block: Block, fields: dict) -> None:
    """Copy the form's fields onto the block; an upload replaces the stored file."""
    fields = dict(fields)
    upload: CleanFile | None = fields.pop("upload", None)
    for name, value in fields.items():
        setattr(block, name, value)
    if block.kind == Block.Kind.MEDIA and fields.get("provider"):
        _drop_file(block)  # a link now: the uploaded file goes
    if upload is None:
        return
    _drop_file(block)
    if block.kind == Block.Kind.MEDIA:
        block.provider = block.embed_id = block.embed_hash = block.url = ""
    block.file.save(upload.name, ContentFile(upload.content), save=False)
    block.file_name, block.file_size, block.file_type = (
        upload.name,
        upload.size,
        upload.file_type.key,
    )
    block.width, block.height = upload.width, upload.height
    # A new address, so a link to the replaced file stops working.
    block.file_token = _file_token()


def _drop_file(block: Block) -> None:
    if block.file:
        files.delete_on_commit([block.file.name])
    block.file = ""
    block.file_name, block.file_size, block.file_type = "", 0, ""
    block.width = block.height = None


@transaction.atomic
def move_block(block: Block, direction: str) -> bool:
    """Swap the block with its neighbour; positions are renumbered 0..n-1 on the way."""
    blocks = list(Block.objects.filter(page_id=block.page_id).select_for_update())
    moved = move_item(blocks, lambda item: item.pk == block.pk, direction)
    if moved:
        _touch(block.page)
    return moved


@transaction.atomic
def order_blocks(page: Page, ids: list[int]) -> bool:
    """Put the page's blocks in the order of ``ids`` (all of them, each once)."""
    blocks = list(Block.objects.filter(page_id=page.pk).select_for_update())
    ordered = put_in_order(blocks, ids)
    if ordered:
        _touch(page)
    return ordered


@transaction.atomic
def remove_block(block: Block) -> None:
    page = block.page
    block.delete()  # its file goes once this is committed (see pages.files)
    _touch(page)


def _touch(page: Page) -> None:
    page.save(update_fields=["updated_at"])


# --- Publishing ------------------------------------------------------------------------


def private_badges_on(page: Page) -> list[Badge]:
    """The learner's private badges the page would show if they were public."""
    on_page = (
        Q(page_blocks__page=page, page_blocks__kind=Block.Kind.BADGE)
        | Q(collection_items__collection__page_blocks__page=page)
        | Q(learner_tags__page_blocks__page=page)
    )
    matching = Badge.objects.filter(on_page).values("pk")
    return list(
        Badge.objects.owned_by(page.owner)
        .exclude(visibility=Badge.Visibility.PUBLIC)
        .filter(pk__in=matching)
        .for_cards()
        .sorted_by("name")
    )


@transaction.atomic
def publish(
    page: Page, *, visibility: str, password_hash: str, make_public: Iterable[int] = ()
) -> int:
    """Set who sees the page; ``make_public`` badges of the owner become public first.

    Returns how many badges were made public. Private badges left on the page are
    never shown to visitors: the public page skips them whatever is decided here.
    """
    made_public = 0
    ids = list(make_public)
    if ids:
        badges = Badge.objects.owned_by(page.owner).filter(pk__in=ids)
        made_public = visibility_service.set_visibility(badges, Badge.Visibility.PUBLIC)
    page.visibility = visibility
    page.password_hash = password_hash if visibility == Page.Visibility.PASSWORD else ""
    page.save(update_fields=["visibility", "password_hash", "updated_at"])
    return made_public
