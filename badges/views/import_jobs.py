"""The page of one background import: its rows, a summary, and a JSON view to poll."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from badges import import_jobs
from badges.import_job_models import ImportItem, ImportJob, summary_of
from badges.notice_models import Notice
from passport.web import pagecache


def _get_job_for_user(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.owned_by(request.user), pk=pk)


def _items(job: ImportJob) -> list[ImportItem]:
    # One query for the rows and what they link to.
    return list(job.items.select_related("badge", "existing", "record"))


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _get_job_for_user(request, pk)
    _seen(job)
    return render(request, "badges/import_job.html", _context(job, _items(job)))


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the page's script polls: the state, the summary and the rows as HTML."""
    job = _get_job_for_user(request, pk)
    _seen(job)
    items = _items(job)
    context = _context(job, items)
    return JsonResponse(
        {
            "state": job.state,
            "open": context["polling"],
            "stuck": context["stuck"],
            "summary": context["summary"],
            "items": [_item_json(item) for item in items],
            "html": render_to_string("badges/_import_results.html", context, request),
        }
    )


def _seen(job: ImportJob) -> None:
    """Results read on the job's own page need no notice in the gallery any more."""
    if job.state == ImportJob.State.DONE:
        unread = Notice.objects.filter(owner_id=job.owner_id, job=job, read=False)
        if unread.update(read=True):
            pagecache.bump(job.owner_id)  # update() sends no signal


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _get_job_for_user(request, pk)
    if job.is_stuck():
        import_jobs.retry(job)
    return redirect("badges:import_job", pk=job.pk)


def _context(job: ImportJob, items: list[ImportItem]) -> dict:
    stuck = job.is_stuck()
    return {
        "job": job,
        "results": items,
        "summary": summary(items),
        "stuck": stuck,
        "polling": job.is_open and not stuck,
    }


def _item_json(item: ImportItem) -> dict:
    return {"label": item.label, "status": item.status, "code": item.code}


def summary(items: list[ImportItem]) -> str:
    """Counts such as "5 added, 2 not added, 1 already in your backpack", zeros left out."""
    return summary_of(Counter(item.status for item in items))
