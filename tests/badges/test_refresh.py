"""Verifying a badge again asks the issuer's refresh service for a newer version, which
replaces the stored credential and what the badge shows only when it verifies, comes
from the same issuer and names the same learner."""

from __future__ import annotations

import base64
import json

import pytest
from django.urls import reverse

from badges.download import baked_badge_file
from badges.models import Badge, identity_key
from badges.openbadges.bake import bake_png, extract_from_png
from badges.openbadges.log import text
from badges.reverify import reverify_badge
from badges.services.importing import ImportSource, import_badges
from tests.badges.conftest import png_bytes
from tests.conftest import make_learner
from tests.openbadges import ob3_issuer as oi

EMAIL = "learner@example.org"
SERVICE = "https://issuer.example/refresh/teamwork"
FIRST_ID = "urn:uuid:2d8a6ac8-0f0e-4e41-9f60-8b8c6a0e0001"
NEWER_ID = "urn:uuid:2d8a6ac8-0f0e-4e41-9f60-8b8c6a0e0002"
GREEN_PNG = png_bytes((0, 160, 60))


@pytest.fixture
def issuer() -> oi.TestIssuer:
    return oi.did_web_issuer()


@pytest.fixture
def learner(db):
    return make_learner(EMAIL)


def _credential(by: oi.TestIssuer, **fields) -> dict:
    return oi.credential(
        by, refreshService={"id": SERVICE, "type": "1EdTechCredentialRefresh"}, **fields
    )


def _import(learner, issuer, *, baked: bool = False, **fields) -> Badge:
    text = json.dumps(oi.sign_data_integrity(_credential(issuer, **fields), issuer))
    if baked:
        png = bake_png(png_bytes(), text, keyword="openbadgecredential")
        source = ImportSource.from_file("teamwork.png", png)
    else:
        source = ImportSource.from_text(text)
    [outcome] = import_badges(learner, [source], fetcher=issuer.fetcher)
    assert outcome.ok, outcome.message
    return outcome.badge


def _publish_newer(issuer, *, by: oi.TestIssuer | None = None, **fields) -> str:
    signer = by or issuer
    image = "data:image/png;base64," + base64.b64encode(GREEN_PNG).decode()
    fields = {
        "credential_id": NEWER_ID,
        "name": "Teamwork Badge, level 2",
        "description": "Led a team of five.",
        "image": {"id": image, "type": "Image"},
        **fields,
    }
    text = json.dumps(oi.sign_data_integrity(_credential(signer, **fields), signer))
    issuer.fetcher.serve(SERVICE, text, content_type="application/vc+ld+json")
    return text


def _steps(badge: Badge) -> list[str]:
    return [text(s) for s in Badge.objects.get(pk=badge.pk).verification["steps"]]


@pytest.mark.django_db
def test_a_newer_version_replaces_the_stored_credential_and_what_the_badge_shows(learner, issuer):
    badge = _import(learner, issuer)
    newer = _publish_newer(issuer)

    check = reverify_badge(badge, fetcher=issuer.fetcher)

    badge = Badge.objects.get(pk=badge.pk)
    assert check.status == badge.status == Badge.Status.VERIFIED
    assert (badge.name, badge.description) == ("Teamwork Badge, level 2", "Led a team of five.")
    assert badge.original == newer
    assert badge.document == json.loads(newer)
    assert badge.credential_id == NEWER_ID
    assert badge.identity_key == identity_key(issuer.id, NEWER_ID)
    assert badge.image.read() == GREEN_PNG
    assert (badge.recipient_email, badge.recipient_confirmed) == (EMAIL, True)
    assert any("it replaces the stored one" in s for s in _steps(badge))
    assert "it replaces the stored one" in check.detail


@pytest.mark.django_db
def test_the_newer_version_is_then_checked_again_as_the_stored_one(learner, issuer):
    badge = _import(learner, issuer)
    _publish_newer(issuer)
    reverify_badge(badge, fetcher=issuer.fetcher)

    reverify_badge(Badge.objects.get(pk=badge.pk), fetcher=issuer.fetcher)

    badge = Badge.objects.get(pk=badge.pk)
    assert (badge.name, badge.credential_id) == ("Teamwork Badge, level 2", NEWER_ID)
    assert any("already stored" in s for s in _steps(badge))


@pytest.mark.django_db
def test_verify_again_fetches_the_newer_version(learner, issuer, client, monkeypatch):
    badge = _import(learner, issuer)
    _publish_newer(issuer)
    monkeypatch.setattr("badges.fetching.get_fetcher", lambda: issuer.fetcher)
    client.force_login(learner)

    response = client.post(reverse("badges:verify", args=[badge.pk]), follow=True)

    assert "Teamwork Badge, level 2" in response.content.decode()
    assert SERVICE in issuer.fetcher.requests


@pytest.mark.django_db
def test_an_expired_badge_is_renewed_by_its_newer_version(learner, issuer):
    badge = _import(learner, issuer, validUntil="2025-01-01T00:00:00Z")
    assert badge.status == Badge.Status.EXPIRED
    _publish_newer(issuer, validUntil="2099-01-01T00:00:00Z")

    check = reverify_badge(badge, fetcher=issuer.fetcher)

    assert check.status == Badge.Status.VERIFIED
    assert Badge.objects.get(pk=badge.pk).expires.year == 2099


