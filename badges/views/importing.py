"""Adding badges: upload, URL or paste, and what became of each."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from badges import import_jobs, sample
from badges.forms.importing import MAX_FILES, PasteForm, UploadForm, UrlForm
from badges.services.importing import ImportSource
from passport.web import ratelimit

# Badges one learner may add a minute: twice a full upload of files, so no real use waits.
IMPORT_LIMIT = 40


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
        wants_json = "application/json" in request.headers.get("Accept", "")
        if not form.is_valid():
            if wants_json:
                errors = [e for errs in form.errors.values() for e in errs]
                return JsonResponse({"error": " ".join(errors)}, status=400)
        else:
            sources = _sources(way, form)
            if not ratelimit.consume_for_learner(
                request.user, "import", cost=len(sources), limit=IMPORT_LIMIT, period=60
            ):
                if wants_json:
                    return JsonResponse({"error": _too_many_imports()}, status=429)
                messages.error(request, _too_many_imports())
                context = {"forms": forms, "max_files": MAX_FILES}
                return render(request, "badges/add.html", context, status=429)
            # Every way is checked in the background: even pasted text may name issuers
            # to fetch, and a slow one must not hold the request (or the worker) up.
            job = import_jobs.create_job(request.user, sources)
            if wants_json:
                return JsonResponse(_job_links(job), status=202)
            return redirect("badges:import_job", pk=job.pk)
    context = {"forms": forms, "max_files": MAX_FILES}
    return render(request, "badges/add.html", context)


@login_required
@require_POST
def add_sample(request: HttpRequest) -> HttpResponse:
    """A sample badge, made and signed here, imported like any other."""
    email = request.user.email
    if not ratelimit.consume_for_learner(request.user, "import", limit=IMPORT_LIMIT, period=60):
        messages.error(request, _too_many_imports())
        return redirect("badges:add")
    source = ImportSource.from_text(sample.sample_credential(email), label=_("Sample badge"))
    job = import_jobs.create_job(request.user, [source])
    return redirect("badges:import_job", pk=job.pk)


def _job_links(job) -> dict:
    return {
        "page": reverse("badges:import_job", args=[job.pk]),
        "status": reverse("badges:import_job_status", args=[job.pk]),
    }


def _too_many_imports() -> str:
    return _(
        "You have added many badges in the last minute: at most %(limit)s a minute, so "
        "that issuers are not flooded. Wait a minute, then add these again."
    ) % {"limit": IMPORT_LIMIT}


def _sources(way: str, form) -> list[ImportSource]:
    if way == "upload":
        return [ImportSource.from_upload(upload) for upload in form.cleaned_data["files"]]
    if way == "url":
        return [ImportSource.from_url(form.cleaned_data["url"])]
    return [ImportSource.from_text(form.cleaned_data["text"])]
