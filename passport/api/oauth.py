"""django-oauth-toolkit tuned for the Open Badges API: registered scopes, S256 only."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from oauth2_provider.models import get_application_model
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import AuthorizationView

from passport.accounts import audit
from passport.api import scopes
from passport.api.registration import is_loopback
from passport.middleware import policy_with_form_targets


def _registered_scopes(client) -> list[str]:
    registration = getattr(client, "registration", None)
    return registration.allowed_scopes if registration else list(scopes.ALL)


class Validator(OAuth2Validator):
    """A platform may only ask for the scopes it registered."""

    def validate_scopes(self, client_id, requested, client, request, *args, **kwargs) -> bool:
        allowed = set(_registered_scopes(client))
        return set(requested) <= allowed and super().validate_scopes(
            client_id, requested, client, request, *args, **kwargs
        )

    def get_default_scopes(self, client_id, request, *args, **kwargs) -> list[str]:
        return _registered_scopes(request.client)


def _allow_plain_http_callback(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Let the consent form be redirected to a registered plain-http loopback callback.

    Registration accepts http:// redirect URIs only on loopback, in development and tests
    (``views_oauth.register``); browsers would otherwise stop the redirect after consent,
    as the page's policy lets forms go only to https.
    """
    redirect_uri = request.GET.get("redirect_uri", "")
    if response.status_code != 200 or not redirect_uri.startswith("http://"):
        return response
    parts = urlsplit(redirect_uri)
    try:
        port = parts.port
    except ValueError:
        return response
    if not parts.hostname or not is_loopback(parts.hostname):
        return response
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    origin = f"http://{host}" + (f":{port}" if port else "")
    response["Content-Security-Policy"] = policy_with_form_targets([origin])
    return response


class ConsentView(AuthorizationView):
    """The learner's consent page: which platform asks for what, in plain words."""

    template_name = "api/authorize.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # PKCE with S256 is required; "plain" would be refused only after the learner
        # agreed, so the request is stopped before the question is asked.
        if not request.GET.get("code_challenge") or (
            request.GET.get("code_challenge_method") != "S256"
        ):
            error = {
                "error": "invalid_request",
                "description": _(
                    "The platform did not protect this request with PKCE (S256), which "
                    "Passport requires. Nothing was shared. Tell the platform's support."
                ),
            }
            return render(request, self.template_name, {"error": error}, status=400)
        response = super().get(request, *args, **kwargs)
        return _allow_plain_http_callback(request, response)

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.cleaned_data.get("allow") and response.status_code == 302:
            client_id = form.cleaned_data.get("client_id")
            application = get_application_model().objects.filter(client_id=client_id).first()
            if application is not None:
                audit.record(
                    self.request.user,
                    audit.Kind.APP_CONNECTED,
                    application.name,
                    request=self.request,
                )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plain_scopes"] = scopes.described(" ".join(context.get("scopes") or []))
        application = context.get("application")
        context["registration"] = getattr(application, "registration", None)
        return context
