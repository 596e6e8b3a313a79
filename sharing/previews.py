"""The 1200×630 picture social sites show beside a shared link, drawn with Pillow.

A card is described by a ``Card`` (texts, pictures, status); its hash names the stored
PNG, so a card is drawn once and drawn again as soon as anything on it changes. Each
page keeps its cards in a folder of its own (``share-previews/b/<public_id>/``), which
makes removing the stale versions and erasing a learner's cards cheap.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageDraw, ImageFont, ImageOps

from badges.openbadges.fetch_types import MAX_FILE_BYTES
from passport.web.images import UnusableImage, open_image

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
ROOT = "share-previews"
# Bump when the drawing changes, so every stored card is drawn again.
DESIGN_VERSION = "1"
MAX_SOURCE_BYTES = MAX_FILE_BYTES

INK = (27, 36, 48)
MUTED = (79, 91, 107)
BRAND = (29, 78, 137)
BRAND_LIGHT = (232, 238, 246)
BACKGROUND = (247, 248, 250)
WHITE = (255, 255, 255)
MARK_COLOURS = {
    "verified": (30, 107, 52),
    "expired": (138, 83, 0),
    "revoked": (164, 22, 26),
    "unverifiable": (79, 91, 107),
    "unconfirmed": (79, 91, 107),  # verified, issuer not confirmed: never the green
}

# Looked for at run time; without any of them Pillow's own scalable font is used.
FONT_CANDIDATES = {
    "bold": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        "/usr/local/share/fonts/DejaVuSans-Bold.ttf",
    ),
    "regular": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/local/share/fonts/DejaVuSans.ttf",
    ),
}


@dataclass(frozen=True)
class Card:
    """Everything drawn on a card; its hash decides whether the stored PNG is current."""

    folder: str  # e.g. "b/<public_id>"
    kicker: str  # small capitals above the title
    title: str
    lines: tuple[str, ...] = ()
    images: tuple[str, ...] = ()  # storage names of badge images or the avatar
    round_image: bool = False  # avatars are shown in a circle
    mark: str = ""  # a badge status; "verified" draws the green check
    mark_label: str = ""
    footer: str = "Passport"

    @property
    def digest(self) -> str:
        payload = json.dumps([DESIGN_VERSION, asdict(self)], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()[:24]

    @property
    def name(self) -> str:
        return f"{ROOT}/{self.folder}/{self.digest}.png"


def card_from(fields: dict) -> Card:
    """A card back from its fields as a task receives them (JSON: lists for tuples)."""
    return Card(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})


def image_name(field: FieldFile | None) -> str:
    return field.name if field else ""


def get_png(card: Card) -> bytes:
    """The card's PNG from storage, drawn and stored first if it is not there yet."""
    name = card.name
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except (FileNotFoundError, OSError):
        pass
    try:
        data = draw(card)
    except UnusableImage:  # pictures are busy decoding: show it plain now, keep none
        return draw(replace(card, images=()))
    except FileNotFoundError:
        # A picture named in the database is not in storage (yet) as this server sees
        # it: show the card without it now, but never keep a card that lacks it.
        logger.warning("Preview card %s drawn without a missing picture; not stored", name)
        present = tuple(image for image in card.images if default_storage.exists(image))
        return draw(replace(card, images=present))
    _remove_folder(card.folder)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # another request stored the same card a moment ago
        default_storage.delete(saved)
    return data


def delete_cards(folder: str) -> None:
    _remove_folder(folder)


def _remove_folder(folder: str) -> None:
    path = f"{ROOT}/{folder}"
    try:
        _, files = default_storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    for filename in files:
        default_storage.delete(f"{path}/{filename}")


# --- Drawing -------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _font_file(weight: str) -> str:
    return next((path for path in FONT_CANDIDATES[weight] if Path(path).is_file()), "")


