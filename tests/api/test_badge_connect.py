"""Badge Connect 2.1 on the same OAuth server: manifest, assertions, profile."""

from __future__ import annotations

import base64
import json

import pytest

from badges.models import Badge
from passport.api.models import Delivery
from tests.api.spec_client import READ, Platform

pytestmark = pytest.mark.django_db
V2 = "https://purl.imsglobal.org/spec/ob/v2p1/scope/"
BC_SCOPES = f"{V2}assertion.readonly {V2}assertion.create {V2}profile.readonly offline_access"
ASSERTIONS = "/ims/ob/v2p1/assertions"


@pytest.fixture
def connect_platform(db) -> Platform:
    platform = Platform()
    platform.discover()
    assert platform.register(scope=BC_SCOPES).status_code == 201
    return platform


@pytest.fixture
def bc_token(connect_platform, owner_client) -> str:
    return connect_platform.connect(owner_client, scope=BC_SCOPES)["access_token"]


def _post(platform: Platform, token: str, payload) -> object:
    return platform.http.post(
        ASSERTIONS,
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _status(response) -> dict:
    return response.json()["status"]


def test_the_manifest_points_at_the_same_oauth_server(anon_client):
    manifest = anon_client.get("/.well-known/badgeconnect.json").json()

    assert manifest["id"] == "http://testserver/.well-known/badgeconnect.json"
    (api,) = manifest["badgeConnectAPI"]
    assert api["version"] == "v2p1"
    assert api["apiBase"] == "http://testserver/ims/ob/v2p1"
    assert api["registrationUrl"] == "http://testserver/oauth/register/"
    assert api["authorizationUrl"] == "http://testserver/oauth/authorize/"
    assert api["tokenUrl"] == "http://testserver/oauth/token/"
    assert api["tokenRevocationUrl"] == "http://testserver/oauth/revoke/"
    assert api["privacyPolicyUrl"] == "http://testserver/privacy/"
    assert api["termsOfServiceUrl"] == "http://testserver/terms/"
    assert set(api["scopesOffered"]) == set(BC_SCOPES.split()) - {"offline_access"}


def test_the_consent_page_says_what_a_badge_connect_platform_may_do(connect_platform, owner_client):
    from urllib.parse import urlencode

    from tests.api.spec_client import pkce_pair

    _verifier, challenge = pkce_pair()
    query = connect_platform.authorization_query(BC_SCOPES, challenge)
    page = owner_client.get(f"/oauth/authorize/?{urlencode(query)}").content.decode()
    assert "See your Open Badges 2.0 badges, except those you hide" in page
    assert "Add badges to your backpack." in page


def test_a_signed_assertion_is_delivered_then_listed(connect_platform, bc_token, owner, issuer):
    jws = issuer.signed_assertion("owner@example.org", "2.0")

    response = _post(connect_platform, bc_token, {"signedAssertion": jws})

    assert response.status_code == 200, response.content
    assert _status(response) == {"statusCode": 200, "statusText": "OK"}
    badge = Badge.objects.get(owner=owner)
    assert (badge.spec, badge.visibility) == ("2.0", Badge.Visibility.PRIVATE)
    assert Delivery.objects.get().badge == badge
    listed = connect_platform.get(ASSERTIONS, bc_token)
    assert listed.json()["signedAssertions"] == [jws]
    assert listed.json()["assertions"] == []
    assert listed["X-Total-Count"] == "1"
    assert _post(connect_platform, bc_token, {"signedAssertion": jws}).status_code == 200
    assert Badge.objects.count() == 1


def test_a_hosted_assertion_is_verified_at_its_issuer(connect_platform, bc_token, issuer):
    _url, text = issuer.hosted_assertion("owner@example.org", "2.0")

    response = _post(connect_platform, bc_token, {"assertion": json.loads(text)})

    assert response.status_code == 200, response.content
    listed = connect_platform.get(ASSERTIONS, bc_token).json()
    assert len(listed["assertions"]) == 1


def test_an_assertion_for_someone_else_is_a_recipient_mismatch(connect_platform, bc_token, issuer):
    jws = issuer.signed_assertion("stranger@example.org", "2.0")
    response = _post(connect_platform, bc_token, {"signedAssertion": jws})

    assert response.status_code == 400
    status = _status(response)
    assert status["statusText"] == "RECIPIENT_PROFILE_MISMATCH"
    assert "not one of your verified addresses" in status["error"]
    assert not Badge.objects.exists()


def test_a_tampered_assertion_is_an_invalid_badge_and_nothing_is_stored(
    connect_platform, bc_token, issuer
):
    header, payload, signature = issuer.signed_assertion("owner@example.org", "2.0").split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["narrative"] = "Walked on the moon."
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")

    response = _post(
        connect_platform, bc_token, {"signedAssertion": f"{header}.{forged}.{signature}"}
    )

    assert response.status_code == 400
    assert _status(response)["statusText"] == "INVALID_BADGE"
    assert _status(response)["error"]
    assert not Badge.objects.exists()
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"assertion": {}, "signedAssertion": "a.b.c"},
        {"assertion": "not an object"},
        {"signedAssertion": 42},
        {"assertion": {"@context": "https://w3id.org/openbadges/v1", "type": "Assertion"}},
        {"assertion": {"type": ["VerifiableCredential", "OpenBadgeCredential"]}},
        [],
    ],
)
def test_a_payload_that_is_not_one_ob2_assertion_is_a_validation_error(
    connect_platform, bc_token, payload
):
    response = _post(connect_platform, bc_token, payload)
    assert response.status_code == 400
    assert _status(response)["statusText"] == "REQUEST_VALIDATION_ERROR"


