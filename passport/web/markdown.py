"""Turning user- and issuer-supplied text into safe HTML."""

from __future__ import annotations

import threading
from functools import lru_cache

import markdown
from bleach.linkifier import DEFAULT_CALLBACKS, Linker
from bleach.sanitizer import Cleaner

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
