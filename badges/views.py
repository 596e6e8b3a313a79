"""The backpack: adding badges, the gallery and each badge's page."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from badges import extensions
from badges.download import baked_badge_file
from badges.forms import PasteForm, UploadForm, UrlForm
from badges.models import Badge
from badges.reverify import reverify_badge
from badges.services import ImportOutcome, ImportSource, import_badges
from passport.web.responses import file_response, protect_file

RESULTS_SESSION_KEY = "badge_import_results"


def _get_badge_for_user(request: HttpRequest, pk: int) -> Badge:
    """The signed-in learner's badge, or 404 for everyone else."""
    return get_object_or_404(Badge.objects.for_cards(), pk=pk, owner=request.user)


@login_required
def add_badges(request: HttpRequest) -> HttpResponse:
    forms = {"upload": UploadForm(), "url": UrlForm(), "paste": PasteForm()}
    if request.method == "POST":
        way = request.POST.get("way", "")
        if way not in forms:
            return redirect("badges:add")
        form_class = type(forms[way])
        form = form_class(request.POST, request.FILES)
        forms[way] = form
        if form.is_valid():
            outcomes = import_badges(request.user, _sources(way, form))
            request.session[RESULTS_SESSION_KEY] = [_outcome_summary(o) for o in outcomes]
            return redirect("badges:add")
    results = _pop_results(request)
    return render(request, "badges/add.html", {"forms": forms, "results": results})


def _sources(way: str, form) -> list[ImportSource]:
    if way == "upload":
        return [ImportSource.from_upload(upload) for upload in form.cleaned_data["files"]]
    if way == "url":
        return [ImportSource.from_url(form.cleaned_data["url"])]
    return [ImportSource.from_text(form.cleaned_data["text"])]


def _outcome_summary(outcome: ImportOutcome) -> dict:
    return {
        "label": outcome.source.label,
        "ok": outcome.ok,
        "badge": outcome.badge.pk if outcome.badge else None,
        "code": outcome.code,
        "message": outcome.message,
        "existing": outcome.existing.pk if outcome.existing else None,
    }


def _pop_results(request: HttpRequest) -> list[dict]:
    summaries = request.session.pop(RESULTS_SESSION_KEY, [])
    ids = {s["badge"] or s["existing"] for s in summaries} - {None}
    badges = Badge.objects.owned_by(request.user).for_cards().in_bulk(ids)
    for summary in summaries:
        summary["badge"] = badges.get(summary["badge"])
        summary["existing"] = badges.get(summary["existing"])
    return summaries


@login_required
def badge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    badge = _get_badge_for_user(request, pk)
    context = {
        "badge": badge,
        "checks": badge.checks.all()[:10],
        "panels": extensions.panels_for(request, badge),
    }
    return render(request, "badges/detail.html", context)


@login_required
@require_POST
def badge_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Verify again": ask the issuer now and record what it says."""
    badge = _get_badge_for_user(request, pk)
    check = reverify_badge(badge)
    if check.status == Badge.Status.VERIFIED:
        messages.success(request, _("Checked again just now: the badge is verified."))
    else:
        label = Badge.Status(check.status).label
        messages.warning(request, _("Checked again just now: %(status)s.") % {"status": label})
    return redirect("badges:detail", pk=badge.pk)


@login_required
def badge_image(request: HttpRequest, pk: int) -> HttpResponse:
    badge = _get_badge_for_user(request, pk)
    return serve_badge_image(badge, private=True)


@login_required
def badge_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The baked badge as received, or baked now from its image and original data."""
    return baked_badge_response(_get_badge_for_user(request, pk), private=True)


def baked_badge_response(badge: Badge, *, private: bool) -> HttpResponse:
    baked = baked_badge_file(badge)
    response = FileResponse(
        io.BytesIO(baked.content),
        as_attachment=True,
        filename=baked.filename,
        content_type=baked.content_type,
    )
    protect_file(response, private=private)
    return response


def serve_badge_image(badge: Badge, *, private: bool) -> HttpResponse:
    """The badge's display image; SVG can never run scripts in our origin."""
    image = badge.image or badge.original_file
    if not image:
        raise Http404
    return file_response(image, private=private)
