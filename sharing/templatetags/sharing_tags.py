"""What the owner's share panel on a badge's page needs, computed in one place."""

from __future__ import annotations

from django import template
from django.urls import reverse

from badges.models import Badge
from sharing import credential, share
from sharing.models import views_of

register = template.Library()


@register.simple_tag(takes_context=True)
def owner_share(context, badge: Badge) -> dict:
    """Links, counts and snippets for ``badge``; one query (its view counter) when public."""
    request = context["request"]
    reveals_email = credential.reveals_email(badge, request.user.email)
    if badge.visibility != Badge.Visibility.PUBLIC:
        return {"public": False, "reveals_email": reveals_email}
    url = share.badge_url(request, badge)
    return {
        "public": True,
        "reveals_email": reveals_email,
        "url": url,
        "links": share.for_badge(badge, url, owner=True),
        "views": views_of(badge=badge),
        "embed": share.embed_snippet(request, badge),
        "embed_url": reverse("sharing:embed_badge", args=[badge.public_id]),
        "has_jws": bool(credential.compact_jws(badge)),
    }


@register.simple_tag(takes_context=True)
def owner_collection_share(context, collection) -> dict:
    """The public link of the learner's own collection and its share buttons; one query
    (its view counter) when public."""
    if collection.visibility != collection.Visibility.PUBLIC:
        return {"public": False}
    url = share.collection_url(context["request"], collection)
    return {
        "public": True,
        "url": url,
        "links": share.for_collection(collection, url, owner=True),
        "views": views_of(collection=collection),
    }