@pytest.mark.django_db
def test_a_baked_file_of_the_old_version_is_not_handed_out_any_more(learner, issuer):
    badge = _import(learner, issuer, baked=True)
    old_file = badge.original_file.name
    newer = _publish_newer(issuer)

    reverify_badge(badge, fetcher=issuer.fetcher)

    badge = Badge.objects.get(pk=badge.pk)
    assert not badge.original_file
    assert not badge.original_file.storage.exists(old_file)
    assert extract_from_png(baked_badge_file(badge).content) == newer


def _unchanged(badge: Badge, before: Badge) -> None:
    after = Badge.objects.get(pk=badge.pk)
    fields = ("name", "description", "original", "document", "credential_id", "identity_key")
    assert [getattr(after, f) for f in fields] == [getattr(before, f) for f in fields]


@pytest.mark.django_db
def test_a_newer_version_from_another_issuer_is_not_taken(learner, issuer):
    badge = _import(learner, issuer)
    before = Badge.objects.get(pk=badge.pk)
    _publish_newer(issuer, by=oi.did_web_issuer(host="other.example", fetcher=issuer.fetcher))

    check = reverify_badge(badge, fetcher=issuer.fetcher)

    _unchanged(badge, before)
    assert check.status == Badge.Status.VERIFIED  # the stored version still verifies
    assert any("names another issuer" in s for s in _steps(badge))


@pytest.mark.django_db
def test_a_newer_version_for_another_learner_is_not_taken(learner, issuer):
    badge = _import(learner, issuer)
    before = Badge.objects.get(pk=badge.pk)
    subject = oi.credential(issuer)["credentialSubject"]
    subject["identifier"][0]["identityHash"] = "someone.else@example.org"
    _publish_newer(issuer, subject=subject)

    reverify_badge(badge, fetcher=issuer.fetcher)

    _unchanged(badge, before)
    assert any("names another recipient" in s for s in _steps(badge))


@pytest.mark.django_db
def test_a_newer_version_that_does_not_verify_is_not_taken(learner, issuer):
    badge = _import(learner, issuer)
    before = Badge.objects.get(pk=badge.pk)
    tampered = json.loads(_publish_newer(issuer))
    tampered["name"] = "Forged level 3"
    issuer.fetcher.serve(SERVICE, tampered)

    reverify_badge(badge, fetcher=issuer.fetcher)

    _unchanged(badge, before)
    assert any("does not verify" in s for s in _steps(badge))


@pytest.mark.django_db
def test_an_unreachable_refresh_service_keeps_the_badge_as_it_is(learner, issuer):
    badge = _import(learner, issuer)
    before = Badge.objects.get(pk=badge.pk)

    check = reverify_badge(badge, fetcher=issuer.fetcher)  # nothing served at SERVICE

    _unchanged(badge, before)
    assert check.status == Badge.Status.VERIFIED
    assert any("could not be reached" in s for s in _steps(badge))


@pytest.mark.django_db
def test_a_newer_version_already_in_the_backpack_is_not_merged_into_this_one(learner, issuer):
    badge = _import(learner, issuer)
    newer = _publish_newer(issuer)
    [second] = import_badges(learner, [ImportSource.from_text(newer)], fetcher=issuer.fetcher)
    assert second.ok, second.message
    before = Badge.objects.get(pk=badge.pk)

    reverify_badge(badge, fetcher=issuer.fetcher)

    _unchanged(badge, before)
    assert any("already in the backpack" in s for s in _steps(badge))


@pytest.mark.django_db
def test_when_the_stored_version_no_longer_verifies_the_newer_one_still_can(learner, issuer):
    """The issuer moved to a new key: the old signature no longer checks, the new one does."""
    badge = _import(learner, issuer)
    moved = oi.did_web_issuer(host="issuer.example", path="", fetcher=issuer.fetcher)
    moved.key = oi.ed25519_key("rotated")
    method = moved.did_document["verificationMethod"][0]
    method["publicKeyMultibase"] = oi.did.multikey_of(moved.key.public_key())
    issuer.fetcher.serve(oi.did.did_web_url(issuer.id), moved.did_document)
    assert reverify_badge(badge, fetcher=issuer.fetcher).status == Badge.Status.UNVERIFIABLE
    _publish_newer(issuer, by=moved)

    check = reverify_badge(Badge.objects.get(pk=badge.pk), fetcher=issuer.fetcher)

    assert check.status == Badge.Status.VERIFIED
    assert Badge.objects.get(pk=badge.pk).credential_id == NEWER_ID


@pytest.mark.django_db
def test_a_failed_check_says_what_the_refresh_service_answered(learner, issuer):
    badge = _import(learner, issuer)
    issuer.fetcher.serve(oi.did.did_web_url(issuer.id), "down", status=503)

    check = reverify_badge(badge, fetcher=issuer.fetcher)

    assert check.status == Badge.Status.UNVERIFIABLE
    assert "could not be reached" in check.detail
