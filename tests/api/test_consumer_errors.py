"""Every way connecting to another host can fail: a clear message, nothing stored."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.urls import reverse

from badges.models import Badge
from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch_types import Response
from passport.accounts.models import SecurityEvent
from passport.api.consumer import sync
from passport.api.consumer.errors import ConsumerError
from passport.api.consumer.models import RemoteConnection, RemoteHost

pytestmark = pytest.mark.django_db
BASE = "https://backpack.example"
CONNECT = reverse("api:consumer_connect")
CALLBACK = reverse("api:consumer_callback")
READ = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly"


def description(**flow_overrides) -> dict:
    flow = {
        "authorizationUrl": f"{BASE}/oauth/authorize",
        "tokenUrl": f"{BASE}/oauth/token",
        "scopes": {READ: "Read", "offline_access": "Stay"},
    }
    flow.update(flow_overrides)
    return {
        "openapi": "3.0.1",
        "info": {"title": "Other Backpack", "version": "3.0"},
        "servers": [{"url": f"{BASE}/ims/ob/v3p0"}],
        "components": {
            "securitySchemes": {
                "OAuth2ACG": {
                    "type": "oauth2",
                    "x-imssf-registrationUrl": f"{BASE}/register",
                    "flows": {"authorizationCode": flow},
                }
            }
        },
    }


def answer(status: int, body, headers=None) -> Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Response("", status, content, headers or {"content-type": "application/json"})


class FakeHost:
    """Stands in for the safe fetcher: answers by URL (without query), records requests."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], object] = {
            ("GET", f"{BASE}/ims/ob/v3p0/discovery"): answer(200, description()),
            ("POST", f"{BASE}/register"): answer(
                201, {"client_id": "passport-client", "client_secret": "s3cret"}
            ),
            ("POST", f"{BASE}/oauth/token"): answer(
                200,
                {
                    "access_token": "a1",
                    "refresh_token": "r1",
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "scope": READ,
                },
            ),
            ("GET", f"{BASE}/ims/ob/v3p0/credentials"): answer(
                200, {"credential": [], "compactJwsString": []}, {"x-total-count": "0"}
            ),
        }
        self.seen: list[tuple[str, str, dict]] = []

    def _answer(self, method: str, url: str, headers) -> Response:
        self.seen.append((method, url, dict(headers or {})))
        route = self.routes.get((method, url.split("?")[0]), answer(404, {}))
        if isinstance(route, Exception):
            raise route
        return route(url) if callable(route) else route

    def get(self, url, *, headers=None, accept="application/json"):
        return self._answer("GET", url, headers)

    def post(self, url, *, headers=None, json_body=None, form=None, accept="application/json"):
        return self._answer("POST", url, headers)


@pytest.fixture
def fake(monkeypatch) -> FakeHost:
    host = FakeHost()
    monkeypatch.setattr("passport.api.consumer.http.fetcher", lambda: host)
    return host


def _refused(client, url: str = BASE) -> str:
    response = client.post(CONNECT, {"url": url})
    assert response.status_code == 400
    assert not RemoteHost.objects.exists()
    return response.content.decode()


def _started(client) -> dict:
    response = client.post(CONNECT, {"url": BASE})
    assert response.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}


def _back(client, **query):
    return client.get(f"{CALLBACK}?{urlencode(query)}")


# --- discovery ------------------------------------------------------------------------


def test_a_base_address_is_completed_to_the_discovery_document(fake, owner_client):
    query = _started(owner_client)
    assert fake.seen[0][:2] == ("GET", f"{BASE}/ims/ob/v3p0/discovery")
    assert query["client_id"] == "passport-client"
    assert query["scope"] == f"{READ} offline_access"


def test_discovery_that_is_not_json(fake, owner_client):
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/discovery")] = answer(200, b"<html>hi</html>")
    assert "did not answer with a JSON document" in _refused(owner_client)