def test_ob3_and_ob2_badges_stay_on_their_own_api(
    connect_platform, bc_token, platform, owner_client, issuer, mint
):
    ob3_token = platform.connect(owner_client)["access_token"]
    assert platform.upsert(ob3_token, mint()).status_code == 201
    jws = issuer.signed_assertion("owner@example.org", "2.0")
    assert _post(connect_platform, bc_token, {"signedAssertion": jws}).status_code == 200

    assert connect_platform.get(ASSERTIONS, bc_token)["X-Total-Count"] == "1"
    assert platform.get("/ims/ob/v3p0/credentials", ob3_token)["X-Total-Count"] == "1"
    # Each API's token is refused by the other.
    assert platform.get("/ims/ob/v3p0/credentials", bc_token).status_code == 403
    refused = connect_platform.get(ASSERTIONS, ob3_token)
    assert refused.status_code == 403
    assert _status(refused)["statusText"] == "PERMISSION_DENIED"


def test_the_profile(connect_platform, bc_token):
    response = connect_platform.get("/ims/ob/v2p1/profile", bc_token)
    assert response.status_code == 200
    body = response.json()
    assert body["status"]["statusText"] == "OK"
    assert body["profile"]["@context"] == "https://w3id.org/openbadges/v2"
    assert body["profile"]["name"] == "Olive Owner"


def test_errors_carry_the_status_object(connect_platform, bc_token, anon_client):
    unauthenticated = anon_client.get(ASSERTIONS)
    assert unauthenticated.status_code == 401
    assert _status(unauthenticated)["statusText"] == "UNAUTHENTICATED"
    wrong_method = connect_platform.http.delete(ASSERTIONS, HTTP_AUTHORIZATION=f"Bearer {bc_token}")
    assert wrong_method.status_code == 405
    assert _status(wrong_method)["statusText"] == "METHOD_NOT_ALLOWED"
    missing = connect_platform.get("/ims/ob/v2p1/badges", bc_token)
    assert missing.status_code == 404
    assert _status(missing)["statusText"] == "NOT_FOUND"
    bad_query = connect_platform.get(ASSERTIONS, bc_token, limit="0")
    assert bad_query.status_code == 400
    assert _status(bad_query)["statusText"] == "REQUEST_VALIDATION_ERROR"


def test_a_read_only_ob3_platform_cannot_ask_for_badge_connect_scopes(owner_client):
    platform = Platform()
    platform.discover()
    platform.register(scope=READ)
    from urllib.parse import parse_qs, urlencode, urlsplit

    from tests.api.spec_client import pkce_pair

    _verifier, challenge = pkce_pair()
    query = platform.authorization_query(f"{V2}assertion.create", challenge)
    response = owner_client.get(f"/oauth/authorize/?{urlencode(query)}")
    assert parse_qs(urlsplit(response["Location"]).query)["error"] == ["invalid_scope"]


def test_an_ob2_badge_can_be_hidden_from_badge_connect_platforms(
    connect_platform, bc_token, owner_client, issuer
):
    from django.urls import reverse

    jws = issuer.signed_assertion("owner@example.org", "2.0")
    _post(connect_platform, bc_token, {"signedAssertion": jws})
    badge = Badge.objects.get()
    page = owner_client.get(reverse("badges:detail", args=[badge.pk])).content.decode()
    assert "Hide from connected apps" in page

    owner_client.post(reverse("api:badge_hidden", args=[badge.pk]), {"hidden": "1"})

    assert connect_platform.get(ASSERTIONS, bc_token)["X-Total-Count"] == "0"
