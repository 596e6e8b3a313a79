"""``refreshService`` (1EdTechCredentialRefresh): the issuer's newer version of a credential
is taken only when it verifies, comes from the same issuer and names the same recipient."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from badges.openbadges import refresh
from badges.openbadges.identity import hash_identity
from tests.openbadges import ob3_issuer as oi

SERVICE = "https://issuer.example/refresh/1"
SERVICE_ENTRY = {"id": SERVICE, "type": "1EdTechCredentialRefresh"}
NOW = datetime(2024, 6, 1, tzinfo=UTC)
EMAIL = "learner@example.org"


@pytest.fixture
def issuer() -> oi.TestIssuer:
    return oi.did_web_issuer()


def stored(issuer: oi.TestIssuer, **fields) -> dict:
    """The document of the credential the learner holds, with its refresh service."""
    return oi.sign_data_integrity(
        oi.credential(issuer, refreshService=SERVICE_ENTRY, **fields), issuer
    )


def newer(issuer: oi.TestIssuer, *, by: oi.TestIssuer | None = None, jwt: bool = False, **fields):
    """Publish the issuer's newer version at the refresh service; its text."""
    signer = by or issuer
    fields.setdefault("credential_id", "urn:uuid:2d8a6ac8-0f0e-4e41-9f60-8b8c6a0e0002")
    fields.setdefault("name", "Teamwork Badge, level 2")
    document = oi.credential(signer, **fields)
    if jwt:
        text = oi.sign_vc_jwt(document, signer)
        issuer.fetcher.serve(SERVICE, text, content_type="application/vc+jwt")
    else:
        text = json.dumps(oi.sign_data_integrity(document, signer))
        issuer.fetcher.serve(SERVICE, text, content_type="application/vc+ld+json")
    return text


def run(issuer, document, **options) -> refresh.Refresh:
    found = refresh.refresh(document, issuer.fetcher, now=NOW, **options)
    assert found is not None
    return found


def kept_because(found: refresh.Refresh, words: str) -> None:
    assert found.credential is None
    assert any(words in step for step in found.steps), found.steps
    assert found.steps[-1].endswith("the stored version is kept.")


@pytest.mark.parametrize("jwt", [False, True])
def test_a_newer_version_that_verifies_is_taken(issuer, jwt):
    text = newer(issuer, jwt=jwt)

    found = run(issuer, stored(issuer))

    assert found.credential is not None
    assert found.credential.name == "Teamwork Badge, level 2"
    assert found.credential.original == text
    assert found.credential.verification.status == "verified"
    assert found.steps[0] == f"Asked the issuer's refresh service at {SERVICE} for a newer version."
    assert "it replaces the stored one" in found.steps[-1]
    assert SERVICE in issuer.fetcher.requests


def test_no_refresh_service_means_nothing_is_asked(issuer):
    document = oi.sign_data_integrity(oi.credential(issuer), issuer)

    assert refresh.refresh(document, issuer.fetcher, now=NOW) is None
    assert issuer.fetcher.requests == []


def test_a_refresh_service_of_another_kind_is_not_used(issuer):
    document = stored(issuer)
    document["refreshService"] = {"id": SERVICE, "type": "ManualRefreshService2018"}

    found = run(issuer, document)

    assert found.credential is None
    assert SERVICE not in issuer.fetcher.requests
    assert "ManualRefreshService2018" in found.steps[0]


def test_a_newer_version_from_another_issuer_is_not_taken(issuer):
    other = oi.did_web_issuer(host="other.example", fetcher=issuer.fetcher)
    newer(issuer, by=other)

    kept_because(run(issuer, stored(issuer)), "names another issuer")


def test_a_newer_version_for_another_recipient_is_not_taken(issuer):
    subject = oi.credential(issuer)["credentialSubject"]
    subject["identifier"][0]["identityHash"] = "someone.else@example.org"
    newer(issuer, subject=subject)

    kept_because(run(issuer, stored(issuer), recipient_email=EMAIL), "another recipient")


def test_a_newer_version_naming_the_learner_by_a_new_hash_is_taken(issuer):
    subject = oi.credential(issuer)["credentialSubject"]
    subject["identifier"][0].update(
        identityHash=hash_identity(EMAIL, "pepper"), hashed=True, salt="pepper"
    )
    newer(issuer, subject=subject)

    found = run(issuer, stored(issuer), recipient_email=EMAIL)

    assert found.credential is not None


def test_a_newer_version_for_another_subject_id_is_not_taken(issuer):
    def subject(did: str) -> dict:
        found = oi.credential(issuer)["credentialSubject"]
        return {**found, "id": did, "identifier": []}

    newer(issuer, subject=subject("did:example:someone-else"))

    kept_because(
        run(issuer, stored(issuer, subject=subject("did:example:learner"))), "another recipient"
    )


def test_a_newer_version_changed_after_signing_is_not_taken(issuer):
    text = newer(issuer)
    tampered = json.loads(text)
    tampered["name"] = "Forged level 3"
    issuer.fetcher.serve(SERVICE, tampered)

    kept_because(run(issuer, stored(issuer)), "does not verify")


def test_a_revoked_newer_version_is_not_taken(issuer):
    entry = oi.revocation_list(issuer, {"urn:uuid:2d8a6ac8-0f0e-4e41-9f60-8b8c6a0e0002": "No"})
    newer(issuer, credentialStatus=entry)

    kept_because(run(issuer, stored(issuer)), "revoked")


def test_an_expired_newer_version_is_not_taken(issuer):
    newer(issuer, validUntil="2024-03-01T00:00:00Z")

    kept_because(run(issuer, stored(issuer)), "expired")


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (None, 200, "could not be reached"),
        ("gone", 404, "answered 404"),
        ("<html>hello</html>", 200, "did not answer with a credential"),
    ],
)
def test_a_refresh_service_that_does_not_give_a_credential(issuer, body, status, words):
    if body is not None:
        issuer.fetcher.serve(SERVICE, body, status=status, content_type="text/html")

    kept_because(run(issuer, stored(issuer)), words)


def test_an_older_open_badge_is_not_taken(issuer):
    issuer.fetcher.serve(
        SERVICE, {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion"}
    )

    found = run(issuer, stored(issuer))

    assert found.credential is None


def test_the_same_version_again_changes_nothing(issuer):
    document = stored(issuer)
    issuer.fetcher.serve(SERVICE, document)

    found = run(issuer, document)

    assert found.credential is None
    assert "already" in found.steps[-1]


def test_refresh_happens_only_once(issuer):
    newer(
        issuer,
        refreshService={
            "id": "https://issuer.example/refresh/2",
            "type": "1EdTechCredentialRefresh",
        },
    )

    found = run(issuer, stored(issuer))

    assert found.credential is not None
    assert "https://issuer.example/refresh/2" not in issuer.fetcher.requests