def test_discovery_that_is_not_openapi(fake, owner_client):
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/discovery")] = answer(200, {"hello": "world"})
    assert "is not an Open Badges 3.0 service description" in _refused(owner_client)


def test_discovery_answering_an_error_status(fake, owner_client):
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/discovery")] = answer(404, {})
    assert "answered with HTTP status 404" in _refused(owner_client)


def test_discovery_without_a_registration_url(fake, owner_client):
    document = description()
    del document["components"]["securitySchemes"]["OAuth2ACG"]["x-imssf-registrationUrl"]
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/discovery")] = answer(200, document)
    assert "does not give x-imssf-registrationUrl" in _refused(owner_client)


def test_discovery_without_an_oauth2_scheme(fake, owner_client):
    document = description()
    document["components"]["securitySchemes"]["OAuth2ACG"]["type"] = "apiKey"
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/discovery")] = answer(200, document)
    assert "offers no OAuth 2.0 sign-in" in _refused(owner_client)


def test_discovery_without_the_read_scope(fake, owner_client):
    document = description(scopes={"offline_access": "Stay"})
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/discovery")] = answer(200, document)
    assert "does not let other backpacks read credentials" in _refused(owner_client)


def test_an_http_endpoint_is_refused(fake, owner_client):
    document = description(tokenUrl="http://backpack.example/oauth/token")
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/discovery")] = answer(200, document)
    page = _refused(owner_client)
    assert "http://backpack.example/oauth/token does not use https" in page
    assert [method for method, _url, _h in fake.seen] == ["GET"]  # nothing registered


def test_an_http_address_is_refused_before_anything_is_fetched(fake, owner_client):
    assert "does not use https" in _refused(owner_client, "http://backpack.example/")
    assert fake.seen == []


def test_a_private_address_is_refused_by_the_safe_fetcher(owner_client, settings):
    settings.BADGE_FETCH_ALLOWED_HOSTS = []
    page = _refused(owner_client, "https://10.1.2.3/")
    assert "points to a private or local network" in page


def test_a_host_that_times_out(fake, owner_client):
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/discovery")] = ImportRefused(
        "fetch_failed",
        "The server at %(host)s took too long to answer.",
        {"host": "backpack.example"},
    )
    assert "The server at backpack.example took too long to answer." in _refused(owner_client)


def test_an_address_that_is_no_address(fake, owner_client):
    response = owner_client.post(CONNECT, {"url": "not an address"})
    assert response.status_code == 400
    assert "Enter a full web address" in response.content.decode()


def test_the_page_needs_a_signed_in_learner(anon_client):
    assert anon_client.post(CONNECT, {"url": BASE}).status_code == 302


def test_connecting_is_rate_limited(fake, owner_client, monkeypatch):
    monkeypatch.setattr("passport.api.consumer.views.ATTEMPTS_PER_HOUR", 1)
    assert owner_client.post(CONNECT, {"url": BASE}).status_code == 302
    assert owner_client.post(CONNECT, {"url": BASE}).status_code == 429


# --- registration ---------------------------------------------------------------------


def test_registration_refused(fake, owner_client):
    fake.routes[("POST", f"{BASE}/register")] = answer(
        400, {"error": "invalid_redirect_uri", "error_description": "Use https."}
    )
    assert "refused to register Passport: Use https." in _refused(owner_client)


def test_registration_without_a_client_id(fake, owner_client):
    fake.routes[("POST", f"{BASE}/register")] = answer(201, {"client_secret": "x"})
    assert "gave no client id" in _refused(owner_client)


def test_the_registration_is_reused_and_its_secret_sealed(fake, owner_client, other_client):
    _started(owner_client)
    _started(other_client)
    assert [url for method, url, _h in fake.seen if method == "POST"] == [f"{BASE}/register"]
    host = RemoteHost.objects.get()
    assert host.client_secret == "s3cret"
    assert "s3cret" not in host.sealed_client_secret


# --- the way back ---------------------------------------------------------------------


