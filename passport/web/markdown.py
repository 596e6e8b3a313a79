"""Turning user- and issuer-supplied text into safe HTML."""

from __future__ import annotations

import threading
from functools import lru_cache

import markdown
from bleach.linkifier import DEFAULT_CALLBACKS, Linker
from bleach.sanitizer import Cleaner
from django.db import models
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h2", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = {"http", "https", "mailto"}


def _rel_nofollow_noopener(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


# Building a Markdown parser and bleach's cleaner costs more than using them; neither
# is safe to share between threads, so each thread keeps its own.
_local = threading.local()


def _tools() -> tuple[markdown.Markdown, Cleaner, Linker]:
    tools = getattr(_local, "tools", None)
    if tools is None:
        tools = _local.tools = (
            markdown.Markdown(extensions=["sane_lists"], output_format="html"),
            Cleaner(
                tags=ALLOWED_TAGS,
                attributes=ALLOWED_ATTRIBUTES,
                protocols=ALLOWED_PROTOCOLS,
                strip=True,
            ),
            Linker(callbacks=[*DEFAULT_CALLBACKS, _rel_nofollow_noopener]),
        )
    return tools


# The same text gives the same HTML: a public page's blocks and evidence are rendered
# once per process, not on every request (bounded, so memory stays small).
@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Markdown to HTML, then sanitised: no raw HTML, scripts or odd URL schemes survive.

    Markdown is rendered first and bleach cleans its output, so HTML typed into the
    text is escaped or stripped, never trusted.
    """
    if not text:
        return ""
    parser, cleaner, linker = _tools()
    html = parser.reset().convert(text)
    return linker.linkify(cleaner.clean(html))


class RenderedMarkdownField(models.TextField):
    """The sanitised HTML of another field's Markdown, drawn whenever the row is saved
    (``save()``, ``create()``, ``bulk_create()``), so a page never renders it again.

    Read back it is already safe HTML: it was cleaned by ``render_markdown`` on the way
    in, and nothing else writes it (the field cannot be edited in forms or the admin).
    """

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        html = render_markdown(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, mark_safe(html))  # noqa: S308 - cleaned above
        return html

    def from_db_value(self, value, expression, connection):
        return mark_safe(value or "")  # noqa: S308 - cleaned by render_markdown when saved


def with_rendered(model: type[models.Model], update_fields) -> set[str]:
    """``update_fields`` and the rendered fields drawn from any of them."""
    fields = set(update_fields)
    for field in model._meta.concrete_fields:
        if isinstance(field, RenderedMarkdownField) and field.source in fields:
            fields.add(field.name)
    return fields


class KeepsRenderedMarkdown:
    """A model mixin: a save limited to ``update_fields`` that names a Markdown source
    also saves the HTML drawn from it (otherwise that HTML would go stale)."""

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = with_rendered(type(self), kwargs["update_fields"])
        super().save(*args, **kwargs)
