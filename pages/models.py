"""Micro-portfolios: a learner's pages, each an ordered list of blocks."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from badges.models import (
    Badge,
    Collection,
    CollectionItem,
    OwnedQuerySet,
    Tag,
    not_on_cards,
)
from pages import embeds
from passport.web import usercontent
from passport.web.markdown import KeepsRenderedMarkdown, RenderedMarkdownField

TITLE_MAX_LENGTH = 120
INTRODUCTION_MAX_LENGTH = 5000
TEXT_MAX_LENGTH = 20000


def _public_id() -> str:
    return secrets.token_urlsafe(16)


def _file_token() -> str:
    return secrets.token_urlsafe(18)


def _extension(filename: str) -> str:
    """The extension of a name we chose ourselves (``.pdf``), or nothing."""
    dot = filename.rfind(".")
    suffix = filename[dot:].lower() if dot > 0 else ""
    return suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""


def cover_path(instance: Page, filename: str) -> str:
    return f"page-covers/{instance.owner_id}/{secrets.token_hex(16)}{_extension(filename)}"


def block_file_path(instance: Block, filename: str) -> str:
    return f"page-files/{instance.page.owner_id}/{secrets.token_hex(16)}{_extension(filename)}"


class Theme(models.TextChoices):
    CLASSIC = "classic", _("Classic")
    MODERN = "modern", _("Modern")
    HIGH_CONTRAST = "high-contrast", _("High contrast")


# Who but the owner may open a page: anything not private, of an active account.
_REACHABLE = ~models.Q(visibility="private") & models.Q(owner__is_active=True)


class PageQuerySet(OwnedQuerySet):
    def reachable(self) -> PageQuerySet:
        """Pages someone other than their owner may open (with the password, if any)."""
        return self.filter(_REACHABLE)

    def reachable_by(self, user) -> PageQuerySet:
        """Pages ``user`` may open: the reachable ones and, signed in, their own."""
        if not user.is_authenticated:
            return self.reachable()
        return self.filter(_REACHABLE | models.Q(owner=user))

    def public_for(self, user) -> PageQuerySet:
        """The pages ``user`` chose to list on their public profile, newest first."""
        return self.filter(owner=user, owner__is_active=True).listed()

    def listed(self) -> PageQuerySet:
        """Public pages, newest first: what a profile lists of its learner's pages."""
        return self.filter(visibility=Page.Visibility.PUBLIC).order_by("-updated_at", "-pk")

    def with_block_counts(self) -> PageQuerySet:
        return self.annotate(block_count=models.Count("blocks"))


