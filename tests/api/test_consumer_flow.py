"""Passport imports from a second Passport over real HTTP: discovery → registration →
consent → callback → token → getCredentials → import, then sync, refresh, disconnect."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse
from django.utils import timezone

from badges.models import Badge
from passport.api.consumer.models import RemoteConnection, RemoteHost
from passport.api.models import Delivery
from tests.api.consumer_remote import consent, hold, path_of, remote_browser
from tests.conftest import make_learner

pytestmark = pytest.mark.django_db(transaction=True)
PAGE = reverse("api:connected_apps")
CONNECT = reverse("api:consumer_connect")


def tamper(jws: str) -> str:
    """The same credential with another name in its payload: the signature no longer fits."""
    import base64
    import json

    header, payload, signature = jws.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc" if "vc" in claims else "name"] = claims.get("vc", claims)
    document = claims.get("vc", claims)
    document["name"] = "Forged badge"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"{header}.{forged}.{signature}"


@pytest.fixture
def remote(live_server, settings):
    settings.BADGE_FETCH_ALLOWED_HOSTS = [urlsplit(live_server.url).netloc]
    return live_server


@pytest.fixture
def remote_learner(db):
    return make_learner("remote@example.org", display_name="Rémi Remote")


def _connect(owner_client, remote, remote_learner):
    answer = owner_client.post(CONNECT, {"url": remote.url})
    assert answer.status_code == 302, answer.content.decode()[:3000]
    authorize_url = answer["Location"]
    assert authorize_url.startswith(remote.url + "/oauth/authorize/")
    query = parse_qs(urlsplit(authorize_url).query)
    assert query["code_challenge_method"] == ["S256"] and query["state"][0]
    back = consent(remote_browser(remote_learner), authorize_url)
    return owner_client.get(path_of(back))


def test_the_whole_flow_against_a_second_passport(
    remote, owner, owner_client, remote_learner, mint
):
    held = [hold(remote_learner, mint(number=n), n) for n in (1, 2)]
    hold(remote_learner, tamper(mint(number=3)), 3)

    back = _connect(owner_client, remote, remote_learner)

    assert back.status_code == 302 and back["Location"] == PAGE
    page = owner_client.get(PAGE).content.decode()
    assert "What came from Passport" in page
    assert page.count("</a>: added") == 2
    assert page.count("refused.") == 1
    mine = Badge.objects.filter(owner=owner)
    assert sorted(mine.values_list("name", flat=True)) == ["Skill 1", "Skill 2"]
    assert not mine.filter(name="Forged badge").exists()
    # The remote learner keeps their own rows; the local learner owns new copies.
    assert set(Badge.objects.filter(owner=remote_learner)) >= set(held)
    assert not set(mine) & set(held)
    deliveries = Delivery.objects.filter(badge__owner=owner)
    assert set(deliveries.values_list("platform_name", flat=True)) == {"Passport"}
    host = RemoteHost.objects.get()
    connection = RemoteConnection.objects.get(user=owner)
    assert connection.host == host and connection.last_synced_at is not None
    # Secrets are sealed, never stored in clear.
    assert connection.access_token and connection.access_token not in connection.sealed_access_token
    assert host.client_secret and host.client_secret not in host.sealed_client_secret
    assert connection.refresh_token  # offline_access was offered and asked for

    # Results are shown once.
    assert "What came from Passport" not in owner_client.get(PAGE).content.decode()

    # A second sync asks only for what arrived since the last one.
    earlier = timezone.now() - timedelta(hours=1)
    Badge.objects.filter(owner=remote_learner).update(imported_at=earlier)
    RemoteConnection.objects.filter(pk=connection.pk).update(
        last_synced_at=earlier + timedelta(minutes=1)
    )
    hold(remote_learner, mint(number=4), 4)
    synced = owner_client.post(reverse("api:consumer_sync", args=[connection.pk]))
    assert synced.status_code == 302
    page = owner_client.get(PAGE).content.decode()
    assert page.count("</a>: added") == 1
    assert "already in your backpack" not in page and "refused." not in page
    assert mine.filter(name="Skill 4").exists()

    # An expired access token is refreshed (and the refresh token rotated).
    connection.refresh_from_db()
    old_access, old_refresh = connection.access_token, connection.refresh_token
    RemoteConnection.objects.filter(pk=connection.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1), last_synced_at=None
    )
    owner_client.post(reverse("api:consumer_sync", args=[connection.pk]))
    page = owner_client.get(PAGE).content.decode()
    assert page.count("already in your backpack") == 3 and page.count("refused.") == 1
    connection.refresh_from_db()
    assert connection.access_token != old_access
    assert connection.refresh_token != old_refresh
    assert connection.expires_at > timezone.now()

    # Disconnecting revokes the token at the remote and forgets it here.
    access = connection.access_token
    gone = owner_client.post(reverse("api:consumer_disconnect", args=[connection.pk]))
    assert gone.status_code == 302
    assert not RemoteConnection.objects.exists()
    assert RemoteHost.objects.count() == 1  # the registration is kept for next time
    answer = requests.get(
        f"{remote.url}/ims/ob/v3p0/credentials",
        headers={"Authorization": f"Bearer {access}"},
        timeout=30,
    )
    assert answer.status_code == 401
    assert "revoked and forgotten" in owner_client.get(PAGE).content.decode()


def test_one_registration_per_host_is_reused(
    remote, owner, owner_client, other, other_client, remote_learner
):
    _connect(owner_client, remote, remote_learner)
    _connect(other_client, remote, remote_learner)

    assert RemoteHost.objects.count() == 1
    assert RemoteConnection.objects.count() == 2


def test_saying_no_at_the_remote_is_shown_plainly(remote, owner_client, remote_learner):
    answer = owner_client.post(CONNECT, {"url": remote.url})
    back = consent(remote_browser(remote_learner), answer["Location"], allow=False)

    shown = owner_client.get(path_of(back))

    assert shown.status_code == 400
    assert "You did not allow Passport to read your badges at Passport" in shown.content.decode()
    assert not RemoteConnection.objects.exists()
