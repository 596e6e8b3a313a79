"""Read and check a remote host's service description (the OB 3.0 discovery document)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from passport.api import scopes
from passport.api.consumer import http
from passport.api.consumer.errors import ConsumerError

DISCOVERY_PATH = "/ims/ob/v3p0/discovery"


@dataclass(frozen=True)
class Endpoints:
    """What Passport needs from a service description, every address checked."""

    discovery_url: str
    name: str
    api_base: str
    authorization_url: str
    token_url: str
    registration_url: str
    scopes: tuple[str, ...]

    @property
    def origin(self) -> str:
        return http.origin_of(self.discovery_url)


def discovery_url_for(entered: str) -> str:
    """The discovery address for what the learner typed: a base address or the document."""
    url = entered.strip()
    if not urlsplit(url).scheme:
        url = "https://" + url
    if urlsplit(url).path.rstrip("/").endswith(DISCOVERY_PATH):
        return url
    return url.split("?")[0].split("#")[0].rstrip("/") + DISCOVERY_PATH


def discover(entered: str) -> Endpoints:
    url = http.check_endpoint(discovery_url_for(entered), _("The address"))
    response = http.get(url)
    host = urlsplit(url).hostname
    if response.status != 200:
        raise ConsumerError(
            _("%(host)s answered with HTTP status %(status)s instead of its service description.")
            % {"host": host, "status": response.status}
        )
    document = http.json_of(response)
    if not isinstance(document, dict):
        raise ConsumerError(
            _(
                "%(host)s did not answer with a JSON document. Enter the address of a "
                "backpack or platform that offers the Open Badges 3.0 API."
            )
            % {"host": host}
        )
    return read(url, document)


def read(url: str, document: dict[str, Any]) -> Endpoints:
    if not str(document.get("openapi", "")).startswith("3."):
        raise ConsumerError(
            _("The document at this address is not an Open Badges 3.0 service description.")
        )
    scheme = _oauth2_scheme(document)
    flow = _dict(_dict(scheme.get("flows")).get("authorizationCode"))
    offered = tuple(name for name in _dict(flow.get("scopes")) if isinstance(name, str))
    if scopes.CREDENTIAL_READ not in offered:
        raise ConsumerError(
            _("This host does not let other backpacks read credentials (credential.readonly).")
        )
    return Endpoints(
        discovery_url=url,
        name=_name(document, scheme, url),
        api_base=http.check_endpoint(_server(document, url), "servers"),
        authorization_url=http.check_endpoint(flow.get("authorizationUrl"), "authorizationUrl"),
        token_url=http.check_endpoint(flow.get("tokenUrl"), "tokenUrl"),
        registration_url=http.check_endpoint(
            scheme.get("x-imssf-registrationUrl"), "x-imssf-registrationUrl"
        ),
        scopes=offered,
    )


def _oauth2_scheme(document: dict[str, Any]) -> dict[str, Any]:
    schemes = _dict(_dict(document.get("components")).get("securitySchemes"))
    for scheme in schemes.values():
        if isinstance(scheme, dict) and scheme.get("type") == "oauth2":
            return scheme
    raise ConsumerError(
        _("The host's service description offers no OAuth 2.0 sign-in (securitySchemes).")
    )


def _server(document: dict[str, Any], url: str) -> Any:
    servers = document.get("servers")
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        return str(servers[0].get("url", "")).rstrip("/")
    return url.split("?")[0].removesuffix("/discovery")


def _name(document: dict[str, Any], scheme: dict[str, Any], url: str) -> str:
    for value in (scheme.get("x-imssf-name"), _dict(document.get("info")).get("title")):
        if isinstance(value, str) and value.strip():
            return value.strip()[:200]
    return urlsplit(url).hostname or url


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
