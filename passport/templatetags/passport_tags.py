import html
import json
from datetime import UTC, date
from functools import lru_cache
from types import SimpleNamespace
from typing import NamedTuple

from django import template
from django.dispatch import receiver
from django.template.loader import get_template, render_to_string
from django.utils import dateformat, translation
from django.utils.autoreload import file_changed
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext

from passport.web import usercontent
from passport.web.fragmentcache import (
    OWN_CARDS,
    OWN_SKILLS,
    PUBLIC_CARDS,
    drawn_each,
    drawn_from,
    drawn_key,
)
from passport.web.markdown import render_markdown
from passport.web.reversing import url_for

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Sanitised HTML from Markdown (see passport.web.markdown.render_markdown)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - bleach-cleaned above


@register.filter
def pretty_json(value) -> str:
    """Indented JSON text; autoescaping still applies where it is shown."""
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False)


@register.filter
def badge_date(value) -> str:
    """An award date as the issuer wrote it: shown in UTC, so 2010-01-01T00:00Z is
    1 January everywhere rather than 31 December in Toronto."""
    if not value:
        return ""
    return _date_text(get_language(), value.astimezone(UTC).date())


# Canada's time zones as French writes them (Office québécois de la langue française).
FRENCH_ZONES = {
    "NST": "HNT", "NDT": "HAT", "AST": "HNA", "ADT": "HAA", "EST": "HNE", "EDT": "HAE",
    "CST": "HNC", "CDT": "HAC", "MST": "HNR", "MDT": "HAR", "PST": "HNP", "PDT": "HAP",
}  # fmt: skip


@register.filter
def checked_at(value) -> str:
    """A check's date and time in the reader's language, with its time zone."""
    if not value:
        return ""
    local = localtime(value)
    zone = dateformat.format(local, "T")
    if (get_language() or "").startswith("fr"):
        zone = FRENCH_ZONES.get(zone, zone)
    return f"{date_format(local, 'DATETIME_FORMAT')} {zone}"


@register.simple_tag(name="url_for")
def url_for_tag(viewname: str, value) -> str:
    """``{% url viewname value %}`` for one id or slug, reversed once per view name."""
    return url_for(viewname, value)


@register.simple_tag
def user_file_url(viewname: str, value) -> str:
    """``{% url %}`` for a user's file: on the content origin when there is one."""
    return usercontent.link(url_for(viewname, value))


@register.simple_tag
def issued_on(badge, language: str | None = None) -> SafeString:
    """When the badge was awarded, or that it does not say (never an invented date), in
    ``language`` (the active one unless told)."""
    if not badge.issued_on:
        words = _card_words(language or get_language())
        return format_html('<span class="muted">{}</span>', words.not_stated)
    when = badge.issued_on.astimezone(UTC)
    day = _date_text(language or get_language(), when.date())
    # Not format_html: a grid draws dozens of dates, and its lazy-string checks cost more
    # than the drawing.
    drawn = f'<time datetime="{_e(when.isoformat())}">{_e(day)}</time>'
    return mark_safe(drawn)  # noqa: S308 - both values are escaped by _e


@register.simple_tag
def skill_items(skills, kept_for: int) -> SafeString:
    """Each skill's ``<li>`` (badges/_skill.html), kept for the learner by what it is
    drawn from (``CountedSkill.drawn_from``): after a change to one skill's badges, a page of
    skills draws that skill alone, not the hundreds of mini badges of the others."""
    item = get_template("badges/_skill.html")
    drawn = drawn_each(
        OWN_SKILLS,
        kept_for,
        skills,
        lambda skill: (skill.kind, skill.key),
        lambda skill: skill.drawn_from,
        lambda skill: item.render({"skill": skill}),
    )
    return mark_safe("".join(drawn))  # noqa: S308 - drawn by a template, which escapes


@register.simple_tag
def linked_mini_badges(badges) -> SafeString:
    """``<li>`` after ``<li>`` of linked mini badges; a badge object keeps its drawing on
    itself, so the same object met again is not drawn twice."""
    items = []
    for badge in badges:
        drawn = badge.__dict__.get("_linked_mini_badge")
        if drawn is None:
            drawn = badge.__dict__["_linked_mini_badge"] = mini_badge(badge, link=True)
        items.append(f"<li>{drawn}</li>")
    return mark_safe("".join(items))  # noqa: S308 - drawn by mini_badge, which escapes


