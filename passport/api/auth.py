"""Bearer tokens for the resource endpoints: 401 without one, 403 without the scope."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from oauth2_provider.oauth2_backends import get_oauthlib_core

from passport.api import imsx, ratelimit, services


def authenticate(request: HttpRequest):
    """The request's valid access token (DOT's ``AccessToken``), or None."""
    if not request.META.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
        return None
    valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
    token = getattr(oauth_request, "access_token", None) if valid else None
    if token is None or token.user is None or not token.user.is_active:
        return None
    return token


def require(request: HttpRequest, scope: str, errors=imsx.status_info):
    """``(token, None)`` when the request may go on, else ``(None, error response)``."""
    token = authenticate(request)
    if token is None:
        return None, errors(
            401,
            _("Send a valid access token (Authorization: Bearer …)."),
            headers={"WWW-Authenticate": 'Bearer realm="Passport"'},
        )
    if not token.allow_scopes([scope]):
        return None, errors(
            403,
            _("The access token does not grant the scope %(scope)s.") % {"scope": scope},
            headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'},
        )
    if not ratelimit.allow(token.application_id):
        return None, errors(
            429,
            _("Too many requests from this platform. Try again in a minute."),
            headers={"Retry-After": str(ratelimit.PERIOD_SECONDS)},
        )
    services.touch(token)
    return token, None
