"""The learner's side of importing from another host: connect, come back, sync, disconnect."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from badges.openbadges.fetch import parse_allowed_hosts
from passport.accounts import audit
from passport.api.consumer import discovery, oauth, registration, sync
from passport.api.consumer.errors import ConsumerError
from passport.api.consumer.forms import ConnectForm
from passport.api.consumer.models import RemoteConnection, RemoteHost
from passport.middleware import policy_with_form_targets
from passport.web import ratelimit

PENDING_KEY = "consumer-pending"
RESULTS_KEY = "consumer-results"
PENDING_SECONDS = 15 * 60
MAX_PENDING = 5
ATTEMPTS_PER_HOUR = 20


def _get_connection_for_user(request: HttpRequest, pk: int) -> RemoteConnection:
    """The learner's own connection, or 404 for everyone else."""
    return get_object_or_404(RemoteConnection.objects.of(request.user), pk=pk)


def _allowed(request: HttpRequest) -> bool:
    if ratelimit.consume_for_learner(
        request.user, "consumer", limit=ATTEMPTS_PER_HOUR, period=3600
    ):
        return True
    messages.error(
        request,
        _("You connected or synced many times in the last hour: wait a while, then try again."),
    )
    return False


@login_required
def connect(request: HttpRequest) -> HttpResponse:
    form = ConnectForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if _allowed(request):
            try:
                endpoints = discovery.discover(form.cleaned_data["url"])
                host = registration.registered_host(endpoints)
            except ConsumerError as problem:
                form.add_error("url", problem.message)
            else:
                return redirect(_start(request, host))
        else:
            status = 429
    if form.errors:
        status = 400
    response = render(request, "api/consumer/connect.html", {"form": form}, status=status)
    # The form ends at the remote host's consent page; plain-http hosts the operator
    # listed (development, tests) must be reachable from it too.
    response["Content-Security-Policy"] = policy_with_form_targets(_plain_http_origins())
    return response


def _plain_http_origins() -> list[str]:
    origins = []
    for host, port in sorted(parse_allowed_hosts(settings.BADGE_FETCH_ALLOWED_HOSTS), key=str):
        name = f"[{host}]" if ":" in host else host
        origins.append(f"http://{name}:{port if port else '*'}")
    return origins


def _start(request: HttpRequest, host: RemoteHost) -> str:
    """Remember the state and verifier in the learner's session; the host's consent URL."""
    started = oauth.authorization(host)
    now = time.time()
    pending = {
        state: entry
        for state, entry in request.session.get(PENDING_KEY, {}).items()
        if entry["at"] > now - PENDING_SECONDS
    }
    pending[started.state] = {"host": host.pk, "verifier": started.verifier, "at": now}
    newest = sorted(pending.items(), key=lambda item: item[1]["at"])[-MAX_PENDING:]
    request.session[PENDING_KEY] = dict(newest)
    return started.url


@login_required
def callback(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY, {})
    entry = pending.pop(request.GET.get("state", ""), None)
    request.session[PENDING_KEY] = pending
    if entry is None or entry["at"] <= time.time() - PENDING_SECONDS:
        return _failed(
            request,
            _(
                "This answer does not match a connection you started here (or it came too "
                "late). Nothing was imported: start again."
            ),
        )
    host = get_object_or_404(RemoteHost, pk=entry["host"])
    if request.GET.get("error"):
        return _failed(request, _refusal(host, request.GET["error"]))
    code = request.GET.get("code", "")
    try:
        if not code:
            raise ConsumerError(_("%(host)s sent no authorization code.") % {"host": host.name})
        tokens = oauth.exchange(host, code, entry["verifier"])
        with transaction.atomic():
            connection = sync.connect(request.user, host, tokens)
        audit.record(request.user, audit.Kind.APP_CONNECTED, host.name, request=request)
        results = sync.sync(connection)
    except ConsumerError as problem:
        return _failed(request, problem.message)
    _show(request, host, results)
    return redirect("api:connected_apps")


def _refusal(host: RemoteHost, error: str) -> str:
    if error == "access_denied":
        return _("You did not allow Passport to read your badges at %(host)s: nothing changed.") % {
            "host": host.name
        }
    return _("%(host)s could not connect Passport (%(error)s). Nothing was imported.") % {
        "host": host.name,
        "error": error[:100],
    }


def _failed(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "api/consumer/failed.html", {"message": message}, status=400)


@login_required
@require_POST
def sync_now(request: HttpRequest, pk: int) -> HttpResponse:
    connection = _get_connection_for_user(request, pk)
    if _allowed(request):
        try:
            _show(request, connection.host, sync.sync(connection))
        except ConsumerError as problem:
            messages.error(request, problem.message)
    return redirect("api:connected_apps")


@login_required
@require_POST
def disconnect(request: HttpRequest, pk: int) -> HttpResponse:
    connection = _get_connection_for_user(request, pk)
    name = connection.host.name
    revoked = sync.disconnect(connection)
    audit.record(request.user, audit.Kind.APP_DISCONNECTED, name, request=request)
    if revoked:
        message = _("Passport's access to %(host)s is revoked and forgotten.")
    else:
        message = _(
            "Passport forgot its access to %(host)s, but the host did not confirm revoking "
            "it: you can also remove Passport from its list of connected apps."
        )
    messages.success(request, message % {"host": name})
    return redirect("api:connected_apps")


def _show(request: HttpRequest, host: RemoteHost, results: list[sync.Result]) -> None:
    request.session[RESULTS_KEY] = {"host": host.name, "results": sync.as_session(results)}


def pop_results(request: HttpRequest) -> dict | None:
    return request.session.pop(RESULTS_KEY, None)