def test_a_state_that_was_not_started_here(fake, owner_client):
    _started(owner_client)
    response = _back(owner_client, code="abc", state="forged")
    assert response.status_code == 400
    assert "does not match a connection you started here" in response.content.decode()
    assert not [url for method, url, _h in fake.seen if url.endswith("/token")]
    assert not RemoteConnection.objects.exists()


def test_another_learners_state_is_not_mine(fake, owner_client, other_client):
    query = _started(owner_client)
    response = _back(other_client, code="abc", state=query["state"])
    assert response.status_code == 400
    assert not RemoteConnection.objects.exists()


def test_a_state_works_once(fake, owner_client):
    query = _started(owner_client)
    assert _back(owner_client, code="abc", state=query["state"]).status_code == 302
    assert _back(owner_client, code="abc", state=query["state"]).status_code == 400


def test_access_denied_is_shown_plainly(fake, owner_client):
    query = _started(owner_client)
    response = _back(owner_client, error="access_denied", state=query["state"])
    assert response.status_code == 400
    assert "You did not allow Passport to read your badges at Other Backpack" in (
        response.content.decode()
    )
    assert not RemoteConnection.objects.exists()


def test_a_token_error(fake, owner_client):
    fake.routes[("POST", f"{BASE}/oauth/token")] = answer(400, {"error": "invalid_grant"})
    query = _started(owner_client)
    response = _back(owner_client, code="abc", state=query["state"])
    assert response.status_code == 400
    assert "refused to give Passport access (invalid_grant)" in response.content.decode()
    assert not RemoteConnection.objects.exists()


def test_the_token_request_carries_the_client_secret(fake, owner_client):
    query = _started(owner_client)
    _back(owner_client, code="abc", state=query["state"])
    (_m, _u, headers), *_rest = [s for s in fake.seen if s[1].endswith("/token")]
    assert headers["Authorization"].startswith("Basic ")


def test_a_remote_401_on_get_credentials(fake, owner_client):
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/credentials")] = answer(401, {})
    fake.routes[("POST", f"{BASE}/oauth/token")] = answer(
        200, {"access_token": "a1", "token_type": "Bearer"}
    )
    query = _started(owner_client)
    response = _back(owner_client, code="abc", state=query["state"])
    assert response.status_code == 400
    assert "no longer accepts Passport" in response.content.decode()
    assert not Badge.objects.exists()


def test_a_next_link_to_another_origin_is_not_followed(fake, owner_client):
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/credentials")] = answer(
        200,
        {"credential": [{"type": ["Nothing"]}], "compactJwsString": []},
        {"link": '<https://elsewhere.example/steal>; rel="next"'},
    )
    query = _started(owner_client)
    _back(owner_client, code="abc", state=query["state"])
    assert not [url for _m, url, _h in fake.seen if "elsewhere" in url]


def test_pages_without_a_link_header_are_read_by_offset(fake, owner_client):
    def page(url):
        offset = int(parse_qs(urlsplit(url).query)["offset"][0])
        body = {"credential": [{"type": ["Nothing"], "n": offset}] if offset < 3 else []}
        return answer(200, body, {"x-total-count": "3"})

    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/credentials")] = page
    query = _started(owner_client)
    _back(owner_client, code="abc", state=query["state"])
    asked = [url for _m, url, _h in fake.seen if "/credentials" in url]
    offsets = [parse_qs(urlsplit(url).query)["offset"][0] for url in asked]
    assert offsets == ["0", "1", "2"]
    assert owner_client.get(reverse("api:connected_apps")).content.decode().count("refused.") == 3


def test_a_host_paging_forever_is_cut_off(fake, owner_client, monkeypatch):
    monkeypatch.setattr("passport.api.consumer.sync.MAX_PAGES", 4)
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/credentials")] = answer(
        200,
        {"credential": [{"type": ["Nothing"]}]},
        {"link": f'<{BASE}/ims/ob/v3p0/credentials?offset=1>; rel="next"'},
    )
    query = _started(owner_client)
    _back(owner_client, code="abc", state=query["state"])
    assert len([url for _m, url, _h in fake.seen if "/credentials" in url]) == 4


