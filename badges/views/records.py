"""A learner record (CLR): its achievements, how they relate, and their badges."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from badges import step_log
from badges.models import Badge, LearnerRecord, TrustLevel
from badges.services.records import achievements_of, delete_record, verify_record_again
from badges.views.detail import VERIFY_COOLDOWN
from passport.web import ratelimit


def _get_record_for_user(request: HttpRequest, pk: int) -> LearnerRecord:
    """The signed-in learner's record, or 404 for everyone else."""
    return get_object_or_404(LearnerRecord, pk=pk, owner=request.user)


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _get_record_for_user(request, pk)
    badges = list(record.badges.all())  # one query, however many achievements
    context = {
        "record": record,
        "achievements": achievements_of(record, badges),
        "log": step_log.shown(record.verification.get("steps")),
    }
    return render(request, "badges/record.html", context)


@login_required
@require_POST
def record_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = _get_record_for_user(request, pk)
    delete_record(record)
    messages.success(request, _("“%(name)s” was deleted.") % {"name": record.name})
    return redirect("badges:gallery")


@login_required
@require_POST
def record_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Verify again" for the record itself; its badges each have their own."""
    record = _get_record_for_user(request, pk)
    if not ratelimit.claim(f"verify-record:{record.pk}", seconds=VERIFY_COOLDOWN):
        messages.info(request, _("This record was checked less than a minute ago."))
        return redirect("badges:record", pk=record.pk)
    status = verify_record_again(record)
    record.refresh_from_db(fields=["trust"])
    if status == Badge.Status.VERIFIED and record.trust == TrustLevel.ISSUER_CONFIRMED:
        messages.success(request, _("Checked again just now: the record is verified."))
    elif status == Badge.Status.VERIFIED:
        messages.warning(
            request,
            _(
                "Checked again just now: the record is genuine and unchanged, but Passport "
                "could not confirm who issued it."
            ),
        )
    else:
        label = Badge.Status(status).label
        messages.warning(request, _("Checked again just now: %(status)s.") % {"status": label})
    return redirect("badges:record", pk=record.pk)
