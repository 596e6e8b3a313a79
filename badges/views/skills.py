"""The skills view: every alignment and tag of the learner's badges."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from badges.services.skills import SKILLS, skills_page
from passport.web import fragmentcache, pagecache

SKILLS_PER_PAGE = 30


@login_required
def skills(request: HttpRequest) -> HttpResponse:
    """Every skill the learner's badges show; revoked badges show none."""
    # Drawn from the skills alone, so kept under their own version: other edits keep it.
    # Its kept parts, their version and each skill's kept drawing come in one round trip.
    owner_id = request.user.pk
    ahead = [
        pagecache.version_key(owner_id, SKILLS),
        fragmentcache.parts_key(request, owner_id, "skills"),
        fragmentcache.each_key(fragmentcache.OWN_SKILLS, owner_id, get_language()),
    ]
    with fragmentcache.reading_ahead(request, ahead):
        parts = fragmentcache.cached_parts(
            request, owner_id, "skills", lambda: _drawn(request), scope=SKILLS
        )
        return render(request, "badges/skills.html", parts)


def _drawn(request: HttpRequest) -> dict[str, str]:
    # A page draws at most SKILLS_PER_PAGE skills of at most 30 badges each, however
    # many badges the learner holds; the rest are a page or a gallery search away.
    page = skills_page(request.user.pk, request.GET.get("page"), SKILLS_PER_PAGE)
    context = {"skills": page.object_list, "page": page}
    return {"body": render_to_string("badges/_skills_body.html", context, request)}
