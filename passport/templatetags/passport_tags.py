import json
from datetime import UTC

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from passport.web import usercontent
from passport.web.markdown import render_markdown

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
    return date_format(value.astimezone(UTC), "DATE_FORMAT")


@register.simple_tag
def user_file_url(viewname: str, *args) -> str:
    """``{% url %}`` for a user's file: on the content origin when there is one."""
    return usercontent.link(reverse(viewname, args=args))
