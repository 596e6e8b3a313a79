"""The 1EdTech validator's own OB 3.0 examples, read in place from the shared samples."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from badges.openbadges import did, ob3
from badges.openbadges.errors import ImportRefused
from tests.openbadges import ob3_issuer as oi
from tests.openbadges.test_ob3_data_integrity import requires_vcdm11_contexts
from tests.samples import OB30_DIR, sample_bytes

NOW = datetime(2025, 6, 1, tzinfo=UTC)


def sample(name: str) -> str:
    return sample_bytes(f"{OB30_DIR}/{name}").decode("utf-8")


def verify(name: str, fetcher=None, **options):
    return ob3.verify_credential_json(sample(name), fetcher or oi.FakeFetcher(), now=NOW, **options)


def test_simple():
    credential = verify("simple.json")
    assert credential.verification.status == "verified"
    assert credential.verification.algorithm == "eddsa-rdfc-2022"
    # the key sits in the verification method's own URL: intact, issuer not proven
    assert credential.verification.self_asserted_key
    assert credential.issuer.id == "https://example.com/issuers/876543"
    assert credential.issuer.name == "Example Corp"
    assert credential.name == "Teamwork Badge"
    assert credential.badge_class_id == (
        "https://example.com/achievements/21st-century-skills/teamwork"
    )
    assert credential.criteria_narrative.startswith("Team members are nominated")
    assert credential.issued_on == datetime(2010, 1, 1, tzinfo=UTC)
    assert [r.type for r in credential.recipients] == ["id"]


@pytest.mark.parametrize(
    "name",
    [
        "simple-multiple-proofs.json",  # an unknown proof type beside a good one
        "simple-context-alias.json",
        "simple-context-version.json",
        "simple-did-web-method.json",
    ],
)
def test_other_valid_examples(name):
    assert verify(name).verification.status == "verified"


def test_eddsa_2022_the_suites_earlier_name_on_vcdm11():
    requires_vcdm11_contexts()
    assert verify("simple-eddsa-2022.json").verification.algorithm == "eddsa-2022"


def test_simple_v1_with_the_first_unversioned_ob3_context():
    requires_vcdm11_contexts()
    credential = verify("simple_v1.json")
    assert credential.verification.algorithm == "Ed25519Signature2020"
    assert credential.verification.status == "verified"
    assert credential.verification.steps[0] == "Structure checked: OpenBadgeCredential (VCDM 1.1)"


def test_simple_did_key_method_for_an_issuer_named_by_urn_is_self_asserted():
    """The key is a did:key and the issuer a urn:uuid, which can publish no key: the
    credential is intact, but nothing proves who the issuer is."""
    credential = verify("simple-did-key-method.json")
    assert credential.verification.status == "verified"
    assert credential.verification.self_asserted_key
    assert credential.issuer.id.startswith("urn:uuid:")


def test_complete_with_its_revocation_list():
    fetcher = oi.FakeFetcher()
    revocations = "https://1edtech.edu/credentials/3732/revocations"
    fetcher.serve(revocations, {"id": revocations, "revokedCredential": []})
    credential = verify("complete.json", fetcher)
    assert credential.verification.status == "verified"
    assert credential.name == "1EdTech University Degree for Example Student"
    assert credential.issuer.url == "https://1edtech.edu"
    assert credential.image == "https://1edtech.edu/credentials/3732/image"
    assert {r.identity for r in credential.recipients} == {
        "student@1edtech.edu",
        "somebody@gmail.com",
        "did:example:ebfeb1f712ebc6f1c276e12ec21",
    }
    assert len(credential.alignments) == 2
    assert credential.tags == ("research", "computer science")
    assert [e.name for e in credential.evidence] == ["Final Project Report", "Final Project Code"]
    assert credential.criteria_url == "https://1edtech.edu/achievements/degree"
    # endorsements of the credential, its achievement and its issuer
    assert [e.issuer_name for e in credential.endorsements] == ["Example Accrediting Agency"] * 3
    assert credential.endorsements[0].comment == "1EdTech University is in good standing"
    assert "Final Project Grade: A" in credential.result_description
    assert credential.narrative == "There is a final project report and source code evidence."


def test_complete_revoked_through_its_revocation_list():
    fetcher = oi.FakeFetcher()
    revocations = "https://1edtech.edu/credentials/3732/revocations"
    fetcher.serve(
        revocations,
        {
            "revokedCredential": [
                {"id": "http://1edtech.edu/credentials/3732", "revocationReason": "Test"}
            ]
        },
    )
    with pytest.raises(ImportRefused) as caught:
        verify("complete.json", fetcher)
    assert caught.value.code == "revoked"


def test_complete_without_its_revocation_list_is_not_verified():
    with pytest.raises(ImportRefused) as caught:
        verify("complete.json")
    assert caught.value.code == "fetch_failed"


def test_credential_status_revoked_with_did_web_and_1edtech_list():
    requires_vcdm11_contexts()
    document = json.loads(sample("credential-status-revoked.json"))
    issuer = document["issuer"]["id"]
    method = document["proof"]["verificationMethod"]
    fetcher = oi.FakeFetcher()
    fetcher.serve(
        did.did_web_url(issuer),
        {
            "id": issuer,
            "verificationMethod": [
                {
                    "id": method,
                    "type": "Ed25519VerificationKey2020",
                    "controller": issuer,
                    "publicKeyMultibase": method.split("#")[1],
                }
            ],
            "assertionMethod": [method],
        },
    )
    fetcher.serve(document["credentialStatus"]["id"], {"revokedCredential": [document["id"]]})
    credential = verify("credential-status-revoked.json", fetcher, raise_on_revoked=False)
    assert credential.verification.status == "revoked"
    assert not credential.verification.self_asserted_key
    with pytest.raises(ImportRefused) as caught:
        verify("credential-status-revoked.json", fetcher)
    assert caught.value.code == "revoked"


@pytest.mark.parametrize(
    "name", ["credential-status-revoked.json", "credential-status-revoked-blank-nodes.json"]
)
def test_bitstring_status_list_revoked(name):
    document = json.loads(sample(f"bit-string-list/{name}"))
    fetcher = oi.FakeFetcher()
    fetcher.serve(
        document["credentialStatus"]["statusListCredential"], sample("bit-string-list/testlist")
    )
    credential = verify(f"bit-string-list/{name}", fetcher, raise_on_revoked=False)
    assert credential.verification.status == "revoked"
    assert "Status list checked: revoked" in credential.verification.steps


def test_expired_example_is_accepted_as_expired():
    assert verify("simple-err-expired.json").verification.status == "expired"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("simple-noproof.json", "invalid"),
        ("simple-err-context.json", "invalid"),
        ("simple-err-type.json", "unsupported"),  # a VC, but an OtherCredential
        ("simple-err-issuer.json", "invalid"),
        ("simple-err-issued.json", "invalid"),
        ("simple-err-issuer-type.json", "invalid"),
        ("simple-err-issuer-parentorg-type.json", "invalid"),
        ("simple-err-issuer-otheridentifier-type.json", "invalid"),
        ("simple-err-credential-subject-type.json", "invalid"),
        ("simple-err-credential-subject-identifier-type.json", "invalid"),
        ("simple-err-credential-subject-profile-type.json", "invalid"),
        ("simple-err-credential-subject-result-type.json", "invalid"),
        ("simple-err-credential-subject-achievement-result-description-type.json", "invalid"),
        ("simple-err-evidence-type.json", "invalid"),
        ("simple-err-proof-value.json", "invalid_signature"),
        ("simple-err-proof-method-no-scheme.json", "invalid_signature"),
        ("simple-err-proof-method-unknown-scheme.json", "invalid_signature"),
        ("simple-err-proof-method-unknown-did-method.json", "unsupported"),
        ("simple-err-proof-method.json", "fetch_failed"),  # key URL unreachable offline
        ("endorsement-valid.json", "unsupported"),  # an endorsement, not a badge
    ],
)
def test_negative_examples_are_refused(name, code):
    with pytest.raises(ImportRefused) as caught:
        verify(name)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("simple-err-context.json", "does not use the W3C Verifiable Credentials context"),
        ("simple-err-type.json", "of type OtherCredential, not an Open Badge"),
        ("endorsement-valid.json", "of type EndorsementCredential, not an Open Badge"),
    ],
)
def test_negative_examples_say_what_is_wrong(name, says):
    with pytest.raises(ImportRefused) as caught:
        verify(name)
    assert says in caught.value.render()


def test_vc_jwt_without_any_key_is_refused():
    with pytest.raises(ImportRefused) as caught:
        ob3.verify_vc_jwt(sample("simple.jwt"), oi.FakeFetcher(), now=NOW)
    assert caught.value.code == "invalid_signature"


@pytest.mark.parametrize(
    ("name", "kind", "title"),
    [
        ("simple-json.png", "json", "Teamwork Badge"),
        ("simple-json.svg", "json", "Teamwork Badge"),
        ("simple-jwt.png", "jws", "Teamwork Badge"),
        ("simple-jwt.svg", "jws", "Teamwork Badge"),
        ("simple-jwt_v1.png", "jws", "Example University Degree"),
        ("simple-jwt_v1.svg", "jws", "Example University Degree"),
    ],
)
def test_baked_examples(name, kind, title):
    bake = pytest.importorskip("badges.openbadges.bake")
    payload = bake.extract_payload(sample_bytes(f"{OB30_DIR}/{name}"))
    assert payload.kind == kind
    if kind == "jws":
        credential = ob3.verify_vc_jwt(payload.text, oi.FakeFetcher(), now=NOW)
        assert credential.verification.algorithm == "RS256"
        assert credential.verification.self_asserted_key  # RSA key in the JWT header
    else:
        credential = ob3.verify_credential_json(payload.text, oi.FakeFetcher(), now=NOW)
    assert credential.verification.status == "verified"
    assert credential.name == title
