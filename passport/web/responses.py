"""Cache headers and the headers that keep a file someone else supplied harmless."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from passport.web import stored_files
from passport.web.errors import page_not_found
from passport.web.usercontent import resource_policy

# A user's or issuer's file is never a page of ours: no script, no plugin, no form.
FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
PUBLIC_FILE_MAX_AGE = 300
CONTENT_TYPES = {
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def uncached(response: HttpResponse) -> HttpResponse:
    """Browsers check again each time and shared caches keep nothing."""
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    return response


def uncached_view(view):
    """``view``'s answers, 404s included, are never kept by a cache (but see the versioned pages
    of passport.web.pagecache)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404 as error:
            response = page_not_found(request, error)
        if getattr(response, "versioned", False):
            return response  # passport.web.pagecache chose its own, short, private caching
        return uncached(response)

    return wrapper


def briefly_cached(response: HttpResponse) -> HttpResponse:
    """Public files: caches may keep them a few minutes, so making one private wins soon."""
    if response.status_code in (301, 302, 303, 307, 308):
        return response  # a signed address: its redirect keeps only while the address is valid
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, public=True, max_age=PUBLIC_FILE_MAX_AGE)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def protect_file(response: HttpResponse, *, private: bool, max_age: int = 3600) -> None:
    """A user-supplied file never runs as a page of ours, wherever it is opened."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = resource_policy(private=private)
    response["Cache-Control"] = (
        stored_files.PRIVATE_CACHE if private else f"public, max-age={max_age}"
    )


def file_response(request: HttpRequest, field: FieldFile, *, private: bool) -> HttpResponse:
    """A stored image, with its type from its name, a validator and the protective headers."""
    name = field.name.lower()
    content_type = CONTENT_TYPES.get(name[name.rfind(".") :], "application/octet-stream")
    # An <img> ignores an attachment; opened on its own the SVG is saved, never drawn.
    svg = content_type == "image/svg+xml"
    response = stored_files.serve(
        request,
        field.name,
        content_type=content_type,
        private=private,
        disposition='attachment; filename="image.svg"' if svg else "inline",
        storage=field.storage,
    )
    cache = response["Cache-Control"]  # stored_files' choice (a redirect's is shorter)
    protect_file(response, private=private)
    response["Cache-Control"] = cache
    return response


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The language switcher's cookie, set as Django's own view sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
