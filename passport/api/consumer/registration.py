"""Passport registers itself with a remote host (RFC 7591), once per host, and reuses it."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from passport.api import scopes
from passport.api.consumer import http, sealing
from passport.api.consumer.discovery import Endpoints
from passport.api.consumer.errors import ConsumerError
from passport.api.consumer.models import RemoteHost

SOFTWARE_ID = "6f1d3c52-3b7e-4d0a-9a55-5f0b3e2c8a71"  # the same for every Passport
SOFTWARE_VERSION = "1.0"


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def callback_url() -> str:
    return site_url(reverse("api:consumer_callback"))


def wanted_scope(endpoints: Endpoints) -> str:
    wanted = [scopes.CREDENTIAL_READ]
    if scopes.OFFLINE in endpoints.scopes:
        wanted.append(scopes.OFFLINE)
    return " ".join(wanted)


def metadata(endpoints: Endpoints) -> dict:
    return {
        "client_name": f"Passport ({settings.SITE_URL})",
        "client_uri": site_url("/"),
        "logo_uri": site_url(static("img/favicon.svg")),
        "tos_uri": site_url(reverse("terms")),
        "policy_uri": site_url(reverse("privacy_policy")),
        "software_id": SOFTWARE_ID,
        "software_version": SOFTWARE_VERSION,
        "redirect_uris": [callback_url()],
        "token_endpoint_auth_method": "client_secret_basic",
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "scope": wanted_scope(endpoints),
    }


def registered_host(endpoints: Endpoints) -> RemoteHost:
    """The host's stored registration, made now if Passport never registered there."""
    host = RemoteHost.objects.filter(origin=endpoints.origin).first()
    if host is not None:
        return _refreshed(host, endpoints)
    answer = _register(endpoints)
    try:
        with transaction.atomic():
            return RemoteHost.objects.create(
                origin=endpoints.origin,
                name=endpoints.name,
                discovery_url=endpoints.discovery_url,
                api_base=endpoints.api_base,
                authorization_url=endpoints.authorization_url,
                token_url=endpoints.token_url,
                scope=answer.get("scope") or wanted_scope(endpoints),
                client_id=answer["client_id"],
                sealed_client_secret=sealing.seal(answer.get("client_secret", "")),
            )
    except IntegrityError:  # another learner registered it at the same moment
        return RemoteHost.objects.get(origin=endpoints.origin)


def _refreshed(host: RemoteHost, endpoints: Endpoints) -> RemoteHost:
    """Keep the addresses the host gives now; the registration itself stays."""
    fields = {
        "name": endpoints.name,
        "discovery_url": endpoints.discovery_url,
        "api_base": endpoints.api_base,
        "authorization_url": endpoints.authorization_url,
        "token_url": endpoints.token_url,
    }
    changed = [name for name, value in fields.items() if getattr(host, name) != value]
    for name in changed:
        setattr(host, name, fields[name])
    if changed:
        host.save(update_fields=changed)
    return host


def _register(endpoints: Endpoints) -> dict:
    response = http.post(endpoints.registration_url, json_body=metadata(endpoints))
    answer = http.json_of(response)
    if response.status not in (200, 201) or not isinstance(answer, dict):
        description = answer.get("error_description") if isinstance(answer, dict) else ""
        raise ConsumerError(
            _("%(host)s refused to register Passport: %(reason)s")
            % {
                "host": endpoints.name,
                "reason": str(description or "")[:300] or _("no reason given"),
            }
        )
    if not isinstance(answer.get("client_id"), str) or not answer["client_id"]:
        raise ConsumerError(
            _("%(host)s registered Passport but gave no client id.") % {"host": endpoints.name}
        )
    if not isinstance(answer.get("client_secret", ""), str):
        raise ConsumerError(
            _("%(host)s gave a malformed client secret.") % {"host": endpoints.name}
        )
    return answer
