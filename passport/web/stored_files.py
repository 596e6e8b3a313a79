"""Answering a stored user file: validators a CDN can use, and where the bytes come from.

Every file view has checked who may see the file before it gets here. Then:

- a strong ``ETag`` (the stored name, its size and ``VERSION``: stored names are never
  reused for other content) answers ``If-None-Match`` with 304 without reading the file;
- public files may be kept by shared caches for a few minutes, private ones by nobody;
- by default the bytes are streamed through the app, so they keep the user-content
  origin and its protective headers; with ``MEDIA_SIGNED_URLS`` on, the answer is a
  redirect to a short-lived signed address in the bucket, which offloads the worker.
  That address is on the bucket's own origin, where an SVG can reach nothing of ours,
  and it is still sent as an attachment.

Only ``storage.size`` / ``storage.open`` / ``storage.url`` are used, never a local path,
so a server without the file on its own disk answers 404 rather than 500.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import get_conditional_response

PUBLIC_MAX_AGE = 300  # short, so a badge made private leaves shared caches soon
# The browser keeps a private file but asks again each time (a cheap 304 with the ETag),
# so one made unreachable answers 404 at once and no shared cache ever holds it.
PRIVATE_CACHE = "private, no-cache"
# Bump to make every cache fetch every file again (e.g. after re-encoding stored images).
VERSION = "1"


def etag_for(name: str, size: int) -> str:
    """A strong validator: a stored name always holds the same bytes."""
    digest = hashlib.sha256(f"{VERSION}:{name}:{size}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def cache_control(*, private: bool, max_age: int = PUBLIC_MAX_AGE) -> str:
    return PRIVATE_CACHE if private else f"public, max-age={max_age}"


def not_modified(request: HttpRequest, etag: str, *, private: bool) -> HttpResponse | None:
    """A 304 when the client (or CDN) already holds this version, else None."""
    response = get_conditional_response(request, etag=etag)
    if response is None:
        return None
    response["ETag"] = etag
    response["Cache-Control"] = cache_control(private=private)
    return response


def signed_urls() -> bool:
    return settings.MEDIA_SIGNED_URLS


def signed_redirect(
    name: str,
    *,
    content_type: str,
    disposition: str,
    private: bool,
    storage: Storage | None = None,
) -> HttpResponse:
    """A redirect to a signed address that answers with our type, disposition and caching."""
    storage = storage or default_storage
    expire = settings.STORAGES["default"].get("OPTIONS", {}).get("querystring_expire", 300)
    parameters = {
        "ResponseContentType": content_type,
        "ResponseContentDisposition": disposition,
        "ResponseCacheControl": cache_control(private=private, max_age=expire // 2),
    }
    response = HttpResponseRedirect(storage.url(name, parameters=parameters))
    # The redirect may be kept only while the address it names is still valid.
    response["Cache-Control"] = cache_control(private=private, max_age=expire // 2)
    return response


def size_or_404(name: str, storage: Storage | None = None) -> int:
    try:
        return (storage or default_storage).size(name)
    except FileNotFoundError:
        raise Http404 from None


def open_or_404(name: str, storage: Storage | None = None):
    try:
        return (storage or default_storage).open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None


def serve(
    request: HttpRequest,
    name: str,
    *,
    content_type: str,
    private: bool,
    disposition: str = "inline",
    storage: Storage | None = None,
) -> HttpResponse:
    """The stored file ``name``: 304, a signed redirect, or its bytes; 404 when it is gone."""
    etag = etag_for(name, size_or_404(name, storage))
    response = not_modified(request, etag, private=private)
    if response is not None:
        return response
    if signed_urls():
        response = signed_redirect(
            name,
            content_type=content_type,
            disposition=disposition,
            private=private,
            storage=storage,
        )
    else:
        response = FileResponse(open_or_404(name, storage), content_type=content_type)
        response["Content-Disposition"] = disposition
        response["Cache-Control"] = cache_control(private=private)
    response["ETag"] = etag
    return response
