"""The one way a public page is answered: the rule every public view follows.

Who may see the thing is decided before, by the model's QuerySet (``shown_publicly()``,
``reachable()``): anything else is a 404. Then, for a visitor other than the owner, the
view is counted and every address of the learner is taken out of the HTML; and no shared
cache keeps the answer, so a badge made private disappears at once. Our own cache may
keep it (``passport.web.pagecache``), under a version that any change replaces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from passport.web.redact import redact_emails
from passport.web.responses import uncached


def is_owner(request: HttpRequest, owner_id: int) -> bool:
    return request.user.is_authenticated and request.user.pk == owner_id


def render_public(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    owner_id: int,
    addresses: Iterable[str] = (),
    count_view: Callable[[], object] | None = None,
    status: int = 200,
) -> HttpResponse:
    """``template`` as a visitor sees it; the owner sees the same page, unredacted."""
    owner = is_owner(request, owner_id)
    if count_view is not None and request.method == "GET" and not owner:
        count_view()
    response = render(request, template, context, status=status)
    if not owner:  # the owner's own menu shows their address
        redact_emails(response, [a for a in addresses if a])
    return uncached(response)
