"""getProfile and putProfile: the learner's display name and primary address."""

from __future__ import annotations

import pytest

from passport.accounts.models import User
from tests.api.spec_client import PROFILE_READ, READ

pytestmark = pytest.mark.django_db
URL = "/ims/ob/v3p0/profile"


def test_the_profile_is_the_token_owners(platform, owner_tokens, other_tokens):
    mine = platform.get(URL, owner_tokens["access_token"])
    theirs = platform.get(URL, other_tokens["access_token"])

    assert mine.status_code == 200
    body = mine.json()
    assert body["type"] == "Profile"
    assert body["@context"] == ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert body["name"] == "Olive Owner"
    assert body["email"] == "owner@example.org"
    assert body["id"].startswith("urn:uuid:")
    assert theirs.json()["name"] == "Oscar Other"
    assert theirs.json()["id"] != body["id"]
    assert platform.get(URL, owner_tokens["access_token"]).json()["id"] == body["id"]


def test_an_unverified_address_is_not_given_out(platform, owner, owner_tokens):
    owner.emailaddress_set.update(verified=False)
    assert "email" not in platform.get(URL, owner_tokens["access_token"]).json()


def test_put_changes_the_display_name_only(platform, owner, owner_tokens):
    response = platform.put_profile(
        owner_tokens["access_token"],
        {"type": "Profile", "name": "  Olive   Q. Owner ", "email": "evil@example.org"},
    )

    assert response.status_code == 200
    assert response.json()["name"] == "Olive Q. Owner"
    owner.refresh_from_db()
    assert owner.display_name == "Olive Q. Owner"
    assert owner.email == "owner@example.org"


@pytest.mark.parametrize(
    "body", [{"type": "Profile"}, {"name": ""}, {"name": 42}, {"name": "x" * 81}, [1]]
)
def test_a_bad_profile_is_400_and_changes_nothing(platform, owner, owner_tokens, body):
    response = platform.put_profile(owner_tokens["access_token"], body)

    assert response.status_code == 400
    assert response.json()["imsx_description"]
    owner.refresh_from_db()
    assert owner.display_name == "Olive Owner"


def test_put_needs_a_json_body(platform, owner_tokens):
    response = platform.http.put(
        URL,
        "name=x",
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Bearer {owner_tokens['access_token']}",
    )
    assert response.status_code == 400


def test_each_operation_needs_its_scope(platform, owner_client):
    readonly = platform.connect(owner_client, scope=PROFILE_READ)["access_token"]
    credentials_only = platform.connect(owner_client, scope=READ)["access_token"]

    assert platform.get(URL, credentials_only).status_code == 403
    assert platform.put_profile(readonly, {"name": "New"}).status_code == 403
    assert User.objects.get(email="owner@example.org").display_name == "Olive Owner"


def test_profile_answers_get_and_put_only(platform, owner_tokens):
    response = platform.http.post(URL, HTTP_AUTHORIZATION=f"Bearer {owner_tokens['access_token']}")
    assert response.status_code == 405