class Page(KeepsRenderedMarkdown, models.Model):
    """One portfolio page: a title, an introduction, a cover, a theme and blocks."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private")
        UNLISTED = "unlisted", _("Anyone with the link")
        PASSWORD = "password", _("Anyone with the link and the password")
        PUBLIC = "public", _("Public")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portfolio_pages"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(max_length=60, blank=True, allow_unicode=False)
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_html = RenderedMarkdownField(source="introduction")
    cover = models.FileField(upload_to=cover_path, blank=True)
    cover_width = models.PositiveIntegerField(null=True, blank=True)
    cover_height = models.PositiveIntegerField(null=True, blank=True)
    theme = models.CharField(
        _("theme"), max_length=16, choices=Theme.choices, default=Theme.CLASSIC
    )
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    public_id = models.CharField(max_length=32, unique=True, default=_public_id)
    password_hash = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pages:public", args=[self.public_id])

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.PRIVATE

    @property
    def needs_password(self) -> bool:
        return self.visibility == self.Visibility.PASSWORD


class BlockQuerySet(models.QuerySet):
    def for_render(self, *, public: bool) -> BlockQuerySet:
        """Blocks with everything they show, in a fixed number of queries.

        One query for the blocks (with their badge, collection and tag), one for the
        badges of the collections and one for the badges of the tags. On a public page
        only public badges are fetched for groups, so private ones cannot leak.
        """
        group_badges = Badge.objects.for_cards()
        items = (
            CollectionItem.objects.select_related("badge")
            .defer(*not_on_cards("badge"))  # badges are drawn as cards: no credential read
            .order_by("position", "pk")
        )
        if public:
            group_badges = group_badges.public()
            items = items.filter(badge__visibility=Badge.Visibility.PUBLIC)
        return (
            self.select_related("badge", "collection", "tag")
            .defer(*not_on_cards("badge"))
            .prefetch_related(
                models.Prefetch("collection__items", queryset=items, to_attr="shown_items"),
                models.Prefetch("tag__badges", queryset=group_badges, to_attr="shown_badges"),
            )
        )


class Block(KeepsRenderedMarkdown, models.Model):
    """One piece of a page. A single table with a kind: each kind uses a few of the fields.

    heading: text, level · text: text (Markdown) · badge: badge · badge group: collection
    or tag, title · file: file, file_* · image: file, alt, caption · media: provider and
    embed_id (a video link) or file, title, caption · link: url, title, description.
    """

    class Kind(models.TextChoices):
        HEADING = "heading", _("Heading")
        TEXT = "text", _("Text")
        BADGE = "badge", _("Badge")
        BADGE_GROUP = "group", _("Badge group")
        FILE = "file", _("File")
        IMAGE = "image", _("Image")
        MEDIA = "media", _("Video or audio")
        LINK = "link", _("Link")

    class Provider(models.TextChoices):
        YOUTUBE = "youtube", "YouTube"
        VIMEO = "vimeo", "Vimeo"

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    position = models.PositiveIntegerField(default=0)

    text = models.TextField(blank=True)
    text_html = RenderedMarkdownField(source="text")
    level = models.PositiveSmallIntegerField(default=2)
    badge = models.ForeignKey(
        Badge, null=True, blank=True, on_delete=models.SET_NULL, related_name="page_blocks"
    )
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.SET_NULL, related_name="page_blocks"
    )
    tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.SET_NULL, related_name="page_blocks"
    )

    file = models.FileField(upload_to=block_file_path, blank=True, max_length=200)
    file_name = models.CharField(max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    file_type = models.CharField(max_length=8, blank=True)
    file_token = models.CharField(max_length=32, default=_file_token)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)

    alt = models.CharField(max_length=300, blank=True)
    caption = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    provider = models.CharField(max_length=8, choices=Provider.choices, blank=True)
    embed_id = models.CharField(max_length=20, blank=True)
    embed_hash = models.CharField(max_length=20, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BlockQuerySet.as_manager()

    class Meta:
        # Positions are not unique: swapping two must not trip a constraint midway.
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.page} #{self.position}: {self.kind}"

    @property
    def file_url(self) -> str:
        if not self.file:
            return ""
        return usercontent.link(reverse("pages:file", args=[self.pk, self.file_token]))

    @property
    def embed_url(self) -> str:
        """The privacy-enhanced player address; ids are validated when saved."""
        return embeds.player_url(self.provider, self.embed_id, self.embed_hash)

    @property
    def watch_url(self) -> str:
        return embeds.watch_url(self.provider, self.embed_id, self.embed_hash)


# --- The learner's own evidence for a badge: it may point at their pages and files ---


def _visibilities_open_to_others(*, files: bool) -> list[str]:
    """Page visibilities a visitor may open. A password page's files are left out: the
    password guards them, and their names, behind the page itself."""
    closed = {Page.Visibility.PRIVATE} | ({Page.Visibility.PASSWORD} if files else set())
    return [v for v in Page.Visibility.values if v not in closed]


class LearnerEvidenceQuerySet(models.QuerySet):
    def with_links(self) -> LearnerEvidenceQuerySet:
        """Each item with its page and its file's page, in the same query."""
        return self.select_related("page", "file_block__page")

    def shown_publicly(self) -> LearnerEvidenceQuerySet:
        """Items others may see: not hidden, and with something to show besides the title
        once private pages, and the files others may not open, are left out."""
        pages = _visibilities_open_to_others(files=False)
        files = _visibilities_open_to_others(files=True)
        return (
            self.filter(hidden=False)
            .filter(
                ~models.Q(narrative="")
                | ~models.Q(url="")
                | models.Q(page__visibility__in=pages)
                | models.Q(file_block__page__visibility__in=files, file_block__file__gt="")
            )
            .with_links()
        )


class LearnerEvidence(KeepsRenderedMarkdown, models.Model):
    """What the learner adds to show their work, beside the issuer's evidence.

    Besides a narrative and a link, an item may point at one of the learner's own pages or
    at a file uploaded to one of them. Deleting that page or file keeps the item.
    """

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="learner_evidence")
    title = models.CharField(_("title"), max_length=200)
    narrative = models.TextField(_("narrative"), blank=True)
    narrative_html = RenderedMarkdownField(source="narrative")
    url = models.URLField(_("link"), max_length=2000, blank=True)
    page = models.ForeignKey(
        Page,
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_block = models.ForeignKey(
        Block,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LearnerEvidenceQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when evidence lived in the badges app.
        db_table = "badges_learnerevidence"
        ordering = ["position", "pk"]
        verbose_name_plural = "learner evidence"

    def __str__(self) -> str:
        return self.title

    @property
    def public_page(self) -> Page | None:
        """The linked page if others may open it (a password page asks for its password)."""
        page = self.page
        if page is None or page.visibility not in _visibilities_open_to_others(files=False):
            return None
        return page

    @property
    def public_file(self) -> Block | None:
        """The linked file if others may open it: never one of a private or password page."""
        block = self.file_block
        if block is None or not block.file:
            return None
        return block if block.page.visibility in _visibilities_open_to_others(files=True) else None
