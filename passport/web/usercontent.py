"""User files on their own origin (``USER_CONTENT_ORIGIN``), where no session goes.

A view that serves a file someone supplied is marked ``@user_content(private=...)``.
With the setting empty (the default) nothing changes: files are served by the app
like any page. With it set:

- ``link(path)`` gives the file's address on the content origin; a private file's
  address carries a grant, an HMAC of its path and the hour, valid for one to two
  hours. The page that links the file has checked who may see it; the grant carries
  that decision to a host where there is no session to check again.
- ``UserContentMiddleware`` answers only marked views on the content host (and a
  private one only with a valid grant), never sets a cookie there, and answers 404 to
  those views on the app's own hosts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import Resolver404, resolve
from django.utils.crypto import constant_time_compare, salted_hmac

GRANT_PERIOD = 3600
_SALT = "passport.web.usercontent.grant"
_MARK = "user_content"


def user_content(*, private: bool) -> Callable:
    """Mark a view as serving a user's file; ``private`` ones need a grant off the app."""

    def mark(view: Callable) -> Callable:
        setattr(view, _MARK, "private" if private else "public")
        return view

    return mark


def origin() -> str:
    return settings.USER_CONTENT_ORIGIN


def content_host() -> str:
    return urlsplit(origin()).netloc.lower()


def link(path: str) -> str:
    """Where a browser fetches the user file at ``path`` (the path itself when unset)."""
    if not origin():
        return path
    bare, _, query = path.partition("?")
    if _kind(bare) == "private":
        query = "&".join(filter(None, (query, f"grant={_grant(bare, _hour())}")))
    return f"{origin()}{bare}" + (f"?{query}" if query else "")


def granted(request: HttpRequest) -> bool:
    """True when this request came to the content host with a valid grant for its path."""
    return getattr(request, "user_content_granted", False)


def links_drawn_alike() -> tuple:
    """What the links to user files drawn now share with those drawn earlier: equal
    values, equal links (the content origin, and the hour a private file's grant is of)."""
    return (origin(), _hour()) if origin() else ("",)


def _hour(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // GRANT_PERIOD)


def _grant(path: str, hour: int) -> str:
    return f"{hour}.{salted_hmac(_SALT, f'{hour}:{path}').hexdigest()[:32]}"


def _grant_is_valid(path: str, grant: str) -> bool:
    hour = _hour()
    return any(constant_time_compare(grant, _grant(path, h)) for h in (hour, hour - 1))


def _kind(path: str) -> str:
    """ "private", "public" or "" (not a user file) for the view at ``path``."""
    try:
        return getattr(resolve(path).func, _MARK, "")
    except Resolver404:
        return ""


class UserContentMiddleware:
    """The content host serves user files only; the app's hosts serve none of them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not origin():
            return self.get_response(request)
        kind = _kind(request.path_info)
        if request.get_host().lower() != content_host():
            return HttpResponseNotFound() if kind else self.get_response(request)
        if not kind:
            return HttpResponseNotFound()
        request.COOKIES = {}  # even a cookie sent here by mistake never signs anyone in
        if kind == "private":
            if not _grant_is_valid(request.path_info, request.GET.get("grant", "")):
                return HttpResponseNotFound()
            request.user_content_granted = True
        response = self.get_response(request)
        response.cookies.clear()  # nothing of the app's is ever kept for this host
        return response


def resource_policy(*, private: bool) -> str:
    """``Cross-Origin-Resource-Policy`` for a user file.

    Public badge images are meant to be embedded by other sites. A private file may be
    loaded only by our own pages: from our origin, or, once files have their own
    origin, from the app's host of the same site (``usercontent.passport.example``
    next to ``passport.example``).
    """
    if not private:
        return "cross-origin"
    return "same-site" if origin() else "same-origin"


def csp_sources() -> str:
    """The content origin, to add to our pages' ``img-src`` and ``media-src``."""
    return f" {origin()}" if origin() else ""
