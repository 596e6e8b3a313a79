"""Small pieces of the backpack's pages that belong to the Open Badges API."""

from __future__ import annotations

from django import template

from passport.api import services
from passport.api.models import HiddenBadge

register = template.Library()


@register.inclusion_tag("api/_delivery_notice.html", takes_context=True)
def delivery_notice(context) -> dict:
    """Badges platforms delivered since the learner last looked (shown once)."""
    user = context["request"].user
    return {"deliveries": services.take_unseen_deliveries(user) if user.is_authenticated else []}


@register.inclusion_tag("api/_badge_connected_apps.html")
def badge_connected_apps(badge) -> dict:
    """Who delivered this badge, and whether connected apps may see it."""
    return {
        "badge": badge,
        "delivery": services.first_delivery(badge),
        "hidden": HiddenBadge.objects.filter(badge=badge).exists(),
    }
