"""Each badge's own page for its owner, "Verify again", its image and its download."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from badges import checking, extensions, step_log, trust_summary
from badges.download import baked_badge_file
from badges.models import Badge
from badges.views._lookup import (
    get_badge_for_user,
)
from passport.web import ratelimit, usercontent
from passport.web.responses import file_response, protect_file
from passport.web.usercontent import user_content

# "Verify again" asks the issuer at most once a minute per badge, whoever asks.
VERIFY_COOLDOWN = 60


@login_required
def badge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    badge = get_badge_for_user(request, pk)
    context = {
        "badge": badge,
        "checks": [
            (check, trust_summary.state_words(check.status, check.trust, check.method))
            for check in badge.checks.all()[:10]
        ],
        "steps": trust_summary.steps(badge),
        "log": step_log.shown(badge.verification.get("steps")),
        "panels": extensions.panels_for(request, badge),
        "check_state": checking.check_state(badge),
    }
    return render(request, "badges/detail.html", context)


@login_required
@require_POST
def badge_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Verify again": ask the issuer now and record what it says."""
    badge = get_badge_for_user(request, pk)
    # One check a minute per badge, whoever asks (the public page shares the claim).
    if not ratelimit.claim(f"verify:{badge.pk}", seconds=VERIFY_COOLDOWN):
        messages.info(request, _("This badge was checked less than a minute ago: see below."))
        return redirect("badges:detail", pk=badge.pk)
    checking.request_check(badge)
    badge.refresh_from_db(fields=["check_requested_at", "status", "trust"])
    if badge.check_requested_at is not None:
        messages.info(request, _("Checking again with the issuer: the result appears below."))
    elif badge.status == Badge.Status.VERIFIED and badge.issuer_confirmed:
        # No worker: the check ran while the request waited.
        messages.success(request, trust_summary.checked_now(badge))
    else:
        messages.warning(request, trust_summary.checked_now(badge))
    return redirect("badges:detail", pk=badge.pk)


@login_required
@require_GET
def badge_check_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Whether the check asked for is done, for the page's script to reload on."""
    badge = get_badge_for_user(request, pk)
    response = JsonResponse({"state": checking.check_state(badge), "status": badge.status})
    response["Cache-Control"] = "no-store"
    return response


@user_content(private=True)
def badge_image(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's badge image; on the content origin, the grant of the owner's page."""
    if usercontent.granted(request):
        return serve_badge_image(request, get_object_or_404(Badge, pk=pk), private=True)
    return _owners_badge_image(request, pk)


@login_required
def _owners_badge_image(request: HttpRequest, pk: int) -> HttpResponse:
    return serve_badge_image(request, get_badge_for_user(request, pk), private=True)


@login_required
def badge_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The baked badge as received, or baked now from its image and original data."""
    return baked_badge_response(get_badge_for_user(request, pk), private=True)


def baked_badge_response(badge: Badge, *, private: bool) -> HttpResponse:
    try:
        baked = baked_badge_file(badge)
    except FileNotFoundError:  # the file as received is gone from storage
        raise Http404 from None
    response = FileResponse(
        io.BytesIO(baked.content),
        as_attachment=True,
        filename=baked.filename,
        content_type=baked.content_type,
    )
    protect_file(response, private=private)
    return response


def serve_badge_image(request: HttpRequest, badge: Badge, *, private: bool) -> HttpResponse:
    """The badge's display copy; SVG can never run scripts in our origin.

    Never the uploaded file: a badge whose image could not be re-encoded has none.
    """
    image = badge.image
    if not image:
        raise Http404
    return file_response(request, image, private=private)
