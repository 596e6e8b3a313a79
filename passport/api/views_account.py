"""The learner's side: connected apps, what they delivered, badges kept from them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from badges.models import Badge
from passport.accounts import audit
from passport.api import services
from passport.api.consumer.models import RemoteConnection
from passport.api.consumer.views import pop_results
from passport.api.models import Connection, Delivery

RECENT_DELIVERIES = 50


def _get_connection_for_user(request: HttpRequest, pk: int) -> Connection:
    """The learner's own connection, or 404 for everyone else."""
    return get_object_or_404(Connection.objects.of(request.user), pk=pk)


@login_required
def connected_apps(request: HttpRequest) -> HttpResponse:
    deliveries = (
        Delivery.objects.filter(badge__owner=request.user)
        .select_related("badge")
        .order_by("-delivered_at", "-pk")[:RECENT_DELIVERIES]
    )
    context = {
        "connections": list(Connection.objects.of(request.user)),
        "deliveries": list(deliveries),
        "remote_connections": list(RemoteConnection.objects.of(request.user)),
        "import_results": pop_results(request),
    }
    return render(request, "api/connected_apps.html", context)


@login_required
@require_POST
def disconnect(request: HttpRequest, pk: int) -> HttpResponse:
    connection = _get_connection_for_user(request, pk)
    name = connection.application.name
    services.disconnect(request.user, connection)
    audit.record(request.user, audit.Kind.APP_DISCONNECTED, name, request=request)
    messages.success(
        request,
        _("%(platform)s is disconnected: it can no longer reach your backpack.")
        % {"platform": name},
    )
    return redirect("api:connected_apps")


@login_required
@require_POST
def badge_hidden_from_apps(request: HttpRequest, pk: int) -> HttpResponse:
    badge = get_object_or_404(Badge, pk=pk, owner=request.user)
    hidden = request.POST.get("hidden") == "1"
    services.set_hidden_from_apps(badge, hidden)
    if hidden:
        messages.success(request, _("Connected apps can no longer see this badge."))
    else:
        messages.success(request, _("Connected apps allowed to see your badges can see this one."))
    return redirect("badges:detail", pk=badge.pk)
