"""The share panel sharing contributes to the owner's badge page (``badges.extensions``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from badges.models import Badge


def owner_share_panel(request: HttpRequest, badge: Badge) -> str:
    return render_to_string("sharing/_owner_share_panel.html", {"badge": badge}, request=request)