def font(weight: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu when the system has it, else Pillow's own scalable font (Pillow 10.1 and later).

    Fonts are loaded for each card rather than shared: cards are drawn rarely, and
    Pillow does not promise that one font object may be used by several threads.
    """
    path = _font_file(weight)
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size=size)


def draw(card: Card) -> bytes:
    canvas = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(canvas)
    pen.rounded_rectangle((40, 40, WIDTH - 40, HEIGHT - 40), radius=28, fill=WHITE)
    pen.rectangle((40, 40, 52, HEIGHT - 40), fill=BRAND)
    _draw_pictures(canvas, card)
    _draw_texts(pen, card)
    output = io.BytesIO()
    canvas.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _draw_pictures(canvas: Image.Image, card: Card) -> None:
    box = (95, 135, 455, 495)  # 360 × 360, vertically centred
    pictures = [_load(name) for name in card.images[:4]]
    if len(pictures) <= 1:
        picture = pictures[0] if pictures else None
        initial = card.title[:1].upper() if card.round_image else ""
        _place(canvas, picture, box, round_image=card.round_image, initial=initial)
        return
    size, gap = 170, 20
    rows = (len(pictures) + 1) // 2
    top = box[1] + (box[3] - box[1] - rows * size - (rows - 1) * gap) // 2
    for index, picture in enumerate(pictures):
        left = box[0] + (index % 2) * (size + gap)
        row_top = top + (index // 2) * (size + gap)
        _place(canvas, picture, (left, row_top, left + size, row_top + size), round_image=False)


def _place(
    canvas, picture: Image.Image | None, box, *, round_image: bool, initial: str = ""
) -> None:
    left, top, right, _ = box
    size = right - left
    if picture is None:
        _placeholder(canvas, box, initial=initial)
        return
    if round_image:
        picture = ImageOps.fit(picture, (size, size), Image.Resampling.LANCZOS)
        mask = Image.new("L", (size, size), 0)
        ImageDraw.Draw(mask).ellipse((0, 0, size - 1, size - 1), fill=255)
        canvas.paste(picture, (left, top), mask)
        return
    picture = picture.copy()
    picture.thumbnail((size, size), Image.Resampling.LANCZOS)
    offset = (left + (size - picture.width) // 2, top + (size - picture.height) // 2)
    canvas.paste(picture, offset, picture)


def _placeholder(canvas: Image.Image, box, *, initial: str = "") -> None:
    """A soft circle with a star (or the person's initial), as the site shows without a picture."""
    pen = ImageDraw.Draw(canvas)
    left, top, right, bottom = box
    pen.ellipse(box, fill=BRAND_LIGHT)
    if initial:
        centre = ((left + right) / 2, (top + bottom) / 2)
        pen.text(centre, initial, font=font("bold", (right - left) // 2), fill=BRAND, anchor="mm")
        return
    cx, cy, radius = (left + right) / 2, (top + bottom) / 2, (right - left) * 0.3
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.42
        angle = -90 + i * 36
        points.append(_polar(cx, cy, r, angle))
    pen.polygon(points, fill=BRAND)


def _polar(cx: float, cy: float, r: float, degrees: float) -> tuple[float, float]:
    return (cx + r * math.cos(math.radians(degrees)), cy + r * math.sin(math.radians(degrees)))


def _load(name: str) -> Image.Image | None:
    """A stored raster image, checked before decoding; None for SVG or anything unusable.

    A file that is missing raises FileNotFoundError.
    """
    if not name:
        return None
    try:
        with default_storage.open(name, "rb") as stored:
            data = stored.read(MAX_SOURCE_BYTES + 1)
        if len(data) > MAX_SOURCE_BYTES:
            return None
        # Decoded by the opener, so it waits its turn with every other decode.
        return open_image(data).convert("RGBA")
    except FileNotFoundError:
        raise  # not "unusable": the card must not be stored without it (get_png)
    except UnusableImage as unusable:
        if unusable.code == "busy":
            raise
        logger.info("Preview card drawn without the image %s", name)
        return None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        logger.info("Preview card drawn without the image %s", name)
        return None


TEXT_LEFT, TEXT_RIGHT = 500, WIDTH - 90
TEXT_TOP, TEXT_BOTTOM = 110, HEIGHT - 90  # the text block is centred between these
KICKER_HEIGHT, GAP, LINE_HEIGHT, MARK_HEIGHT = 50, 14, 40, 56


def _draw_texts(pen: ImageDraw.ImageDraw, card: Card) -> None:
    left, width = TEXT_LEFT, TEXT_RIGHT - TEXT_LEFT
    footer_font = font("bold", 24)
    footer_width = pen.textlength(card.footer, font=footer_font)
    pen.text((TEXT_RIGHT - footer_width, 80), card.footer, font=footer_font, fill=MUTED)
    body = font("regular", 30)
    body_lines = [
        line for text in card.lines for line in _wrap(pen, text, body, width, max_lines=2)
    ]
    mark_room = GAP + 20 + MARK_HEIGHT if card.mark else 0
    fixed = KICKER_HEIGHT + GAP + LINE_HEIGHT * len(body_lines) + mark_room
    title_font, title_lines = _fit_title(pen, card.title, width, TEXT_BOTTOM - TEXT_TOP - fixed)
    title_height = len(title_lines) * int(title_font.size * 1.18)
    y = TEXT_TOP + (TEXT_BOTTOM - TEXT_TOP - fixed - title_height) // 2
    pen.text((left, y), card.kicker.upper(), font=font("bold", 24), fill=BRAND)
    y += KICKER_HEIGHT
    for line in title_lines:
        pen.text((left, y), line, font=title_font, fill=INK)
        y += int(title_font.size * 1.18)
    y += GAP
    for line in body_lines:
        pen.text((left, y), line, font=body, fill=MUTED)
        y += LINE_HEIGHT
    if card.mark:
        _draw_mark(pen, card, (left, y + GAP + 20))


def _fit_title(pen, text: str, width: int, height: int):
    """The largest title size at which the whole name fits the room; else cut short with …"""
    for size in (64, 56, 48, 42):
        title_font = font("bold", size)
        lines = _wrap(pen, text, title_font, width, max_lines=99)
        if len(lines) * int(size * 1.18) <= height:
            return title_font, lines
    title_font = font("bold", 42)
    room = max(1, height // int(42 * 1.18))
    return title_font, _wrap(pen, text, title_font, width, max_lines=room)


def _wrap(pen, text: str, face, width: int, *, max_lines: int) -> list[str]:
    """Greedy word wrap; a word too long for a line is cut; the last line ends in … if cut."""
    lines: list[str] = []
    current = ""
    for word in " ".join(text.split()).split(" "):
        candidate = f"{current} {word}".strip()
        if pen.textlength(candidate, font=face) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while pen.textlength(current, font=face) > width:
            cut = _longest_prefix(pen, current, face, width)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsize(pen, lines[-1], face, width)
    return lines


def _longest_prefix(pen, word: str, face, width: int) -> int:
    cut = len(word)
    while cut > 1 and pen.textlength(word[:cut], font=face) > width:
        cut -= 1
    return cut


def _ellipsize(pen, line: str, face, width: int) -> str:
    while line and pen.textlength(line + "…", font=face) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def _draw_mark(pen: ImageDraw.ImageDraw, card: Card, origin: tuple[int, int]) -> None:
    """A status pill; the verified one carries a check drawn with lines (no glyph needed)."""
    x, y = origin
    colour = MARK_COLOURS.get(card.mark, MUTED)
    label_font = font("bold", 30)
    label_width = int(pen.textlength(card.mark_label, font=label_font))
    height = 56
    icon = 40 if card.mark == "verified" else 0
    pen.rounded_rectangle(
        (x, y, x + label_width + icon + 48, y + height), radius=height // 2, fill=colour
    )
    text_x = x + 24
    if icon:
        cx, cy = x + 38, y + height // 2
        pen.line([(cx - 11, cy), (cx - 3, cy + 9), (cx + 12, cy - 9)], fill=WHITE, width=6)
        text_x += icon
    pen.text((text_x, y + height // 2), card.mark_label, font=label_font, fill=WHITE, anchor="lm")
