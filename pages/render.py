"""What a page shows: its blocks with their badges resolved, and its preview for links.

Badge groups are resolved here, at every render, from the collection or tag as it is
now. On a public render a private badge is never part of what is shown, whoever asks:
the queries fetch only public badges for groups, and every badge is checked again here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from badges.models import Badge
from pages.models import Block, Page
from passport.web import usercontent
from passport.web.french import elide
from sharing.public import ShareLink, social_links

DESCRIPTION_LENGTH = 200
PREVIEW_WIDTH, PREVIEW_HEIGHT = 1200, 630  # sharing's preview cards


@dataclass
class Section:
    """One thing on the public page: a block, or a row of consecutive badge blocks."""

    kind: str
    block: Block | None = None
    badges: list[Badge] = field(default_factory=list)
    title_level: int = 2  # a group's title sits below the section heading before it


def blocks_of(page: Page, *, public: bool) -> list[Block]:
    """The page's blocks in order, each with ``.badges`` set to what it shows."""
    blocks = list(page.blocks.for_render(public=public))
    for block in blocks:
        block.page = page  # already loaded: no query per block for block.page
        block.badges = _badges_of(block, page, public=public)
    return blocks


def _badges_of(block: Block, page: Page, *, public: bool) -> list[Badge]:
    if block.kind == Block.Kind.BADGE:
        found = [block.badge] if block.badge else []
    elif block.kind == Block.Kind.BADGE_GROUP and block.collection:
        found = [item.badge for item in block.collection.shown_items]
    elif block.kind == Block.Kind.BADGE_GROUP and block.tag:
        found = list(block.tag.shown_badges)
    else:
        return []
    return [
        badge
        for badge in found
        if badge.owner_id == page.owner_id
        and (not public or badge.visibility == Badge.Visibility.PUBLIC)
    ]


def is_shown(block: Block) -> bool:
    """False for blocks that would be empty for visitors (a private badge, a lost file)."""
    kind = Block.Kind
    if block.kind in (kind.BADGE, kind.BADGE_GROUP):
        return bool(block.badges)
    if block.kind in (kind.FILE, kind.IMAGE):
        return bool(block.file)
    if block.kind == kind.MEDIA:
        return bool(block.embed_url or block.file)
    if block.kind == kind.LINK:
        return bool(block.url)
    return bool(block.text.strip())


def sections(blocks: list[Block]) -> list[Section]:
    """The shown blocks, with badge blocks that follow each other gathered in one row."""
    result: list[Section] = []
    under_heading = False
    for block in filter(is_shown, blocks):
        under_heading = under_heading or block.kind == Block.Kind.HEADING
        if block.kind == Block.Kind.BADGE:
            if result and result[-1].kind == "badges":
                result[-1].badges.extend(block.badges)
            else:
                result.append(Section("badges", badges=list(block.badges)))
        else:
            level = 3 if under_heading else 2
            result.append(Section(block.kind, block, block.badges, title_level=level))
    return result


def description(page: Page, blocks: list[Block]) -> str:
    """A plain-text summary: the introduction, else the first text block.

    Plain text, not HTML: the rendered Markdown's entities (``&amp;``, ``&gt;``) are
    decoded, because the template escapes the summary again where it is shown.
    """
    drawn = [page.introduction_html, *(b.text_html for b in blocks if b.kind == Block.Kind.TEXT)]
    for text in drawn:
        plain = " ".join(html.unescape(strip_tags(text)).split())
        if plain:
            return Truncator(plain).chars(DESCRIPTION_LENGTH)
    return elide(
        _("A portfolio of %(name)s, with Open Badges anyone can verify.")
        % {"name": page.owner.public_name}
    )


def og_image(request: HttpRequest, page: Page, blocks: list[Block]) -> dict | None:
    """The cover, else the first shown badge's preview card, as an absolute address."""
    if page.cover:
        path = cover_url(page)
        return {
            "url": request.build_absolute_uri(path),
            "width": page.cover_width,
            "height": page.cover_height,
            "type": "image/jpeg" if page.cover.name.endswith(".jpg") else "image/png",
            "alt": "",
        }
    for block in filter(is_shown, blocks):
        for badge in block.badges:
            # The badge's share card: a PNG social sites take, drawn once and kept.
            path = reverse("sharing:badge_preview", args=[badge.public_id])
            return {
                "url": request.build_absolute_uri(path),
                "width": PREVIEW_WIDTH,
                "height": PREVIEW_HEIGHT,
                "type": "image/png",
                "alt": _("%(badge)s, issued by %(issuer)s")
                % {"badge": badge.name, "issuer": badge.issuer.name},
            }
    return None


def cover_url(page: Page) -> str:
    if not page.cover:
        return ""
    # The file's random name changes with every new cover, so it versions the address.
    version = page.cover.name.rsplit("/", 1)[-1][:8]
    return usercontent.link(reverse("pages:cover", args=[page.public_id]) + f"?v={version}")


def public_url(request: HttpRequest, page: Page) -> str:
    return request.build_absolute_uri(reverse("pages:public", args=[page.public_id]))


def share_links(page: Page, url: str, *, owner: bool) -> list[ShareLink]:
    """Share links of a page: no "Add to profile" (LinkedIn's is for certifications)."""
    names = {"title": page.title, "name": page.owner.public_name, "url": url}
    if owner:
        text = _("“%(title)s”: my portfolio, with my Open Badges.") % names
        subject = _("My portfolio: “%(title)s”") % names
        body = _("Here is “%(title)s”, my portfolio with my Open Badges: %(url)s") % names
    else:
        text = elide(_("“%(title)s”: the portfolio of %(name)s.") % names)
        subject = elide(_("“%(title)s”, the portfolio of %(name)s") % names)
        body = elide(_("Here is “%(title)s”, the portfolio of %(name)s: %(url)s") % names)
    return social_links(url, text=text, subject=subject, body=body)
