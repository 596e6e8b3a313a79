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
from collections.abc import Callable, Hashable, Sequence
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from passport.web import pagecache, usercontent
from passport.web.afterwards import after_response
from passport.web.cache import delete_prefixed

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
        parts_key(request, owner_id, name),
        lambda: {part: pagecache.without_csrf_token(str(html)) for part, html in build().items()},
        scope=scope,
        timeout=FRAGMENT_TIMEOUT,
    )
    return _safe(parts, request)


def parts_key(request: HttpRequest, owner_id: int, name: str) -> str:
    return pagecache.page_key(request, owner_id, f"own-{name}")


# Cache keys every signed-in page reads besides its own (the header's, say), by the
# apps that read them: a page reading ahead (``reading_ahead``) reads these too.
PAGE_KEYS: list[Callable[[HttpRequest], list[str]]] = []


def reading_ahead(request: HttpRequest, keys: Sequence[str]):
    """``pagecache.reading_ahead`` of ``keys`` and of what every signed-in page reads."""
    return pagecache.reading_ahead([*keys, *(k for keys_of in PAGE_KEYS for k in keys_of(request))])


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
    that changes far less often than the page (the signed-in header, by the learner's
    e-mail and the kind of page). See ``parts_drawn_from``."""
    return parts_drawn_from(name, owner_id, inputs, lambda: {"html": draw()}, request)["html"]


def drawn_key(name: str, owner_id: int, inputs: tuple) -> str:
    salt = (pagecache.release(), get_language(), owner_id)
    digest = hashlib.sha256(repr((salt, inputs)).encode()).hexdigest()[:32]
    return f"{learner_prefix(owner_id)}{name}:{digest}"


def learner_prefix(owner_id: int) -> str:
    """What the keys of the parts kept for a learner begin with (``forget_learner``)."""
    return f"drawn:{owner_id}:"


def parts_drawn_from(
    name: str,
    owner_id: int,
    inputs: tuple,
    draw: Callable[[], Parts],
    request: HttpRequest | None = None,
) -> dict[str, SafeString]:
    """``draw()``'s parts (HTML by name), or what it drew before from equal ``inputs``,
    in one cache round trip: for parts of a page that change far less often than the
    page (the gallery's filters and bulk bar, by the learner's tags, collections and
    issuers). Keyed by a digest of the inputs, with the release and the language, so no
    version need move: other inputs are another key. ``inputs`` must hold all that
    ``draw`` reads (plain values: repr() stands for them). With the ``request``, its
    forms' CSRF tokens are kept as a placeholder and filled in with the visitor's own."""
    if not settings.PUBLIC_PAGE_CACHE:
        return {part: mark_safe(html) for part, html in draw().items()}  # noqa: S308
    key = drawn_key(name, owner_id, inputs)
    parts = pagecache.fetched([key]).get(key)
    if parts is None:
        parts = {part: str(html) for part, html in draw().items()}
        if request is not None:
            parts = {part: pagecache.without_csrf_token(html) for part, html in parts.items()}
        after_response(partial(cache.set, key, parts, timeout=FRAGMENT_TIMEOUT))
    if request is None:
        return {part: mark_safe(html) for part, html in parts.items()}  # noqa: S308
    return _safe(parts, request)


# Items one learner's entry keeps: two pages of the gallery, so paging back and forth
# finds both, and the entry stays small enough that reading it costs less than drawing.
EACH_KEPT_AT_MOST = 96
# Kinds of what drawn_each keeps.
OWN_CARDS, PUBLIC_CARDS, OWN_SKILLS = "own-cards", "public-cards", "own-skills"


def drawn_each(
    name: str,
    owner_id: int,
    items: Sequence,
    identity_of: Callable[[object], Hashable],
    key_of: Callable[[object], tuple],
    draw: Callable[[object], str],
) -> list[str]:
    """``draw(item)`` for each of ``items``, or what it drew before for this item
    (``identity_of``: a badge's id, say) from equal ``key_of(item)`` (plain values: all
    that ``draw`` reads of it), in one cache round trip: for a grid of cards, where an
    edit changes one card or none but each card drawn costs more than reading it. One
    entry per learner, kind and language, holding each item's latest drawing only; a
    release, or links to user files drawn otherwise (a private file's grant is of the
    hour), draw afresh."""
    if not settings.PUBLIC_PAGE_CACHE:
        return [draw(item) for item in items]
    key = each_key(name, owner_id, get_language())
    salt = (pagecache.release(), usercontent.links_drawn_alike())
    stored = pagecache.fetched([key]).get(key)
    kept = stored[1] if stored is not None and stored[0] == salt else {}
    drawn, missing = [], {}
    for item in items:
        identity, item_key = identity_of(item), key_of(item)
        found = kept.get(identity)
        if found is not None and found[0] == item_key:
            html = found[1]
        else:
            html = str(draw(item))
            missing[identity] = (item_key, html)
        drawn.append(html)
    if missing:
        # The newest last; the oldest go first once the entry is full.
        kept = {k: found for k, found in kept.items() if k not in missing} | missing
        kept = dict(list(kept.items())[-EACH_KEPT_AT_MOST:])
        after_response(partial(cache.set, key, (salt, kept), timeout=FRAGMENT_TIMEOUT))
    return drawn


def each_key(name: str, owner_id: int, language: str | None) -> str:
    return f"{learner_prefix(owner_id)}each-{name}:{language}"


def forget_learner(user) -> None:
    """Account deletion: every part and page kept for the learner (their header with
    their e-mail, their cards, their public pages) goes with it, not within the hour.
    Their keys are digests of what they were drawn from, so they are found by the
    learner's prefix."""
    delete_prefixed(learner_prefix(user.pk))
    delete_prefixed(pagecache.learner_prefix(user.pk))
