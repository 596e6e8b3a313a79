"""Small pieces of the backpack's pages that belong to the Open Badges API."""

from __future__ import annotations

from django import template

from passport.api import services

register = template.Library()


@register.inclusion_tag("api/_delivery_notice.html", takes_context=True)
def delivery_notice(context) -> dict:
    """Badges platforms delivered since the learner last looked (shown once)."""
    user = context["request"].user
    return {"deliveries": services.take_unseen_deliveries(user) if user.is_authenticated else []}
