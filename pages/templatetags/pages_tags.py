"""Small helpers for the templates of pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.utils.translation import gettext as _

from pages import filetypes
from pages import render as page_render
from pages.models import Page

register = template.Library()


@register.filter
def cover_url(page: Page) -> str:
    return page_render.cover_url(page)


@register.filter
def file_label(key: str) -> str:
    """The format's usual name (PDF, Word…); plain text is named in the visitor's language."""
    if key == "txt":
        return _("Text")
    file_type = filetypes.by_key(key)
    return file_type.label if file_type else ""


@register.filter
def file_category(key: str) -> str:
    file_type = filetypes.by_key(key)
    return file_type.category if file_type else ""


@register.filter
def host(url: str) -> str:
    """The site a link goes to, without ``www.``, to show beside its title."""
    try:
        name = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return name.removeprefix("www.")
