"""The skills view: every alignment and tag of the learner's badges."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from badges.models import Badge
from badges.services import skills as skills_service


@login_required
def skills(request: HttpRequest) -> HttpResponse:
    """Every skill the learner's badges show; revoked badges show none."""
    badges = Badge.objects.owned_by(request.user).exclude(status=Badge.Status.REVOKED)
    skill_list = skills_service.gather_skills(badges.for_gallery())
    return render(request, "badges/skills.html", {"skills": skill_list})
