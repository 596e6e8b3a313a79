"""The panel the Open Badges API contributes to the owner's badge page (badges.extensions)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from badges.models import Badge
from passport.api import services
from passport.api.models import HiddenBadge

# The versions the connected platforms' APIs serve (OB 3.0 and Badge Connect 2.1).
SERVED_SPECS = ("2.0", "3.0")


def connected_apps_panel(request: HttpRequest, badge: Badge) -> str:
    """Who delivered the badge, and whether connected apps may see it."""
    delivery = services.first_delivery(badge)
    servable = badge.spec in SERVED_SPECS
    if not (delivery or servable):
        return ""
    context = {
        "badge": badge,
        "delivery": delivery,
        "servable": servable,
        "hidden": servable and HiddenBadge.objects.filter(badge=badge).exists(),
    }
    return render_to_string("api/_badge_connected_apps.html", context, request=request)
