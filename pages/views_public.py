"""A published page at its unguessable address, its password gate, cover and files.

The owner always sees their page. Anyone else sees it only while it is unlisted,
public, or protected by a password they typed in this session; otherwise the page and
every file on it answer 404 at once: shared caches never keep a page, and visitors'
browsers only for a minute (passport.web.pagecache).
"""

from __future__ import annotations

import re

from django.contrib.auth.hashers import check_password
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pages import filetypes
from pages import render as page_render
from pages.forms import UnlockForm
from pages.models import Block, Page
from passport.web import pagecache, ratelimit, stored_files, usercontent
from passport.web.lookups import OneValueLookup
from passport.web.public import render_public
from passport.web.responses import FILE_CSP, uncached_view
from passport.web.usercontent import user_content

UNLOCK_LIMIT, UNLOCK_PERIOD = 10, 15 * 60
UNLOCKED_KEY = "pages-unlocked"
RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _is_owner(request: HttpRequest, page: Page) -> bool:
    return request.user.is_authenticated and request.user.pk == page.owner_id


def _get_shown_page(request: HttpRequest, public_id: str) -> Page:
    """The page if this visitor may reach it (a password may still be asked), else 404."""
    queryset = Page.objects.reachable_by(request.user).select_related("owner")
    return get_object_or_404(queryset, public_id=public_id)


def _unlock_proof(page: Page) -> str:
    # Tied to the password: a new password locks out every earlier visitor.
    return salted_hmac("pages.unlock", page.password_hash).hexdigest()[:32]


def is_unlocked(request: HttpRequest, page: Page) -> bool:
    if not page.needs_password or _is_owner(request, page):
        return True
    proof = request.session.get(UNLOCKED_KEY, {}).get(str(page.pk), "")
    return bool(page.password_hash) and constant_time_compare(proof, _unlock_proof(page))


def _remember_unlock(request: HttpRequest, page: Page) -> None:
    unlocked = dict(request.session.get(UNLOCKED_KEY, {}))
    unlocked[str(page.pk)] = _unlock_proof(page)
    request.session[UNLOCKED_KEY] = unlocked


@uncached_view
@require_GET
def public_page(request: HttpRequest, public_id: str) -> HttpResponse:
    # Queries: the page with its owner, its blocks (with badges, collections and tags),
    # the collections' public badges, the tags' public badges; plus the session, if any.
    if pagecache.may_use_cache(request):
        # A visitor who may get the kept page: which page, whose, and whether it asks for
        # a password, from one query compiled once; the page itself only to draw it.
        found = _reachable(public_id)
        if found is None:
            raise Http404
        owner_id, visibility = found
        if visibility != Page.Visibility.PASSWORD:
            return pagecache.cached_page(
                request,
                owner_id=owner_id,
                name="page",
                build=lambda: _page(request, _get_shown_page(request, public_id)),
            )
    page = _get_shown_page(request, public_id)
    if not is_unlocked(request, page):
        return _locked(request, page, UnlockForm())
    return pagecache.cached_page(
        request, owner_id=page.owner_id, name="page", build=lambda: _page(request, page)
    )


_reachable = OneValueLookup(
    lambda public_id: (
        Page.objects.reachable().filter(public_id=public_id).values_list("owner_id", "visibility")
    )
)


def _page(request: HttpRequest, page: Page) -> HttpResponse:
    blocks = page_render.blocks_of(page, public=True)
    url = page_render.public_url(request, page)
    is_owner = _is_owner(request, page)
    context = {
        "page": page,
        "learner": page.owner,
        "is_owner": is_owner,
        "sections": page_render.sections(blocks),
        "cover_url": page_render.cover_url(page),
        "public_url": url,
        "share_links": [] if page.is_private else page_render.share_links(page, url, owner=False),
        "og": {
            "title": page.title,
            "description": page_render.description(page, blocks),
            "url": url,
            "image": page_render.og_image(request, page, blocks),
        },
    }
    # Pages count no views and keep what their owner wrote, addresses included.
    return render_public(request, "pages/public.html", context, owner_id=page.owner_id)


