"""CLR 2.0 learner records: the record's proof and each nested credential's own."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from badges.openbadges import bake, clr, jsonld
from badges.openbadges.errors import ImportRefused
from badges.openbadges.verify import PayloadText, verify_payload
from tests.openbadges import ob3_issuer as oi
from tests.openbadges.test_bake_png import pillow_png
from tests.samples import sample_bytes

CLR_SAMPLES = "digital-credentials-public-validator/inspector-clr/src/test/resources/clr20"
NOW = datetime(2025, 6, 1, tzinfo=UTC)


@pytest.fixture
def issuer() -> oi.TestIssuer:
    return oi.did_web_issuer()


def verify(kind: str, text: str, issuer: oi.TestIssuer, **options):
    return verify_payload(PayloadText(kind, text), issuer.fetcher, now=NOW, records=True, **options)


def test_context_is_installed_locally():
    document = jsonld.load_context(jsonld.CLR_V2)
    assert "ClrCredential" in document["@context"]


def test_valid_record_with_nested_credentials(issuer):
    record = verify("json", json.dumps(oi.signed_clr(issuer)), issuer)
    assert isinstance(record, clr.LearnerRecord)
    assert record.credential.name == "Transcript of Ada Learner"
    assert record.credential.verification.status == "verified"
    assert record.credential.verification.trust == "issuer_confirmed"
    assert [c.name for c in record.credentials] == ["Course 1", "Course 2"]
    assert all(c.verification.trust == "issuer_confirmed" for c in record.credentials)
    names = {a.name: a for a in record.achievements}
    assert set(names) == {"Bachelor of Science", "Course 1", "Course 2"}
    assert names["Course 1"].credential_id == record.credentials[0].id
    assert names["Bachelor of Science"].achievement_type == "Degree"
    assert [a.type for a in record.associations] == ["isPartOf", "precedes"]
    steps = record.credential.verification.steps
    assert steps[0] == "Structure checked: ClrCredential (VCDM 2.0)"
    assert any(s.startswith("Credential 2 (Course 2) verified") for s in steps)


def test_tampered_record_is_refused(issuer):
    document = oi.signed_clr(issuer)
    document["name"] = "Transcript of Someone Else"
    with pytest.raises(ImportRefused) as refused:
        verify("json", json.dumps(document), issuer)
    assert refused.value.code == "invalid_signature"


def test_tampered_nested_credential_is_left_out(issuer):
    record = verify("json", json.dumps(oi.signed_clr(issuer, tamper_nested=2)), issuer)
    assert [c.name for c in record.credentials] == ["Course 1"]
    step = next(s for s in record.credential.verification.steps if "Credential 2" in s)
    assert "left out" in step and "invalid_signature" in step
    # what only the altered credential claims is not shown as achieved
    assert {a.name for a in record.achievements} == {"Bachelor of Science", "Course 1"}


def test_nested_credential_without_proof_is_listed_not_verified(issuer):
    nested = [oi.achievement_credential(issuer, 1)]
    document = oi.sign_data_integrity(oi.clr_credential(issuer, nested), issuer)
    record = verify("json", json.dumps(document), issuer)
    assert record.credentials == ()
    assert any("carries no proof" in s for s in record.credential.verification.steps)


def test_revoked_record_is_refused(issuer):
    clr_id = "urn:uuid:c1a2b3c4-0000-4000-8000-00000000c1e1"
    status = oi.revocation_list(issuer, {clr_id: "Issued in error"})
    document = oi.signed_clr(issuer, credentialStatus=status)
    with pytest.raises(ImportRefused) as refused:
        verify("json", json.dumps(document), issuer)
    assert refused.value.code == "revoked"
    assert "Issued in error" in str(refused.value)


def test_revoked_nested_credential_is_left_out(issuer):
    course = oi.achievement_credential(issuer, 1)
    course["credentialStatus"] = oi.revocation_list(issuer, {course["id"]: "Withdrawn"})
    nested = [oi.sign_data_integrity(course, issuer)]
    document = oi.sign_data_integrity(oi.clr_credential(issuer, nested), issuer)
    record = verify("json", json.dumps(document), issuer)
    assert record.credentials == ()
    assert any("(revoked)" in s for s in record.credential.verification.steps)


def test_vc_jwt_record(issuer):
    nested = [oi.sign_data_integrity(oi.achievement_credential(issuer, 1), issuer)]
    token = oi.sign_vc_jwt(oi.clr_credential(issuer, nested), issuer)
    record = verify("jws", token, issuer)
    assert record.credential.verification.method == "vc-jwt"
    assert [c.name for c in record.credentials] == ["Course 1"]


def test_vc_jwt_record_tampered(issuer):
    nested = [oi.sign_data_integrity(oi.achievement_credential(issuer, 1), issuer)]
    token = oi.sign_vc_jwt(oi.clr_credential(issuer, nested), issuer)
    head, _payload, signature = token.split(".")
    other = oi.sign_vc_jwt(oi.clr_credential(issuer, nested, name="Forged"), issuer)
    with pytest.raises(ImportRefused) as refused:
        verify("jws", f"{head}.{other.split('.')[1]}.{signature}", issuer)
    assert refused.value.code == "invalid_signature"


def test_nested_vc_jwt_credential(issuer):
    nested = [oi.sign_vc_jwt(oi.achievement_credential(issuer, 1), issuer)]
    document = oi.sign_data_integrity(oi.clr_credential(issuer, nested), issuer)
    record = verify("json", json.dumps(document), issuer)
    assert [c.verification.method for c in record.credentials] == ["vc-jwt"]


def test_vcdm_11_record(issuer):
    course = oi.achievement_credential(issuer, 1, vcdm="1.1")
    nested = [oi.sign_data_integrity(course, issuer, suite="Ed25519Signature2020")]
    document = oi.clr_credential(issuer, nested, vcdm="1.1")
    document = oi.sign_data_integrity(document, issuer, suite="Ed25519Signature2020")
    record = verify("json", json.dumps(document), issuer)
    assert record.credential.verification.steps[0] == "Structure checked: ClrCredential (VCDM 1.1)"


def test_baked_png_record(issuer):
    text = json.dumps(oi.signed_clr(issuer))
    baked = bake.bake_png(pillow_png(), text, keyword="openbadgecredential")
    payload = bake.extract_payload(baked)
    assert payload.carrier == "png"
    record = verify(payload.kind, payload.text, issuer)
    assert len(record.credentials) == 2


def test_record_by_url(issuer):
    issuer.fetcher.serve("https://issuer.example/records/1", oi.signed_clr(issuer))
    record = verify("url", "https://issuer.example/records/1", issuer)
    assert record.credential.name == "Transcript of Ada Learner"


def test_record_refused_where_only_badges_are_expected(issuer):
    with pytest.raises(ImportRefused) as refused:
        verify_payload(PayloadText("json", json.dumps(oi.signed_clr(issuer))), issuer.fetcher)
    assert refused.value.code == "unsupported"
    assert "learner record" in str(refused.value)


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"credentialSubject": {"type": ["AchievementSubject"]}}, "invalid", "ClrSubject"),
        (
            {"credentialSubject": {"type": ["ClrSubject"], "verifiableCredential": []}},
            "invalid",
            "holds no credentials",
        ),
        ({"@context": [oi.VC_V2, oi.OB_303]}, "unsupported", "CLR 2.0 JSON-LD context"),
        ({"issuer": {"type": ["Profile"]}}, "invalid", "issuer"),
    ],
)
def test_broken_record_is_refused_naming_why(issuer, change, code, words):
    document = oi.clr_credential(issuer, [])
    document.update(change)
    document = oi.sign_data_integrity(document, issuer) if "@context" not in change else document
    with pytest.raises(ImportRefused) as refused:
        verify("json", json.dumps(document), issuer)
    assert refused.value.code == code
    assert words in str(refused.value)


def test_sample_simple_clr():
    text = sample_bytes(f"{CLR_SAMPLES}/simple.json").decode()
    record = verify("json", text, oi.TestIssuer("", None, ""))
    assert record.credential.name == "Sample Transcript"
    assert [c.name for c in record.credentials] == ["Teamwork Badge"]
    assert record.associations


def test_sample_unknown_clr_context_is_named():
    text = sample_bytes(f"{CLR_SAMPLES}/complex.json").decode()
    with pytest.raises(ImportRefused) as refused:
        verify("json", text, oi.TestIssuer("", None, ""))
    assert refused.value.code == "unsupported"
    assert "clr/v2p0/context.json" in str(refused.value)


def test_baked_svg_record(issuer):
    text = json.dumps(oi.signed_clr(issuer))
    svg = (
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        f"<openbadges:credential><![CDATA[{text}]]></openbadges:credential><g/></svg>"
    ).encode()
    payload = bake.extract_payload(svg)
    assert payload.carrier == "svg"
    record = verify(payload.kind, payload.text, issuer)
    assert len(record.credentials) == 2


@pytest.mark.parametrize(
    "subject_change",
    [
        {"verifiableCredential": [None, 3, "not a token", {"proof": "x"}, []]},
        {"achievement": "Bachelor", "association": [1, {"associationType": 5}]},
        {"achievement": [{"type": "Achievement"}, {"name": 7}], "association": "x"},
        {"identifier": "learner@example.org"},
    ],
)
def test_odd_shapes_inside_a_signed_record_never_crash(issuer, subject_change):
    document = oi.clr_credential(
        issuer, [oi.sign_data_integrity(oi.achievement_credential(issuer, 1), issuer)]
    )
    document["credentialSubject"].update(subject_change)
    signed = oi.sign_data_integrity(document, issuer)
    try:
        record = verify("json", json.dumps(signed), issuer)
    except ImportRefused as refused:
        assert refused.code in ("invalid", "unsupported", "invalid_signature")
    else:
        assert isinstance(record, clr.LearnerRecord)
        assert all(a.name for a in record.achievements)


def test_each_nested_credential_has_the_documents_budget_of_a_badge(issuer):
    from badges.openbadges.fetch_budget import BudgetedFetcher

    # The record needs one document (the issuer's DID document), and so does each
    # credential in it: a budget of one document per badge is enough for all three.
    budgeted = BudgetedFetcher(issuer.fetcher, max_requests=1)
    text = json.dumps(oi.signed_clr(issuer))
    record = verify_payload(PayloadText("json", text), budgeted, now=NOW, records=True)
    assert len(record.credentials) == 2


def test_nested_credentials_share_the_records_deadline(issuer):
    from badges.openbadges.fetch_budget import BudgetedFetcher

    moments = iter([0.0, 1.0, 2.0] + [100.0] * 50)  # past the deadline after the record
    budgeted = BudgetedFetcher(issuer.fetcher, seconds=10, clock=lambda: next(moments))
    text = json.dumps(oi.signed_clr(issuer))
    record = verify_payload(PayloadText("json", text), budgeted, now=NOW, records=True)
    assert record.credentials == ()
    assert any("more time or more documents" in s for s in record.credential.verification.steps)
