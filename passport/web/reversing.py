"""``reverse()`` once per view name: a grid of cards builds dozens of URLs of one shape.

``url_for("badges:detail", 7)`` equals ``reverse("badges:detail", args=[7])``. The view's
path is reversed once with a placeholder and the value put in its place, which is exact
for the values this is used with (ids and slugs, which need no quoting); any other value
goes through ``reverse()`` itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.urls import get_script_prefix, reverse

_PLACEHOLDER = "9999999999"  # accepted by the int and slug converters alike
_PLAIN = re.compile(r"[-\w]+", re.ASCII)


@lru_cache(maxsize=256)
def _halves(viewname: str, script_prefix: str) -> tuple[str, str]:
    path = reverse(viewname, args=[_PLACEHOLDER])
    head, _, tail = path.rpartition(_PLACEHOLDER)
    return head, tail


def url_for(viewname: str, value) -> str:
    text = str(value)
    if not _PLAIN.fullmatch(text):
        return reverse(viewname, args=[value])
    head, tail = _halves(viewname, get_script_prefix())
    return f"{head}{text}{tail}"
