"""Rendered public pages kept in the cache under a version of everything they show.

Each learner has one version token. Anything that changes what one of their public
pages shows (a badge, page, block, collection, tag, evidence, contact link, their name,
avatar, visibility, a re-verification, deleting the account) replaces the token once the
change is committed. Each stored page carries the token it was drawn under and is served
only while that is still the learner's token: there is nothing to hunt down and delete.
A new token, never a counter, so a token lost from the cache cannot come back to an
older value.

Who may see the page is decided by the view's own lookup before this module is asked
(one cheap query): a private or deleted thing answers 404 and never reaches the cache.
The version alone would not do: a change made while Redis is away cannot move it, and
the page kept before would come back with Redis.

Only anonymous visitors without a session or pending messages are served from the cache:
signed-in learners see their own menu, and the owner sees extra controls. Such a page
holds nothing of the visitor (the language switcher is a link, "Verify now" needs no
CSRF token), so it goes out as ``public``: a proxy or CDN may keep one copy for all.
A page that still holds a form's CSRF token has it swapped for a placeholder before
storing, filled in again for each visitor, and goes out ``private``. Pages carry no CSP
nonce (our policy allows 'self' scripts only).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, partial
from pathlib import Path
from typing import Protocol

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers

from passport.web.afterwards import after_response
from passport.web.public import is_owner

# Kept server-side a day at most; the version, not the timeout, keeps it right.
PAGE_TIMEOUT = 24 * 3600
# Browsers and proxies keep a copy briefly: a badge revoked or made private must not
# go on being shown for long. Stale copies may be shown while one checks again.
MAX_AGE = 60
STALE_WHILE_REVALIDATE = 30
CSRF_PLACEHOLDER = "\x00csrf\x00"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')


class ViewCounter(Protocol):
    """A visit to count (``sharing.models.ViewCounter``): on its own, or in a round trip
    to the cache that also fetches the page."""

    key: str
    timeout: int

    def __call__(self) -> None: ...

    def counted(self, pending: int | None) -> None: ...


# Besides the version of everything a learner's pages show ("public"), a narrower one
# may follow only some of their things: "skills" moves with their badges and tags alone
# (``badges.services.skills``), so what is kept under it outlives other edits.
PUBLIC = "public"


def version_key(owner_id: int, scope: str = PUBLIC) -> str:
    return f"{scope}-version:{owner_id}"


def version(owner_id: int, known: str | None = None, scope: str = PUBLIC) -> str:
    key = version_key(owner_id, scope)
    token = known or cache.get(key)
    if token is None:
        token = uuid.uuid4().hex[:16]
        if not cache.add(key, token, timeout=None):
            token = cache.get(key) or token
    return token


def bump(owner_id: int | None, scope: str = PUBLIC) -> None:
    """Forget every cached public page of this learner (or what is kept under ``scope``),
    now and once the change commits.

    Now, so the writer's own next request sees the change; after the commit again, since
    a visitor reading the old rows in between may have stored them under the first new
    version.
    """
    if owner_id is None:
        return
    key = version_key(owner_id, scope)

    def renew() -> None:
        cache.set(key, uuid.uuid4().hex[:16], timeout=None)

    renew()
    transaction.on_commit(renew)


def kept(owner_id: int, key: str, build: Callable[[], object], *, scope: str, timeout: int):
    """What is kept under ``key`` while the learner's version of ``scope`` is the one it
    was kept under; else ``build()``, kept under the version now. One round trip when
    it is kept (none when read ahead: ``reading_ahead``)."""
    found = fetched([version_key(owner_id, scope), key])
    token = version(owner_id, known=found.get(version_key(owner_id, scope)), scope=scope)
    stored = found.get(key)
    if stored is not None and stored[0] == token:
        return stored[1]
    value = build()
    after_response(partial(cache.set, key, (token, value), timeout=timeout))
    return value


class _Ahead(dict):
    """Keys read ahead, each answered once: a second read (after a write, say) goes to
    the cache again."""


_ahead: ContextVar[_Ahead | None] = ContextVar("passport_cache_ahead", default=None)


@contextmanager
def reading_ahead(keys: Sequence[str]):
    """Within the block, ``fetched`` answers ``keys`` from one ``get_many`` made now: a
    page that reads several entries (its kept parts, their version, the header, what
    a first view after an edit is drawn from) pays one round trip, not one each."""
    found = cache.get_many(list(dict.fromkeys(keys)))
    marker = _ahead.set(_Ahead({key: found.get(key) for key in keys}))
    try:
        yield
    finally:
        _ahead.reset(marker)


def fetched(keys: Sequence[str]) -> dict:
    """``cache.get_many(keys)``, answered without a round trip for the keys read ahead
    (``reading_ahead``)."""
    ahead = _ahead.get()
    found, rest = {}, []
    for key in keys:
        if ahead is not None and key in ahead:
            value = ahead.pop(key)
            if value is not None:
                found[key] = value
        else:
            rest.append(key)
    if rest:
        found |= cache.get_many(rest)
    return found


def may_use_cache(request: HttpRequest) -> bool:
    if not settings.PUBLIC_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False  # a signed-in learner, an unlocked page, or a message to show
    return not request.user.is_authenticated


@lru_cache(maxsize=1)
def release() -> str:
    """A digest of what draws the pages (templates, translations, static file names, and
    the project's code, which draws cards and chips): a new release never serves pages
    its predecessor drew and kept in the shared cache. From the files' contents, so
    every server of one release agrees."""
    digest = hashlib.sha256()
    roots = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    roots += [Path(folder) for folder in settings.LOCALE_PATHS]
    files = [(root, path) for root in roots for path in root.rglob("*")]
    files += [(root, path) for root in _project_apps() for path in root.rglob("*.py")]
    files.append((Path(settings.STATIC_ROOT), Path(settings.STATIC_ROOT) / "staticfiles.json"))
    for root, path in sorted(set(files)):
        if path.suffix in (".html", ".mo", ".json", ".py") and path.is_file():
            digest.update(f"{path.relative_to(root)}\0".encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _project_apps() -> list[Path]:
    """The folders of the project's own apps (not those installed as packages)."""
    base = Path(settings.BASE_DIR).resolve()
    folders = [Path(app.path).resolve() for app in apps.get_app_configs()]
    return [
        folder
        for folder in folders
        if folder.is_relative_to(base) and "site-packages" not in folder.parts
    ]


def page_key(request: HttpRequest, owner_id: int, name: str) -> str:
    # Everything the answer varies with besides the learner's version (kept inside the
    # stored page, so that both come in one round trip): the release, the language, the
    # scheme and host (absolute URLs in share links and OpenGraph), the path and query.
    parts = [
        release(),
        request.LANGUAGE_CODE,
        request.scheme,
        request.get_host(),
        request.get_full_path(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f"{learner_prefix(owner_id)}{name}:{digest}"


def learner_prefix(owner_id: int) -> str:
    """What the keys of a learner's kept pages begin with: deleting the account removes
    them at once (``forget_learner``), though their keys are digests."""
    return f"public-page:{owner_id}:"


def _etag(key: str, token: str) -> str:
    return '"' + hashlib.sha256(f"{token}\n{key}".encode()).hexdigest()[:32] + '"'


def _headers(response: HttpResponse, etag: str, *, shared: bool) -> HttpResponse:
    response["ETag"] = etag
    response.headers.pop("Cache-Control", None)
    # Not shared when the page holds a CSRF token: each visitor has their own.
    patch_cache_control(
        response,
        **({"public": True} if shared else {"private": True}),
        max_age=MAX_AGE,
        stale_while_revalidate=STALE_WHILE_REVALIDATE,
    )
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    response.versioned = True
    return response


def cached_page(
    request: HttpRequest,
    *,
    owner_id: int,
    name: str,
    build: Callable[[], HttpResponse],
    count_view: ViewCounter | None = None,
) -> HttpResponse:
    """``build()``'s answer, or the same page kept from an earlier anonymous visit.
    ``count_view`` counts a visit (here, not in ``build()``: a page served from the cache
    is a view too), in the same round trip as the page where it can."""
    if request.method != "GET" or is_owner(request, owner_id):
        count_view = None
    if not may_use_cache(request):
        if count_view is not None:
            count_view()
        return build()
    key = page_key(request, owner_id, name)
    found = _kept(count_view, [version_key(owner_id), key])
    token = version(owner_id, known=found.get(version_key(owner_id)))
    etag = _etag(key, token)
    stored = found.get(key)
    if stored is not None and stored[0] != token:
        stored = None  # drawn before the last change
    if stored is not None and etag in request.headers.get("If-None-Match", ""):
        return _headers(HttpResponseNotModified(), etag, shared=CSRF_PLACEHOLDER not in stored[1])
    if stored is None:
        response = build()
        if response.status_code != 200 or response.streaming:
            return response
        stored = (token, *_storable(response))
        after_response(partial(cache.set, key, stored, timeout=PAGE_TIMEOUT))
        return _headers(response, etag, shared=CSRF_PLACEHOLDER not in stored[1])
    _, content, content_type, extra = stored
    shared = CSRF_PLACEHOLDER not in content
    if not shared:
        content = with_csrf_token(content, request)
    response = HttpResponse(content, content_type=content_type)
    for header, value in extra:
        response[header] = value
    return _headers(response, etag, shared=shared)


def _kept(counter: ViewCounter | None, keys: list[str]) -> dict:
    if counter is None:
        return cache.get_many(keys)
    if hasattr(cache, "get_many_and_count"):  # passport.web.cache.SafeRedisCache
        found, pending = cache.get_many_and_count(keys, counter.key, counter.timeout)
        counter.counted(pending)
        return found
    counter()
    return cache.get_many(keys)


KEPT_HEADERS = ("Content-Security-Policy", "Content-Language", "X-Frame-Options")


def without_csrf_token(content: str) -> str:
    """``content`` with each form's CSRF token swapped for a placeholder, to be kept."""
    return _CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<3>", content)


def with_csrf_token(content: str, request: HttpRequest) -> str:
    """Kept ``content`` with this visitor's own CSRF token in each form."""
    if CSRF_PLACEHOLDER not in content:
        return content
    return content.replace(CSRF_PLACEHOLDER, get_token(request))


def _storable(response: HttpResponse) -> tuple[str, str, list[tuple[str, str]]]:
    content = without_csrf_token(response.content.decode())
    extra = [(h, response[h]) for h in KEPT_HEADERS if h in response]
    return content, response["Content-Type"], extra
