"""Parts of a learner's own pages kept in the cache under their version.

The gallery and the skills view draw a page of cards from many rows, and what they draw
changes only when the learner's things do; every such change replaces the learner's
version token (``passport.web.pagecache``, ``passport.public_versions``). So the drawn
parts are kept under that token, keyed like a public page (release, language, host,
full path) plus the learner's id, and a visit that finds them costs one cache round
trip instead of the queries and the drawing.

Only the learner's own requests read their fragments, and what differs from one request
to the next (messages, the menu, news of deliveries) stays outside them. A form's CSRF
token is kept as a placeholder and filled in with the visitor's own on the way out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from passport.web import pagecache

# An hour at most: the version, not the timeout, keeps a fragment right; the timeout
# only frees the cache of pages of the gallery no one asks for again.
FRAGMENT_TIMEOUT = 3600

Parts = dict[str, str]


def cached_parts(
    request: HttpRequest,
    owner_id: int,
    name: str,
    build: Callable[[], Parts],
    scope: str = pagecache.PUBLIC,
) -> dict[str, SafeString]:
    """``build()``'s drawn parts (HTML by name), or the same kept from an earlier visit;
    kept under the learner's version of ``scope``, which must move with all they show."""
    if not settings.PUBLIC_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return {part: mark_safe(html) for part, html in build().items()}  # noqa: S308
    parts = pagecache.kept(
        owner_id,
        pagecache.page_key(request, owner_id, f"own-{name}"),
        lambda: {part: pagecache.without_csrf_token(str(html)) for part, html in build().items()},
        scope=scope,
        timeout=FRAGMENT_TIMEOUT,
    )
    return _safe(parts, request)


def _safe(parts: Parts, request: HttpRequest) -> dict[str, SafeString]:
    # Drawn by our own templates, which escaped what they put in.
    return {
        part: mark_safe(pagecache.with_csrf_token(html, request))  # noqa: S308
        for part, html in parts.items()
    }


def drawn_from(
    name: str,
    owner_id: int,
    inputs: tuple,
    draw: Callable[[], str],
    request: HttpRequest | None = None,
) -> SafeString:
    """``draw()``, or what it drew before from equal ``inputs``: for a part of a page
    that changes far less often than the page (the gallery's filters, by the learner's
    tags, collections and issuers). Keyed by a digest of the inputs, with the release
    and the language, so no version need move: other inputs are another key. ``inputs``
    must hold all that ``draw`` reads (plain values: repr() stands for them). With the
    ``request``, its forms' CSRF tokens are kept as a placeholder and filled in with the
    visitor's own."""
    if not settings.PUBLIC_PAGE_CACHE:
        return mark_safe(draw())  # noqa: S308 - drawn by our own templates
    salt = (pagecache.release(), get_language(), owner_id)
    digest = hashlib.sha256(repr((salt, inputs)).encode()).hexdigest()[:32]
    key = f"drawn:{name}:{digest}"
    html = cache.get(key)
    if html is None:
        html = str(draw())
        if request is not None:
            html = pagecache.without_csrf_token(html)
        cache.set(key, html, timeout=FRAGMENT_TIMEOUT)
    if request is not None:
        html = pagecache.with_csrf_token(html, request)
    return mark_safe(html)  # noqa: S308 - drawn by our own templates