def _locked(request, page: Page, form: UnlockForm, status: int = 200, too_many: bool = False):
    context = {"page": page, "form": form, "too_many": too_many}
    return render(request, "pages/locked.html", context, status=status)


@uncached_view
@require_POST
def unlock(request: HttpRequest, public_id: str) -> HttpResponse:
    page = _get_shown_page(request, public_id)
    if is_unlocked(request, page):
        return redirect(page)
    form = UnlockForm(request.POST)
    action = f"pages-unlock:{page.pk}"
    if not ratelimit.consume(request, action, limit=UNLOCK_LIMIT, period=UNLOCK_PERIOD):
        return _locked(request, page, UnlockForm(), status=429, too_many=True)
    if form.is_valid() and check_password(form.cleaned_data["password"], page.password_hash):
        request.session.cycle_key()
        _remember_unlock(request, page)
        return redirect(page)
    if form.is_valid():
        form.add_error("password", _("This password is not right. Check it and try again."))
    return _locked(request, page, form, status=400)


def _viewable(request: HttpRequest, page: Page) -> bool:
    if _is_owner(request, page):
        return True
    return not page.is_private and page.owner.is_active and is_unlocked(request, page)


def _may_fetch(request: HttpRequest, page: Page) -> bool:
    """On the content origin, the page that linked the file has checked the visitor."""
    return usercontent.granted(request) or _viewable(request, page)


@user_content(private=True)
@require_GET
def cover(request: HttpRequest, public_id: str) -> HttpResponse:
    page = get_object_or_404(Page.objects.select_related("owner"), public_id=public_id)
    if not page.cover or not _may_fetch(request, page):
        raise Http404
    file_type = filetypes.by_key("jpeg" if page.cover.name.endswith(".jpg") else "png")
    return _serve(request, page.cover.name, file_type, filename="")


@user_content(private=True)
@require_GET
def block_file(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    block = get_object_or_404(Block.objects.select_related("page__owner"), pk=pk)
    if not block.file or not constant_time_compare(token, block.file_token):
        raise Http404
    if not _may_fetch(request, block.page):
        raise Http404
    file_type = filetypes.by_key(block.file_type)
    if file_type is None:
        raise Http404
    return _serve(request, block.file.name, file_type, filename=block.file_name)


def _serve(request, name: str, file_type, *, filename: str) -> HttpResponse:
    """The stored file: pictures inline, everything else as a download, never sniffed."""
    size = stored_files.size_or_404(name)
    etag = stored_files.etag_for(name, size)
    if file_type.is_image:
        disposition = "inline"
    else:
        disposition = content_disposition_header(True, filename or f"file{file_type.extension}")
    response = stored_files.not_modified(request, etag, private=True)
    if response is None and stored_files.signed_urls():
        response = stored_files.signed_redirect(
            name, content_type=file_type.mime, disposition=disposition, private=True
        )
    if response is None:
        response = _ranged(request, stored_files.open_or_404(name), size, file_type.mime)
        response["Content-Disposition"] = disposition
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = usercontent.resource_policy(private=True)
    # No shared cache keeps it, and the browser asks again each time: a file stops
    # being served the moment its page is made private or deleted.
    response["Cache-Control"] = stored_files.PRIVATE_CACHE
    return response


def _ranged(request: HttpRequest, stored, size: int, mime: str) -> HttpResponse:
    """The whole file, or the one byte range asked for (players seek in video and sound)."""
    match = RANGE.fullmatch(request.headers.get("Range", "").strip())
    start = end = None
    if match and (match[1] or match[2]):
        if match[1]:
            start, end = int(match[1]), int(match[2]) if match[2] else size - 1
        else:
            start, end = max(size - int(match[2]), 0), size - 1
        end = min(end, size - 1)
    if start is None:
        response = FileResponse(stored, content_type=mime)
        response["Accept-Ranges"] = "bytes"
        return response
    if start > end or start >= size:
        stored.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    with stored:
        stored.seek(start)
        chunk = stored.read(end - start + 1)
    response = HttpResponse(chunk, status=206, content_type=mime)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response
