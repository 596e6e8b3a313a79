"""Adding badges: upload, URL or paste, and what became of each."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from badges.forms.importing import PasteForm, UploadForm, UrlForm
from badges.models import Badge
from badges.services.importing import ImportOutcome, ImportSource, import_badges

RESULTS_SESSION_KEY = "badge_import_results"


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
