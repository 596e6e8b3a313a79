"""What a verified OB 3.0 credential becomes, its structure and its validity window."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from badges.openbadges import ob3
from badges.openbadges.credential import Alignment, Evidence, Recipient
from badges.openbadges.errors import ImportRefused
from tests.openbadges import ob3_issuer as oi

NOW = datetime(2025, 6, 1, tzinfo=UTC)
HASHED = "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"


def verify(document: dict, issuer: oi.TestIssuer, **options):
    signed = oi.sign_data_integrity(document, issuer)
    return ob3.verify_credential_json(json.dumps(signed), issuer.fetcher, now=NOW, **options)


def refusal(document: dict, issuer: oi.TestIssuer) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        verify(document, issuer)
    return caught.value


def full_credential(issuer: oi.TestIssuer) -> dict:
    subject = {
        "id": "mailto:learner@example.org",
        "type": ["AchievementSubject"],
        "name": "Ada Learner",
        "narrative": "Led the final project.",
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": HASHED,
                "identityType": "emailAddress",
                "hashed": True,
                "salt": "deadsea",
            },
            {
                "type": "IdentityObject",
                "identityHash": "https://ada.example/",
                "identityType": "url",
                "hashed": False,
            },
            {
                "type": "IdentityObject",
                "identityHash": "+15555550100",
                "identityType": "phone",
                "hashed": False,
            },
            {
                "type": "IdentityObject",
                "identityHash": "12345",
                "identityType": "lisSourcedId",
                "hashed": False,
            },
        ],
        "achievement": {
            "id": "https://issuer.example/achievements/degree",
            "type": ["Achievement"],
            "name": "Degree",
            "description": "A degree.",
            "image": {"id": "https://issuer.example/degree.png", "type": "Image"},
            "criteria": {"id": "https://issuer.example/criteria", "narrative": "Pass all courses."},
            "tag": ["research", "computing"],
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetName": "Computing",
                    "targetUrl": "https://framework.example/computing",
                    "targetDescription": "Computing skills.",
                    "targetFramework": "Example Framework",
                    "targetCode": "C1",
                }
            ],
            "resultDescription": [
                {
                    "id": "urn:uuid:grade",
                    "type": ["ResultDescription"],
                    "name": "Final Grade",
                    "resultType": "LetterGrade",
                }
            ],
        },
        "result": [{"type": ["Result"], "resultDescription": "urn:uuid:grade", "value": "A"}],
    }
    return oi.credential(
        issuer,
        subject=subject,
        description="Awarded for a degree.",
        image="https://issuer.example/credential.png",
        awardedDate="2023-06-30T12:00:00Z",
        validUntil="2030-01-01T00:00:00Z",
        evidence=[
            {
                "id": "https://issuer.example/evidence/1",
                "type": ["Evidence"],
                "name": "Report",
                "description": "The final report.",
                "narrative": "Forty pages.",
            }
        ],
        endorsement=[
            {
                "@context": [oi.VC_V2, oi.OB_303],
                "id": "urn:uuid:endorsement-1",
                "type": ["VerifiableCredential", "EndorsementCredential"],
                "issuer": {
                    "id": "https://accreditor.example/",
                    "type": ["Profile"],
                    "name": "Accreditor",
                },
                "validFrom": "2023-01-01T00:00:00Z",
                "credentialSubject": {
                    "id": "https://issuer.example/achievements/degree",
                    "type": ["EndorsementSubject"],
                    "endorsementComment": "A rigorous programme.",
                },
            }
        ],
    )


def test_full_credential_is_normalised():
    issuer = oi.did_web_issuer()
    issuer.name = "Example University"
    document = full_credential(issuer)
    document["issuer"].update(
        url="https://issuer.example/", image={"id": "https://issuer.example/logo.png"}
    )
    credential = verify(document, issuer)
    assert credential.spec == "3.0"
    assert credential.id == document["id"]
    assert credential.name == "Teamwork Badge"
    assert credential.description == "Awarded for a degree."
    assert credential.issuer.id == issuer.id
    assert credential.issuer.name == "Example University"
    assert credential.issuer.url == "https://issuer.example/"
    assert credential.issuer.image == "https://issuer.example/logo.png"
    assert credential.issued_on == datetime(2023, 6, 30, 12, tzinfo=UTC)  # awardedDate
    assert credential.expires == datetime(2030, 1, 1, tzinfo=UTC)
    assert credential.image == "https://issuer.example/credential.png"
    assert credential.badge_class_id == "https://issuer.example/achievements/degree"
    assert credential.criteria_url == "https://issuer.example/criteria"
    assert credential.criteria_narrative == "Pass all courses."
    assert credential.tags == ("research", "computing")
    assert credential.alignments == (
        Alignment(
            name="Computing",
            url="https://framework.example/computing",
            description="Computing skills.",
            framework="Example Framework",
            code="C1",
        ),
    )
    assert credential.evidence == (
        Evidence(
            url="https://issuer.example/evidence/1",
            narrative="Forty pages.",
            name="Report",
            description="The final report.",
        ),
    )
    (endorsement,) = credential.endorsements
    assert endorsement.issuer_name == "Accreditor"
    assert endorsement.issuer_id == "https://accreditor.example/"
    assert endorsement.comment == "A rigorous programme."
    assert endorsement.issued_on == datetime(2023, 1, 1, tzinfo=UTC)
    assert credential.narrative == "Led the final project."
    assert credential.result_description == "Final Grade: A"
    assert credential.document == document | {"proof": credential.document["proof"]}


def test_recipients_from_identifiers_id_and_name():
    issuer = oi.did_key_issuer()
    credential = verify(full_credential(issuer), issuer)
    assert credential.recipients == (
        Recipient("email", HASHED, hashed=True, salt="deadsea"),
        Recipient("url", "https://ada.example/"),
        Recipient("telephone", "+15555550100"),
        Recipient("email", "learner@example.org"),
        Recipient("name", "Ada Learner"),
    )


def test_subject_did_is_an_id_recipient():
    issuer = oi.did_key_issuer()
    subject = oi.credential(issuer)["credentialSubject"]
    subject = {k: v for k, v in subject.items() if k != "identifier"} | {"id": "did:example:ada"}
    credential = verify(oi.credential(issuer, subject=subject), issuer)
    assert credential.recipients == (Recipient("id", "did:example:ada"),)


def test_achievement_fills_in_name_description_and_image():
    issuer = oi.did_key_issuer()
    document = full_credential(issuer)
    for name in ("name", "description", "image"):
        document.pop(name)
    credential = verify(document, issuer)
    assert credential.name == "Degree"
    assert credential.description == "A degree."
    assert credential.image == "https://issuer.example/degree.png"


def test_issuer_given_as_a_plain_id():
    issuer = oi.did_key_issuer()
    credential = verify(oi.credential(issuer, issuer=issuer.id), issuer)
    assert credential.issuer.id == issuer.id
    assert credential.issuer.name == ""


def test_future_valid_from_is_refused_with_the_date():
    issuer = oi.did_key_issuer()
    error = refusal(oi.credential(issuer, validFrom="2026-03-01T09:00:00Z"), issuer)
    assert error.code == "invalid"
    assert error.params["date"] == "2026-03-01T09:00:00+00:00"


def test_past_valid_until_is_accepted_as_expired():
    issuer = oi.did_key_issuer()
    credential = verify(oi.credential(issuer, validUntil="2025-01-01T00:00:00Z"), issuer)
    assert credential.verification.status == "expired"
    assert credential.expires == datetime(2025, 1, 1, tzinfo=UTC)
    assert "Expired on 2025-01-01T00:00:00+00:00" in credential.verification.steps


def test_naive_now_is_taken_as_utc():
    issuer = oi.did_key_issuer()
    signed = json.dumps(oi.sign_data_integrity(oi.credential(issuer), issuer))
    credential = ob3.verify_credential_json(signed, issuer.fetcher, now=datetime(2025, 6, 1))
    assert credential.verification.checked_at == NOW


def test_verification_record_steps_are_in_order():
    issuer = oi.did_web_issuer()
    credential = verify(oi.credential(issuer), issuer)
    assert credential.verification.checked_at == NOW
    assert credential.verification.steps == (
        "Structure checked: OpenBadgeCredential (VCDM 2.0)",
        "DID document fetched from https://issuer.example/.well-known/did.json",
        "Proof eddsa-rdfc-2022 checked with did:web:issuer.example#key-1",
        "No status list declared",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("id"), "has no id"),
        (lambda d: d.pop("issuer"), "does not name its issuer"),
        (lambda d: d.pop("validFrom"), "does not say when it was issued"),
        (lambda d: d.update(validFrom="yesterday"), "validFrom is not a valid date"),
        (lambda d: d.update(validUntil="2030-01-01"), "validUntil is not a valid date"),
        (lambda d: d.pop("credentialSubject"), "has no credentialSubject"),
        (lambda d: d["credentialSubject"].pop("achievement"), "achievement must be an object"),
        (lambda d: d["credentialSubject"].update(type="Person"), "AchievementSubject"),
        (lambda d: d["issuer"].update(type="Organization"), "issuer must be an object of type"),
        (lambda d: d["credentialSubject"]["achievement"].pop("name"), "achievement has no name"),
        (lambda d: d.update(type=["OpenBadgeCredential"]), "VerifiableCredential"),
    ],
)
def test_structure_errors_are_specific(change, message):
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer)
    change(document)
    error = refusal(document, issuer)
    assert error.code == "invalid"
    assert message in error.render()


def test_credential_without_the_ob3_context_is_unsupported():
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, **{"@context": [oi.VC_V2]})
    assert refusal(document, issuer).code == "unsupported"


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (
            {
                "@context": [oi.VC_V2, oi.OB_303],
                "type": ["VerifiableCredential", "OpenBadgeCredential"],
            },
            True,
        ),
        ({"@context": [oi.VC_V1], "type": ["VerifiableCredential", "AchievementCredential"]}, True),
        ({"@context": oi.VC_V2, "type": "OpenBadgeCredential"}, True),
        ({"@context": [oi.OB_303, oi.VC_V2], "type": ["OpenBadgeCredential"]}, False),
        (
            {"@context": [oi.VC_V2], "type": ["VerifiableCredential", "EndorsementCredential"]},
            False,
        ),
        ({"@context": "https://w3id.org/openbadges/v2", "type": "Assertion"}, False),
        ([], False),
        ("text", False),
    ],
)
def test_is_ob3_document(obj, expected):
    assert ob3.is_ob3_document(obj) is expected


@pytest.mark.parametrize(
    "text",
    ["", "{", "[]", "null", '{"@context": 1}', json.dumps({"type": "OpenBadgeCredential"})],
)
def test_not_a_credential_is_invalid(text):
    with pytest.raises(ImportRefused) as caught:
        ob3.verify_credential_json(text, oi.FakeFetcher())
    assert caught.value.code == "invalid"


def test_vcdm11_json_with_issuance_and_expiration_dates():
    issuer = oi.did_key_issuer()
    document = oi.credential(issuer, vcdm="1.1", expirationDate="2025-02-01T00:00:00Z")
    token = oi.sign_vc_jwt(document, issuer, vcdm="1.1")
    credential = ob3.verify_vc_jwt(token, issuer.fetcher, now=NOW)
    assert credential.issued_on == datetime(2024, 1, 1, tzinfo=UTC)
    assert credential.verification.status == "expired"