@register.simple_tag
def mini_badge(badge, link: bool = False, with_issuer: bool = False) -> SafeString:
    """A badge in one line: its image, its name (a link to it when ``link``) and, when
    ``with_issuer``, who issued it and when. Drawn here, not by a template include,
    because the skills page draws hundreds of them."""
    if badge.image:
        src = _e(usercontent.link(url_for("badges:image", badge.pk)))
        picture = f'<img src="{src}" alt="" width="48" height="48" loading="lazy">'
    else:
        picture = MINI_PLACEHOLDER
    name = _e(badge.name)
    if link:
        name = f'<a href="{_e(url_for("badges:detail", badge.pk))}">{name}</a>'
    issuer = ""
    if with_issuer:
        issuer = (
            f'<span class="mini-badge-issuer">{_e(badge.issuer.name)} · {issued_on(badge)}</span>'
        )
    return mark_safe(  # noqa: S308 - every value is escaped by _e
        f'<span class="mini-badge">{picture}<span class="mini-badge-text">'
        f'<span class="mini-badge-name">{name}</span>{issuer}</span></span>'
    )


@register.simple_tag
def badge_card(
    badge, public: bool = False, own: bool = False, language: str | None = None
) -> SafeString:
    """A badge's card in a grid: a public card links to its public page; the learner's
    ``own`` card (the gallery) to the badge itself, with a box to select it, the Public
    chip and the learner's tags (``card_tags``, see ``badges.card_rows``). Drawn
    here, not by a template include, because a grid draws dozens of them."""
    if public:
        link = url_for("sharing:badge", badge.public_id)
        image = "sharing:badge_image", badge.public_id
    else:
        link = url_for("badges:detail", badge.pk)
        image = "badges:image", badge.pk
    if badge.image:
        src = _e(usercontent.link(url_for(*image)))
        picture = f'<img src="{src}" alt="" width="160" height="160" loading="lazy">'
    else:
        picture = CARD_PLACEHOLDER
    language = language or get_language()
    words = _card_words(language)
    chips = status_chips(badge, language)
    if own and badge.visibility == "public":
        mark = '<span aria-hidden="true">◉</span>'
        chips += f' <span class="chip chip-public">{mark} {words.public}</span>'
    return mark_safe(  # noqa: S308 - every value is escaped by _e
        f'<article class="badge-card{" is-selectable" if own else ""}">'
        f"{_select_box(badge, words) if own else ''}\n"
        f'  <a href="{_e(link)}" class="badge-card-link">\n'
        f"    {picture}\n    <h3>{_e(badge.name)}</h3>\n  </a>\n"
        f'  <p class="badge-issuer">{_e(badge.issuer.name)}</p>\n'
        f'  <p class="badge-date">{issued_on(badge, language)}</p>\n'
        f'  <p class="badge-chips">{chips}</p>{_own_tags(badge, words) if own else ""}\n</article>'
    )


class _CardWords(NamedTuple):
    """What every card of a grid says alike, translated (and escaped) once a language."""

    select: str  # "Select “%(name)s”", for the box of an own card
    public: str
    your_tags: str
    not_stated: str  # the award date


@lru_cache(maxsize=16)
def _card_words(language: str | None) -> _CardWords:
    with translation.override(language):  # the language asked for, whichever is active
        return _CardWords(
            gettext("Select “%(name)s”"),
            _e(gettext("Public")),
            _e(gettext("Your tags:")),
            gettext("date not stated"),
        )


def header_inputs(request) -> tuple:
    """All a signed-in learner's header is drawn from (but the page's own address)."""
    match = request.resolver_match
    return (request.user.email, match.view_name if match else "")


