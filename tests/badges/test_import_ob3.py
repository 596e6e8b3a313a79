"""Open Badges 3.0 through the same import service, page and download as older badges."""

from __future__ import annotations

import json

import pytest

from badges.download import baked_badge_file
from badges.models import Badge
from badges.openbadges.bake import bake_png, extract_from_png
from badges.services.importing import ImportSource, import_badges
from tests.badges.conftest import png_bytes
from tests.conftest import make_learner
from tests.openbadges import ob3_issuer as oi
from tests.samples import OB30_DIR, sample_bytes

LEARNER = "learner@example.org"


@pytest.fixture
def learner(db):
    return make_learner(LEARNER)


def _one(user, source, fetcher=None):
    [outcome] = import_badges(user, [source], fetcher=fetcher or oi.FakeFetcher())
    return outcome


def test_data_integrity_credential_for_the_learners_address(learner):
    issuer = oi.did_key_issuer("ed25519")
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer)
    outcome = _one(learner, ImportSource.from_text(json.dumps(signed)))
    assert outcome.ok, outcome.message
    badge = outcome.badge
    assert (badge.spec, badge.status, badge.name) == ("3.0", "verified", "Teamwork Badge")
    assert badge.recipient_email == LEARNER and badge.recipient_confirmed
    assert badge.verification["method"] == "data-integrity"
    assert badge.verification["self_asserted_key"] is True


def test_vc_jwt_baked_in_a_png(learner):
    issuer = oi.did_key_issuer("p256")
    token = oi.sign_vc_jwt(oi.credential(issuer), issuer)
    baked = bake_png(png_bytes(), token, keyword="openbadgecredential")
    outcome = _one(learner, ImportSource.from_file("credential.png", baked))
    assert outcome.ok, outcome.message
    assert outcome.badge.verification["algorithm"] == "ES256"
    assert outcome.badge.original_file.read() == baked


def test_credential_for_another_address_is_refused(db):
    someone = make_learner("someone@example.org")
    issuer = oi.did_key_issuer("ed25519")
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer)
    outcome = _one(someone, ImportSource.from_text(json.dumps(signed)))
    assert outcome.code == "recipient_mismatch"
    assert not Badge.objects.exists()


def test_tampered_credential_is_refused(learner):
    issuer = oi.did_key_issuer("ed25519")
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer)
    signed["name"] = "Something else"
    assert _one(learner, ImportSource.from_text(json.dumps(signed))).code == "invalid_signature"


def test_unknown_proof_type_is_unsupported_and_named(learner):
    issuer = oi.did_key_issuer("ed25519")
    document = oi.credential(issuer)
    document["proof"] = {"type": "BbsBlsSignature2020", "proofValue": "abc"}
    outcome = _one(learner, ImportSource.from_text(json.dumps(document)))
    assert outcome.code == "unsupported" and "BbsBlsSignature2020" in outcome.message


def test_wallet_bound_sample_is_kept_with_recipient_not_confirmed(learner):
    text = sample_bytes(f"{OB30_DIR}/simple.json").decode()
    outcome = _one(learner, ImportSource.from_text(text))
    assert outcome.ok, outcome.message
    assert outcome.badge.recipient_confirmed is False
    assert outcome.badge.recipient_email == ""


def test_real_baked_vc_jwt_sample(learner):
    data = sample_bytes(f"{OB30_DIR}/simple-jwt.png")
    outcome = _one(learner, ImportSource.from_file("simple-jwt.png", data))
    assert outcome.ok, outcome.message
    assert outcome.badge.verification["method"] == "vc-jwt"


def test_detail_page_names_the_proof_and_the_unproven_issuer(learner, client):
    issuer = oi.did_key_issuer("ed25519")
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer)
    badge = _one(learner, ImportSource.from_text(json.dumps(signed))).badge
    client.force_login(learner)
    html = client.get(f"/badges/{badge.pk}/").content.decode()
    assert f"Signed by {issuer.key_id} with eddsa-rdfc-2022" in html
    assert "does not prove who the issuer is" in html


def test_credential_imported_as_json_downloads_baked_as_openbadgecredential(learner):
    issuer = oi.did_key_issuer("ed25519")
    signed = oi.sign_data_integrity(oi.credential(issuer), issuer)
    badge = _one(learner, ImportSource.from_text(json.dumps(signed))).badge
    baked = baked_badge_file(badge).content
    assert b"iTXtopenbadgecredential" in baked
    assert json.loads(extract_from_png(baked)) == signed
