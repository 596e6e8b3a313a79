import json

from django import template
from django.utils.safestring import mark_safe

from passport.text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Sanitised HTML from Markdown (see passport.text.render_markdown)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - bleach-cleaned above


@register.filter
def pretty_json(value) -> str:
    """Indented JSON text; autoescaping still applies where it is shown."""
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False)