def header_keys(request) -> list[str]:
    """The cache key of the header a signed-in page draws (``site_header``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return [drawn_key("site-header", user.pk, header_inputs(request))]


# Where the visitor's own address goes in a header kept for every page of one kind.
_NEXT_PATH = "\x00next\x00"


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    """The header of every page. A learner's is the same on every visit to one kind of
    page but for the page's address and their CSRF token: it is drawn once per learner,
    kind of page and language (``fragmentcache.drawn_from``), with both filled in."""
    request = context.get("request")
    user = getattr(request, "user", None)  # whom the header draws (the auth processor's)
    if user is None or not user.is_authenticated:
        return render_to_string("_site_header.html", {"next_path": ""}, request)
    inputs = header_inputs(request)
    drawn = drawn_from(
        "site-header",
        user.pk,
        inputs,
        lambda: render_to_string("_site_header.html", {"next_path": _NEXT_PATH}, request),
        request=request,
    )
    return mark_safe(drawn.replace(_NEXT_PATH, _e(request.get_full_path())))  # noqa: S308


@register.simple_tag
def badge_cards(badges, public: bool = False, own: bool = False, kept_for=None) -> SafeString:
    """``badge_card`` of each badge, in one tag: the template's loop, a node per card,
    cost as much as drawing the cards. ``kept_for`` a learner, cards read as plain rows
    (``BadgeCard``) are kept by what they are drawn from, so a page drawn again after an
    edit draws only the cards that changed."""
    language = get_language()
    if kept_for is None:
        drawn = [badge_card(badge, public, own, language) for badge in badges]
    else:
        drawn = drawn_each(
            OWN_CARDS if own else PUBLIC_CARDS,
            kept_for,
            badges,
            lambda card: card.pk,
            lambda card: card.drawn_from,
            lambda card: badge_card(card, public, own, language),
        )
    return mark_safe("".join(drawn))  # noqa: S308 - drawn by badge_card, which escapes


MINI_PLACEHOLDER = (
    '<span class="badge-placeholder badge-placeholder-mini" aria-hidden="true">★</span>'
)
CARD_PLACEHOLDER = '<span class="badge-placeholder" aria-hidden="true">★</span>'


def _e(value) -> str:
    """``value`` escaped for HTML, as Django's ``conditional_escape`` does it, without its
    lazy-string checks: these cards draw only plain strings, hundreds at a time."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _select_box(badge, words: _CardWords) -> str:
    label = words.select % {"name": _e(badge.name)}
    return (
        f'\n  <div class="badge-card-select"><input type="checkbox" name="badge" '
        f'value="{badge.pk}" id="select-{badge.pk}" form="bulk-form">'
        f'<label for="select-{badge.pk}"><span class="visually-hidden">{label}</span>'
        "</label></div>"
    )


def _own_tags(badge, words: _CardWords) -> str:
    tags = getattr(badge, "card_tags", None)
    if not tags:
        return ""
    names = "".join(f'<span class="tag tag-own">{_e(tag.name)}</span> ' for tag in tags)
    hint = words.your_tags
    return f'\n  <p class="badge-card-tags"><span class="visually-hidden">{hint}</span> {names}</p>'


@register.simple_tag
def status_chips(badge, language: str | None = None) -> SafeString:
    """The chips of ``badges/_status_chip.html`` for this badge's state. A grid shows a
    handful of states, so each is drawn once per language and then reused."""
    method = (badge.verification or {}).get("method", "")
    state = (badge.status, badge.trust, method == "hosted", bool(badge.recipient_confirmed))
    return _chips(language or get_language(), *state)


@lru_cache(maxsize=1024)
def _date_text(language: str | None, day: date) -> str:
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


@lru_cache(maxsize=256)
def _chips(language: str, status: str, trust: str, hosted: bool, recipient_confirmed: bool):
    badge = SimpleNamespace(
        status=status,
        trust=trust,
        verification={"method": "hosted" if hosted else ""},
        recipient_confirmed=recipient_confirmed,
    )
    with translation.override(language):
        drawn = render_to_string("badges/_status_chip.html", {"badge": badge})
    return mark_safe(drawn)  # noqa: S308 - drawn by our own template


@receiver(file_changed)
def _forget_drawn_chips(sender, file_path, **kwargs) -> None:
    # The development server reloads templates in place; drawn chips go with them.
    _chips.cache_clear()
    _card_words.cache_clear()
