"""The learner's own evidence on a badge: its panel on the badge page, add, edit, hide,
reorder and remove. The badge page itself belongs to ``badges``; this panel is
contributed to it (see ``badges.extensions``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from badges.forms.organising import DirectionForm
from badges.models import Badge
from badges.views._lookup import get_badge_for_user
from pages import evidence as evidence_service
from pages.forms_evidence import EvidenceForm
from pages.models import LearnerEvidence


class HiddenForm(forms.Form):
    hidden = forms.BooleanField(required=False)


def evidence_panel(request: HttpRequest, badge: Badge) -> str:
    """The owner's evidence beside the issuer's, on the owner's badge page."""
    return render_to_string("pages/evidence/_panel.html", {"badge": badge}, request=request)


def _get_evidence_for_user(request: HttpRequest, badge_pk: int, pk: int) -> LearnerEvidence:
    return get_object_or_404(
        LearnerEvidence.objects.select_related("badge"),
        pk=pk,
        badge_id=badge_pk,
        badge__owner=request.user,
    )


def _detail(badge: Badge, anchor: str = "") -> str:
    return reverse("badges:detail", args=[badge.pk]) + (f"#{anchor}" if anchor else "")


@login_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    badge = get_badge_for_user(request, pk)
    form = EvidenceForm(request.POST or None, owner=request.user)
    if form.is_valid():
        evidence_service.add_evidence(badge, **form.cleaned_data)
        messages.success(request, _("Evidence added."))
        return redirect(_detail(badge, "your-evidence"))
    return render(request, "pages/evidence/form.html", {"form": form, "badge": badge})


@login_required
def evidence_edit(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = _get_evidence_for_user(request, pk, evidence_pk)
    form = EvidenceForm(request.POST or None, instance=evidence, owner=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Evidence saved."))
        return redirect(_detail(evidence.badge, f"evidence-{evidence.pk}"))
    context = {"form": form, "badge": evidence.badge, "evidence": evidence}
    return render(request, "pages/evidence/form.html", context)


@login_required
@require_POST
def evidence_hide(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = _get_evidence_for_user(request, pk, evidence_pk)
    form = HiddenForm(request.POST)
    if form.is_valid():
        evidence_service.set_evidence_hidden(evidence, form.cleaned_data["hidden"])
        if evidence.hidden:
            messages.success(request, _("“%(title)s” is now hidden.") % {"title": evidence.title})
        else:
            messages.success(request, _("“%(title)s” is shown again.") % {"title": evidence.title})
    return redirect(_detail(evidence.badge, f"evidence-{evidence.pk}"))


@login_required
@require_POST
def evidence_move(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = _get_evidence_for_user(request, pk, evidence_pk)
    form = DirectionForm(request.POST)
    if form.is_valid():
        evidence_service.move_evidence(evidence, form.cleaned_data["direction"])
    return redirect(_detail(evidence.badge, f"evidence-{evidence.pk}"))


@login_required
def evidence_delete(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = _get_evidence_for_user(request, pk, evidence_pk)
    if request.method == "POST":
        evidence.delete()
        messages.success(request, _("“%(title)s” removed.") % {"title": evidence.title})
        return redirect(_detail(evidence.badge, "your-evidence"))
    return render(request, "pages/evidence/delete.html", {"evidence": evidence})