# --- owner scoping --------------------------------------------------------------------


@pytest.fixture
def connected(fake, owner_client) -> RemoteConnection:
    query = _started(owner_client)
    assert _back(owner_client, code="abc", state=query["state"]).status_code == 302
    return RemoteConnection.objects.get()


def test_tokens_are_sealed_under_a_key_from_the_secret_key(connected, settings):
    assert connected.access_token == "a1" and connected.refresh_token == "r1"
    assert connected.sealed_access_token.startswith("gAAAA")  # a Fernet token
    settings.SECRET_KEY = "another secret key entirely, rotated by the operator"
    assert connected.access_token == "" and connected.refresh_token == ""


def test_a_sync_after_the_secret_key_changed_asks_to_connect_again(connected, settings):
    settings.SECRET_KEY = "another secret key entirely, rotated by the operator"
    with pytest.raises(ConsumerError) as caught:
        sync.sync(connected)
    assert "Disconnect it and connect again." in caught.value.message


def test_another_learner_cannot_sync_or_disconnect_my_connection(connected, other_client):
    for name in ("api:consumer_sync", "api:consumer_disconnect"):
        assert other_client.post(reverse(name, args=[connected.pk])).status_code == 404
    assert RemoteConnection.objects.filter(pk=connected.pk).exists()


def test_another_learner_does_not_see_my_connection(connected, owner_client, other_client):
    page = reverse("api:connected_apps")
    assert "Other Backpack" in owner_client.get(page).content.decode()
    assert "Other Backpack" not in other_client.get(page).content.decode()


def test_sync_and_disconnect_are_post_only(connected, owner_client):
    for name in ("api:consumer_sync", "api:consumer_disconnect"):
        assert owner_client.get(reverse(name, args=[connected.pk])).status_code == 405


def test_a_failed_sync_says_why_and_keeps_the_connection(fake, connected, owner_client):
    before = connected.last_synced_at
    fake.routes[("GET", f"{BASE}/ims/ob/v3p0/credentials")] = answer(500, {})
    response = owner_client.post(reverse("api:consumer_sync", args=[connected.pk]), follow=True)
    assert "did not send your credentials (HTTP status 500)" in response.content.decode()
    connected.refresh_from_db()
    assert connected.last_synced_at == before  # the next sync asks from the same time


def test_disconnect_forgets_even_when_the_host_cannot_revoke(fake, connected, owner_client):
    response = owner_client.post(
        reverse("api:consumer_disconnect", args=[connected.pk]), follow=True
    )
    assert "did not confirm revoking it" in response.content.decode()
    assert not RemoteConnection.objects.exists()


def test_connecting_and_disconnecting_are_in_the_security_activity(
    fake, connected, owner, owner_client
):
    owner_client.post(reverse("api:consumer_disconnect", args=[connected.pk]))
    events = SecurityEvent.objects.filter(user=owner).order_by("pk")
    assert [(e.kind, e.detail) for e in events if e.kind.startswith("app_")] == [
        ("app_connected", "Other Backpack"),
        ("app_disconnected", "Other Backpack"),
    ]


def test_the_data_download_names_the_hosts_but_not_the_tokens(connected, owner):
    import zipfile

    from passport import privacy

    with privacy.build_export(owner) as archive_file, zipfile.ZipFile(archive_file) as archive:
        data = json.loads(archive.read("connected-apps/connected-apps.json"))
    assert data["imports_from"][0]["host"] == "Other Backpack"
    assert data["imports_from"][0]["address"] == BASE
    text = json.dumps(data)
    assert connected.sealed_access_token not in text and "a1" not in text.split('"')


def test_deleting_the_account_removes_the_connection(connected, owner):
    owner.delete()
    assert not RemoteConnection.objects.exists()
    assert RemoteHost.objects.count() == 1  # Passport's registration serves other learners
