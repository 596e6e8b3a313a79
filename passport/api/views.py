"""The Open Badges 3.0 API a platform calls: discovery, credentials and profile."""

from __future__ import annotations

import logging
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from passport.api import imsx
from passport.api.discovery import service_description

logger = logging.getLogger(__name__)


def api_endpoint(*methods: str):
    """Allowed methods answered with 405 otherwise, and every failure as Imsx_StatusInfo."""

    def decorator(view):
        @csrf_exempt  # bearer tokens only: no cookie is ever used to authenticate
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in methods:
                return imsx.status_info(
                    405,
                    _("This address does not accept %(method)s.") % {"method": request.method},
                    headers={"Allow": ", ".join(methods)},
                )
            try:
                return view(request, *args, **kwargs)
            except Exception:
                logger.exception("Open Badges API request failed: %s", request.path)
                return imsx.status_info(500, _("Something went wrong on our side."))

        return wrapper

    return decorator


@api_endpoint("GET")
def discovery(request: HttpRequest) -> HttpResponse:
    return imsx.json_response(service_description(request))


@api_endpoint("GET", "POST", "PUT", "DELETE", "PATCH")
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return imsx.status_info(404, _("There is nothing at this address."))
