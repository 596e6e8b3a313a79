"""A public badge at its unguessable address: its page, files, preview, QR code and embed.

Every view here answers 404 unless the badge is public at this very moment, for every
visitor, the owner included: making a badge private takes effect on the next request.
"""

from __future__ import annotations

import io

import qrcode
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from qrcode.image.svg import SvgPathFillImage

from badges import checking
from badges import trust_summary as verification
from badges.models import Badge
from badges.views.detail import baked_badge_response, serve_badge_image
from pages import public
from passport.web import pagecache, ratelimit, stored_files
from passport.web.lookups import OneValueLookup
from passport.web.public import is_owner, render_public
from passport.web.responses import FILE_CSP, briefly_cached, uncached
from passport.web.usercontent import csp_sources, user_content
from sharing import cards, credential, previews, share, tasks
from sharing.models import ViewCounter, count_view

# Files anyone may cache briefly; pages are never kept by shared caches (see uncached).
VERIFY_LIMIT, VERIFY_PERIOD = 10, 3600
# One re-verification per badge per minute at most, whoever asks: issuers are not hammered.
VERIFY_COOLDOWN = 60


def embed_csp() -> str:
    return (
        f"default-src 'none'; img-src 'self' data:{csp_sources()}; style-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors *"
    )


def public_badges():
    return Badge.objects.shown_publicly().select_related("owner")


def _get_public_badge(public_id: str) -> Badge:
    return get_object_or_404(public_badges(), public_id=public_id)


_shown = OneValueLookup(
    lambda public_id: public_badges().filter(public_id=public_id).values_list("pk", "owner_id")
)


def _shown_badge(public_id: str) -> tuple[int, int]:
    """The badge's id and its owner's, if it is shown: two columns, for a page that usually
    comes from the cache (the full row, with the credential as received, is read only to
    draw it)."""
    found = _shown(public_id)
    if found is None:
        raise Http404
    return found


@require_GET
def badge_page(request: HttpRequest, public_id: str) -> HttpResponse:
    pk, owner_id = _shown_badge(public_id)

    def build() -> HttpResponse:
        badge = get_object_or_404(public_badges(), pk=pk)
        return _render_public(request, badge, "sharing/badge.html", _page_context(request, badge))

    return pagecache.cached_page(
        request,
        owner_id=owner_id,
        name="badge",
        build=build,
        count_view=ViewCounter(badge=pk),
    )


def _render_public(request, badge: Badge, template: str, context: dict, *, count=False, status=200):
    return render_public(
        request,
        template,
        context,
        owner_id=badge.owner_id,
        addresses=[badge.owner.email, badge.recipient_email],
        count_view=(lambda: count_view(badge=badge)) if count else None,
        status=status,
    )


def _page_context(request: HttpRequest, badge: Badge) -> dict:
    # Queries: the badge with its owner; the learner's shown evidence
    # (its pages and files joined in); the last check (plus the view counter, in the view).
    url = share.badge_url(request, badge)
    card = cards.badge_card(badge)
    tasks.prepare(card)
    last_check = badge.checks.first()
    description = _("Earned by %(name)s, issued by %(issuer)s.") % {
        "name": badge.owner.public_name,
        "issuer": badge.issuer.name,
    }
    if badge.description:
        description += " " + Truncator(badge.description).chars(220)
    return {
        "badge": badge,
        "is_owner": is_owner(request, badge.owner_id),
        "evidence": public.evidence_shown_publicly(badge),
        "last_check": last_check,
        "check_state": checking.check_state(badge),
        "steps": verification.steps(badge),
        "log": verification.log_lines(badge, last_check),
        "public_url": url,
        "share_links": share.for_badge(badge, url, owner=False),
        "has_jws": bool(credential.compact_jws(badge)),
        "og": {
            "type": "website",
            "title": badge.name,
            "description": description,
            "url": url,
            "image": share.absolute(
                request, cards.preview_path(card, "sharing:badge_preview", badge.public_id)
            ),
            "image_alt": _("%(badge)s, issued by %(issuer)s")
            % {"badge": badge.name, "issuer": badge.issuer.name},
        },
    }


