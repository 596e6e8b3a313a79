"""getCredentials and upsertCredential: the learner's own OB 3.0 badges, and deliveries."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from badges.models import Badge
from passport.api.models import Delivery, HiddenBadge
from tests.api.spec_client import READ, UPSERT
from tests.badges.conftest import stored_files

pytestmark = pytest.mark.django_db
URL = "/ims/ob/v3p0/credentials"


def _minor(response) -> list[str]:
    body = response.json()
    assert body["imsx_codeMajor"] == "failure"
    return [f["imsx_codeMinorFieldValue"] for f in body["imsx_codeMinor"]["imsx_codeMinorField"]]


def _deliver(platform, tokens, credentials) -> list:
    responses = [platform.upsert(tokens["access_token"], c) for c in credentials]
    assert all(r.status_code == 201 for r in responses), [r.content for r in responses]
    return responses


# --- upsertCredential -------------------------------------------------------------------


def test_a_delivered_vc_jwt_is_imported_private_and_recorded(platform, owner, owner_tokens, mint):
    response = platform.upsert(owner_tokens["access_token"], mint())

    assert response.status_code == 201
    badge = Badge.objects.get(owner=owner)
    assert badge.visibility == Badge.Visibility.PRIVATE
    assert badge.spec == "3.0"
    assert badge.name == "Skill 1"
    delivery = Delivery.objects.get()
    assert (delivery.badge, delivery.platform_name) == (badge, "Example Learning Platform")
    assert delivery.created and not delivery.seen


def test_a_delivered_json_credential_comes_back_as_json(platform, owner_tokens, mint):
    credential = mint(vc_jwt=False)
    response = platform.upsert(owner_tokens["access_token"], credential)

    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json() == credential


def test_the_same_credential_again_is_200_with_the_stored_copy(platform, owner, owner_tokens, mint):
    first = mint()
    platform.upsert(owner_tokens["access_token"], first)
    stored = Badge.objects.get()

    again = platform.upsert(owner_tokens["access_token"], mint())

    assert again.status_code == 200
    assert again.content.decode() == stored.original
    assert Badge.objects.count() == 1
    assert list(Delivery.objects.values_list("created", flat=True)) == [False, True]


def test_a_tampered_credential_is_refused_and_nothing_is_stored(
    platform, owner, owner_tokens, mint, media_root
):
    header, payload, signature = mint().split(".")
    import base64

    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["name"] = "Doctor of Everything"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")

    response = platform.upsert(owner_tokens["access_token"], f"{header}.{forged}.{signature}")

    assert response.status_code == 400
    body = response.json()
    assert body["imsx_severity"] == "error"
    assert body["imsx_description"]
    minor = _minor(response)
    assert minor[0] == "invalid_data" and minor[1] not in ("", "duplicate")
    assert not Badge.objects.exists()
    assert not Delivery.objects.exists()
    assert stored_files(media_root) == []


def test_a_credential_issued_to_someone_else_is_refused_with_the_import_services_words(
    platform, owner_tokens, mint
):
    response = platform.upsert(owner_tokens["access_token"], mint("stranger@example.org"))

    assert response.status_code == 400
    assert _minor(response)[1] == "recipient_mismatch"
    assert "stranger@example.org" in response.json()["imsx_description"]
    assert not Badge.objects.exists()


def test_a_token_without_the_upsert_scope_is_403(platform, owner_client, mint):
    tokens = platform.connect(owner_client, scope=READ)
    response = platform.upsert(tokens["access_token"], mint())

    assert response.status_code == 403
    assert _minor(response) == ["forbidden"]
    assert "insufficient_scope" in response["WWW-Authenticate"]
    assert not Badge.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type", "words"),
    [
        ("", "text/plain", "empty"),
        ("   ", "application/json", "empty"),
        ("https://issuer.example/assertions/1", "text/plain", "Open Badges 3.0"),
        ("not.a.jws!", "text/plain", "Open Badges 3.0"),
        ("{not json", "application/json", "Open Badges 3.0"),
        (
            '{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion"}',
            "application/json",
            "Open Badges 3.0",
        ),
        ("[]", "application/json", "Open Badges 3.0"),
        ("<credential/>", "application/xml", "Content-Type"),
    ],
)
def test_what_is_not_an_ob3_credential_is_refused_with_a_clear_400(
    platform, owner_tokens, body, content_type, words
):
    response = platform.upsert(owner_tokens["access_token"], body, content_type=content_type)

    assert response.status_code == 400
    assert words in response.json()["imsx_description"]
    assert not Badge.objects.exists()


def test_a_body_that_is_not_utf8_is_refused(platform, owner_tokens):
    response = platform.upsert(owner_tokens["access_token"], b"\xff\xfe", content_type="text/plain")
    assert response.status_code == 400


@pytest.mark.parametrize("size", [2 * 1024 * 1024 + 10, 13 * 1024 * 1024])
def test_an_oversized_body_is_refused_before_it_is_read(platform, owner_tokens, size):
    response = platform.upsert(owner_tokens["access_token"], "a" * size)
    assert response.status_code == 400
    assert "2 MB" in response.json()["imsx_description"]


def test_an_oversized_form_body_is_a_400_not_a_500(platform, owner_tokens):
    response = platform.http.post(
        URL,
        "a=" + "b" * (13 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Bearer {owner_tokens['access_token']}",
    )
    assert response.status_code == 400


def test_a_badge_the_learner_made_public_is_not_made_private_by_a_repeat(
    platform, owner_tokens, mint
):
    platform.upsert(owner_tokens["access_token"], mint())
    Badge.objects.update(visibility=Badge.Visibility.PUBLIC)
    platform.upsert(owner_tokens["access_token"], mint())
    assert Badge.objects.get().visibility == Badge.Visibility.PUBLIC


# --- getCredentials ---------------------------------------------------------------------


def test_only_the_token_owners_ob3_badges_are_listed(
    platform, owner, other, owner_tokens, other_tokens, mint, issuer
):
    _deliver(platform, owner_tokens, [mint("owner@example.org", 1)])
    _deliver(platform, other_tokens, [mint("other@example.org", 2)])
    from badges.services import ImportSource, import_badges

    url, _text = issuer.hosted_assertion("owner@example.org", "2.0")
    (ob2,) = import_badges(owner, [ImportSource.from_url(url)])
    assert ob2.ok and ob2.badge.spec == "2.0"

    mine = platform.get(URL, owner_tokens["access_token"]).json()
    theirs = platform.get(URL, other_tokens["access_token"]).json()

    assert len(mine["compactJwsString"]) == 1 and mine["credential"] == []
    assert len(theirs["compactJwsString"]) == 1
    assert mine["compactJwsString"] != theirs["compactJwsString"]
    assert Badge.objects.get(owner=owner, spec="3.0").original == mine["compactJwsString"][0]


def test_badges_hidden_from_apps_are_not_listed(platform, owner_tokens, mint):
    _deliver(platform, owner_tokens, [mint(number=1), mint(number=2)])
    HiddenBadge.objects.create(badge=Badge.objects.get(name="Skill 1"))

    response = platform.get(URL, owner_tokens["access_token"])

    assert response["X-Total-Count"] == "1"
    (only,) = response.json()["compactJwsString"]
    assert only == Badge.objects.get(name="Skill 2").original


def test_json_credentials_are_listed_as_json_exactly_as_received(platform, owner_tokens, mint):
    credential = mint(vc_jwt=False)
    platform.upsert(owner_tokens["access_token"], credential)
    assert platform.get(URL, owner_tokens["access_token"]).json()["credential"] == [credential]


def test_limit_and_offset_page_through_with_total_and_links(platform, owner_tokens, mint):
    _deliver(platform, owner_tokens, [mint(number=n) for n in range(1, 6)])
    originals = list(Badge.objects.order_by("imported_at", "pk").values_list("original", flat=True))

    page = platform.get(URL, owner_tokens["access_token"], limit="2", offset="2")

    assert page.status_code == 200
    assert page["X-Total-Count"] == "5"
    assert page.json()["compactJwsString"] == originals[2:4]
    links = page["Link"]
    assert '<http://testserver/ims/ob/v3p0/credentials?limit=2&offset=4>; rel="next"' in links
    assert '<http://testserver/ims/ob/v3p0/credentials?limit=2&offset=4>; rel="last"' in links
    assert '<http://testserver/ims/ob/v3p0/credentials?limit=2&offset=0>; rel="first"' in links
    assert '<http://testserver/ims/ob/v3p0/credentials?limit=2&offset=0>; rel="prev"' in links
    last = platform.get(URL, owner_tokens["access_token"], limit="2", offset="4")
    assert 'rel="next"' not in last["Link"]


def test_since_keeps_what_arrived_since_then(platform, owner_tokens, mint):
    _deliver(platform, owner_tokens, [mint(number=1), mint(number=2)])
    Badge.objects.filter(name="Skill 1").update(imported_at=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    response = platform.get(URL, owner_tokens["access_token"], since=since)

    assert response["X-Total-Count"] == "1"
    assert f"since={since.replace(':', '%3A')}" in response["Link"]


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "0"},
        {"limit": "-1"},
        {"limit": "ten"},
        {"offset": "-5"},
        {"offset": "1.5"},
        {"since": "yesterday"},
        {"since": "2026-13-45T00:00:00Z"},
        {"limit": "9" * 30},
    ],
)
def test_bad_query_parameters_are_400_invalid_query_parameter(platform, owner_tokens, query):
    response = platform.get(URL, owner_tokens["access_token"], **query)
    assert response.status_code == 400
    assert _minor(response) == ["invalid_query_parameter"]


def test_a_too_large_limit_is_capped(platform, owner_tokens):
    response = platform.get(URL, owner_tokens["access_token"], limit="5000")
    assert response.status_code == 200
    assert "limit=100" in response["Link"]


def test_a_token_without_the_read_scope_is_403(platform, owner_client):
    tokens = platform.connect(owner_client, scope=UPSERT)
    assert platform.get(URL, tokens["access_token"]).status_code == 403


def test_listing_costs_the_same_queries_however_many_badges(
    platform, owner_tokens, mint, django_assert_max_num_queries
):
    _deliver(platform, owner_tokens, [mint(number=n) for n in range(1, 8)])
    # the token (with its application and user), the connection's last use, the count
    # and the page.
    with django_assert_max_num_queries(4):
        response = platform.get(URL, owner_tokens["access_token"])
    assert response["X-Total-Count"] == "7"


# --- the errors every endpoint shares ------------------------------------------------------


@pytest.mark.parametrize(
    "authorization", [None, "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer "]
)
def test_without_a_valid_token_it_is_401(anon_client, owner_tokens, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = anon_client.get(URL, **headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert _minor(response) == ["unauthorizedrequest"]


def test_a_token_in_the_query_string_is_not_accepted(anon_client, owner_tokens):
    response = anon_client.get(URL, {"access_token": owner_tokens["access_token"]})
    assert response.status_code == 401


def test_an_expired_token_is_401(platform, owner_tokens):
    from oauth2_provider.models import AccessToken

    AccessToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    assert platform.get(URL, owner_tokens["access_token"]).status_code == 401


def test_a_session_cookie_is_not_a_token(owner_client):
    assert owner_client.get(URL).status_code == 401


def test_other_methods_are_405(platform, owner_tokens):
    response = platform.http.delete(
        URL, HTTP_AUTHORIZATION=f"Bearer {owner_tokens['access_token']}"
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert _minor(response) == ["not_allowed"]


def test_unknown_api_addresses_are_404(platform, owner_tokens):
    response = platform.get("/ims/ob/v3p0/credentials/42", owner_tokens["access_token"])
    assert response.status_code == 404
    assert response.json()["imsx_severity"] == "status"
    assert _minor(response) == ["not_found"]


def test_an_unexpected_failure_is_a_500_status_info(platform, owner_tokens, mint, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("passport.api.services.import_badges", broken)
    response = platform.upsert(owner_tokens["access_token"], mint())

    assert response.status_code == 500
    assert _minor(response) == ["internal_server_error"]
    assert "fire" not in response.content.decode()


def test_each_platform_has_a_request_budget(platform, owner_tokens, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    statuses = [platform.get(URL, owner_tokens["access_token"]).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = platform.get(URL, owner_tokens["access_token"])
    assert refused["Retry-After"] == "60"
    assert _minor(refused) == ["server_busy"]


def test_a_body_over_djangos_own_limit_is_a_400_not_a_500(platform, owner_tokens, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = platform.upsert(owner_tokens["access_token"], "a" * 5000)
    assert response.status_code == 400
    assert "2 MB" in response.json()["imsx_description"]


@pytest.mark.parametrize(
    ("types", "code"),
    [
        (["VerifiableCredential", "ClrCredential"], "not_ob3"),
        # also claiming to be a badge gets past the API's own check, not the import's
        (["VerifiableCredential", "ClrCredential", "AchievementCredential"], "unsupported"),
    ],
)
def test_a_learner_record_is_refused_and_nothing_is_stored(
    platform, owner_tokens, signer, types, code
):
    from badges.models import LearnerRecord
    from tests.openbadges import ob3_issuer as ob3

    course = ob3.sign_data_integrity(ob3.achievement_credential(signer, 1), signer)
    document = ob3.clr_credential(signer, [course], type=types)
    response = platform.upsert(
        owner_tokens["access_token"], ob3.sign_data_integrity(document, signer)
    )

    assert response.status_code == 400
    assert code in _minor(response)
    assert not LearnerRecord.objects.exists() and not Badge.objects.exists()
