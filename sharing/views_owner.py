"""The learner's side of sharing: publishing a badge, their links and their view counts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from badges.models import Badge, Collection
from badges.services import visibility as visibility_service
from passport.accounts import audit
from sharing import share
from sharing.forms import ContactLinkForm
from sharing.models import MAX_CONTACT_LINKS, ContactLink, views_of


@login_required
@require_POST
def publish_badge(request: HttpRequest, public_id: str) -> HttpResponse:
    """The explicit step that makes a private badge public, from its share panel."""
    badge = get_object_or_404(Badge, public_id=public_id, owner=request.user)
    if visibility_service.set_visibility(
        Badge.objects.filter(pk=badge.pk), Badge.Visibility.PUBLIC
    ):
        audit.visibility_changed(request, badge.name, Badge.Visibility.PUBLIC.label)
        messages.success(request, _("This badge is now public: share it with the links below."))
    return redirect(reverse("badges:detail", args=[badge.pk]) + "#share")


@login_required
def settings_page(request: HttpRequest, form: ContactLinkForm | None = None) -> HttpResponse:
    user = request.user
    profile_url = share.profile_url(request, user)
    # Queries: the contact links, the public badges with their counters, the public
    # collections with theirs, the profile's counter.
    badges = (
        Badge.objects.owned_by(user)
        .public()
        .for_cards("share_stats")
        .select_related("share_stats")
        .order_by("-issued_on", "-pk")
    )
    collections = [
        (collection, share.collection_url(request, collection))
        for collection in Collection.objects.owned_by(user)
        .filter(visibility=Collection.Visibility.PUBLIC)
        .select_related("owner", "share_stats")
    ]
    links = ContactLink.objects.owned_by(user)
    context = {
        "profile_url": profile_url,
        "profile_links": share.for_profile(user, profile_url, owner=True),
        "profile_views": views_of(profile=user),
        "contact_links": links,
        "form": form or ContactLinkForm(),
        "can_add_link": form is not None or links.count() < MAX_CONTACT_LINKS,
        "badges": [(badge, share.badge_url(request, badge)) for badge in badges],
        "collections": [
            (collection, url, share.for_collection(collection, url, owner=True))
            for collection, url in collections
        ],
    }
    status = 400 if form is not None else 200
    return render(request, "sharing/settings.html", context, status=status)


@login_required
@require_POST
def contact_link_add(request: HttpRequest) -> HttpResponse:
    form = ContactLinkForm(request.POST)
    links = ContactLink.objects.owned_by(request.user)
    if links.count() >= MAX_CONTACT_LINKS:
        messages.error(
            request, _("You can show up to %(count)d links.") % {"count": MAX_CONTACT_LINKS}
        )
        return redirect(reverse("sharing:settings") + "#links")
    if not form.is_valid():
        return settings_page(request, form=form)
    link = form.save(commit=False)
    link.user = request.user
    link.position = links.count()
    link.save()
    messages.success(request, _("Link added to your profile."))
    return redirect(reverse("sharing:settings") + "#links")


@login_required
@require_POST
def contact_link_delete(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ContactLink, pk=pk, user=request.user)
    link.delete()
    messages.success(request, _("Link removed from your profile."))
    return redirect(reverse("sharing:settings") + "#links")