# No CSRF check: the request acts with no one's authority (anyone may ask for a public
# badge to be checked again, at most once a minute per badge and a few times per address),
# so a forged one gains nothing, and the page offering it then holds no per-visitor token
# and can be cached for everyone.
@csrf_exempt
@require_POST
def verify_now(request: HttpRequest, public_id: str) -> HttpResponse:
    badge = _get_public_badge(public_id)
    if not ratelimit.consume(request, "verify", limit=VERIFY_LIMIT, period=VERIFY_PERIOD):
        context = _page_context(request, badge) | {"too_many_checks": True}
        return _render_public(request, badge, "sharing/badge.html", context, status=429)
    if ratelimit.claim(f"verify:{badge.pk}", seconds=VERIFY_COOLDOWN):
        checking.request_check(badge)
        badge.refresh_from_db(fields=["check_requested_at", "status", "trust"])
        if badge.check_requested_at is None:  # no worker: checked while the request waited
            messages.info(request, verification.checked_now(badge))
        else:
            messages.info(request, _("Checking again with the issuer: reload this page soon."))
    else:
        messages.info(request, _("This badge was checked less than a minute ago: see below."))
    return redirect("sharing:badge", public_id=badge.public_id)


@user_content(private=False)
@require_GET
def badge_image(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        response = serve_badge_image(request, _get_public_badge(public_id), private=False)
    except FileNotFoundError:
        raise Http404 from None
    return briefly_cached(response)


@require_GET
def credential_json(request: HttpRequest, public_id: str) -> HttpResponse:
    badge = _get_public_badge(public_id)
    response = HttpResponse(credential.json_text(badge), content_type="application/json")
    return _data_file(response, "credential.json")


@require_GET
def credential_jws(request: HttpRequest, public_id: str) -> HttpResponse:
    text = credential.compact_jws(_get_public_badge(public_id))
    if not text:
        raise Http404
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    return _data_file(response, "credential.jws")


def _data_file(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Content-Security-Policy"] = FILE_CSP
    # Verifiers in other origins may read what the learner chose to publish.
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    return uncached(response)


@require_GET
def baked_download(request: HttpRequest, public_id: str) -> HttpResponse:
    """The baked badge as received, or baked now from its image and original data."""
    try:
        response = baked_badge_response(_get_public_badge(public_id), private=False)
    except FileNotFoundError:
        raise Http404 from None
    response["Content-Security-Policy"] = FILE_CSP
    return briefly_cached(response)


@require_GET
def badge_preview(request: HttpRequest, public_id: str) -> HttpResponse:
    card = cards.badge_card(_get_public_badge(public_id))
    return preview_response(request, card)


def preview_response(request: HttpRequest, card: previews.Card) -> HttpResponse:
    """The card's PNG; its digest names everything drawn on it, so it is a strong ETag."""
    etag = f'"{card.digest}"'
    response = stored_files.not_modified(request, etag, private=False)
    if response is None:
        response = HttpResponse(previews.get_png(card), content_type="image/png")
        response["ETag"] = etag
    return briefly_cached(response)


@require_GET
def qr_png(request: HttpRequest, public_id: str) -> HttpResponse:
    code = _qr(share.badge_url(request, _get_public_badge(public_id)))
    output = io.BytesIO()
    code.make_image().save(output)
    response = HttpResponse(output.getvalue(), content_type="image/png")
    response["Content-Disposition"] = 'inline; filename="badge-qr.png"'
    return briefly_cached(response)


@require_GET
def qr_svg(request: HttpRequest, public_id: str) -> HttpResponse:
    code = _qr(share.badge_url(request, _get_public_badge(public_id)))
    svg = code.make_image(image_factory=SvgPathFillImage).to_string(encoding="unicode")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = 'inline; filename="badge-qr.svg"'
    response["Content-Security-Policy"] = FILE_CSP
    return briefly_cached(response)


def _qr(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code


@xframe_options_exempt
@require_GET
def embed_badge(request: HttpRequest, public_id: str) -> HttpResponse:
    """The one page other sites may frame: a small card that links to the public page.
    Framed on other sites, it comes without our cookies, so it is nearly always kept."""
    pk, owner_id = _shown_badge(public_id)

    def build() -> HttpResponse:
        badge = get_object_or_404(public_badges(), pk=pk)
        context = {"badge": badge, "public_url": share.badge_url(request, badge)}
        response = _render_public(request, badge, "sharing/embed_badge.html", context)
        response["Content-Security-Policy"] = embed_csp()
        return response

    return pagecache.cached_page(request, owner_id=owner_id, name="embed", build=build)
