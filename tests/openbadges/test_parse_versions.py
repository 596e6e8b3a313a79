"""Reading Open Badges 0.5, 1.0, 1.1 and 2.0 JSON, and the dates inside it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badges.openbadges import dates, parse
from badges.openbadges.errors import ImportRefused
from tests.openbadges.fake_issuer import REMOVE, FakeIssuer, apply

OB2 = "https://w3id.org/openbadges/v2"


@pytest.fixture(scope="module")
def issuer():
    return FakeIssuer()


def refused(call, *args, **kwargs) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        call(*args, **kwargs)
    return caught.value


# --- telling versions apart ---------------------------------------------------------


@pytest.mark.parametrize("version", ["0.5", "1.0", "1.1", "2.0"])
def test_each_fake_issuer_shape_is_recognised(issuer, version):
    assert parse.detect_version(issuer.assertion(version=version)) == version


@pytest.mark.parametrize(
    "context",
    [
        OB2,
        OB2 + "/",
        [OB2, {"extra": "https://example.org/extra#"}],
        ["https://openbadgespec.org/v2/context.json"],
    ],
)
def test_2_0_context_forms(context):
    assert parse.detect_version({"@context": context, "type": "Assertion"}) == "2.0"


def test_1_1_context():
    assert parse.detect_version({"@context": "https://w3id.org/openbadges/v1"}) == "1.1"


def test_2_0_without_context_is_read_as_2_0(issuer):
    doc = issuer.assertion(version="2.0", **{"@context": REMOVE})

    assert parse.detect_version(doc) == "2.0"


def test_unknown_context_is_unsupported():
    error = refused(parse.detect_version, {"@context": "https://w3id.org/openbadges/invalid"})

    assert error.code == "unsupported"
    assert "https://w3id.org/openbadges/invalid" in str(error)


def test_a_badge_class_is_not_an_awarded_badge(issuer):
    error = refused(parse.detect_version, issuer.badge_class)

    assert error.code == "invalid"
    assert "BadgeClass" in str(error)


@pytest.mark.parametrize("doc", [None, [], "text", 3, {"name": "x"}])
def test_non_assertions_are_refused(doc):
    assert refused(parse.detect_version, doc).code in ("invalid", "unsupported")


def test_ob3_documents_are_recognised():
    assert parse.is_ob3({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "X"})
    assert parse.is_ob3({"@context": "https://www.w3.org/2018/credentials/v1"})
    assert parse.is_ob3({"type": ["VerifiableCredential", "OpenBadgeCredential"]})
    assert parse.is_ob3({"vc": {"type": "AchievementCredential"}, "iss": "x"})
    assert parse.is_ob3({"@context": OB2, "type": ["VerifiableCredential", "Degree"]})
    assert not parse.is_ob3({"@context": OB2, "type": "Assertion"})


# --- 2.0 ----------------------------------------------------------------------------


def test_2_0_assertion_fields(issuer):
    doc = issuer.assertion("ann@example.org", "2.0", expires="2030-01-01T00:00:00Z")

    info = parse.read_assertion(doc)

    assert (info.version, info.spec, info.method) == ("2.0", "2.0", "hosted")
    assert info.hosted_url == info.id == doc["id"]
    assert info.badge == issuer.badge_url
    assert info.recipient.type == "email" and info.recipient.hashed
    assert info.recipient.salt == "s4lt"
    assert info.issued_on == datetime(2024, 1, 15, 10, tzinfo=UTC)
    assert info.expires == datetime(2030, 1, 1, tzinfo=UTC)
    assert info.evidence[0].narrative == "Built it."
    assert info.narrative == "Built a working robot."


def test_2_0_tolerates_real_world_shapes(issuer):
    doc = issuer.assertion(
        type=["Assertion", "extensions:Custom"],
        recipient={"type": "http://schema.org/email", "hashed": "true", "identity": "sha256$AB12"},
        verification={"type": ["hosted"]},
        evidence="https://issuer.example/evidence",
        image={"id": "https://issuer.example/baked.png"},
    )

    info = parse.read_assertion(doc)

    assert info.method == "hosted"
    assert info.recipient.type == "email" and info.recipient.hashed is True
    assert info.evidence[0].url == "https://issuer.example/evidence"
    assert info.image == "https://issuer.example/baked.png"


def test_2_0_signed_verification_gives_the_creator(issuer):
    info = parse.read_assertion(issuer.assertion(method="signed"))

    assert info.method == "signed"
    assert info.key_url == issuer.key_url
    assert info.hosted_url == ""


def test_unknown_verification_type_is_unsupported(issuer):
    error = refused(parse.read_assertion, issuer.assertion(verification={"type": "Blockchain"}))

    assert error.code == "unsupported"


def test_hosted_badge_needs_a_web_id(issuer):
    error = refused(parse.read_assertion, issuer.assertion(id="urn:uuid:123"))

    assert error.code == "invalid"
    assert "urn:uuid:123" in str(error)


@pytest.mark.parametrize("prop", ["id", "type", "recipient", "badge", "verification", "issuedOn"])
def test_2_0_assertion_required_properties(issuer, prop):
    error = refused(parse.read_assertion, issuer.assertion(**{prop: REMOVE}), "2.0")

    assert error.code == "invalid"
    assert error.params["property"] == prop


@pytest.mark.parametrize(
    ("prop", "value", "named"),
    [
        ("recipient", ["a@b.org"], "recipient"),
        ("recipient", {"type": "email"}, "recipient.identity"),
        ("badge", 42, "badge"),
        ("verification", "hosted", "verification"),
        ("verification", {}, "verification.type"),
        ("issuedOn", "last tuesday", "issuedOn"),
        ("issuedOn", True, "issuedOn"),
        ("expires", {"a": 1}, "expires"),
    ],
)
def test_2_0_assertion_wrong_types_are_refused_by_name(issuer, prop, value, named):
    error = refused(parse.read_assertion, issuer.assertion(**{prop: value}), "2.0")

    assert error.code == "invalid"
    assert named in str(error)


def test_2_0_wrong_assertion_type():
    doc = {"@context": OB2, "type": "OtherAssertion", "id": "https://x.example/1"}

    assert "OtherAssertion" in str(refused(parse.read_assertion, doc))


def test_2_0_badge_class_fields(issuer):
    badge = parse.read_badge_class(issuer.badge_class, "2.0")

    assert badge.id == issuer.badge_url
    assert badge.name == "Robotics"
    assert badge.image == "https://issuer.example/images/robotics.png"
    assert badge.criteria_url == "https://issuer.example/criteria/robotics"
    assert badge.criteria_narrative == "Build a *robot*."
    assert badge.issuer == issuer.profile_url
    assert badge.tags == ("robots", "engineering")
    (alignment,) = badge.alignments
    assert alignment.name == "Robot building"
    assert alignment.url == "https://standards.example/robots/1"
    assert (alignment.framework, alignment.code) == ("Robot Standards", "RB-1")


def test_2_0_criteria_as_iri_and_image_as_data_uri(issuer):
    doc = apply(
        dict(issuer.badge_class),
        {"criteria": "https://issuer.example/how", "image": "data:image/png;base64,iVBORw0KGgo="},
    )

    badge = parse.read_badge_class(doc, "2.0")

    assert (badge.criteria_url, badge.criteria_narrative) == ("https://issuer.example/how", "")
    assert badge.image.startswith("data:image/png")


def test_json_ld_value_objects_and_language_lists_are_read(issuer):
    doc = apply(
        dict(issuer.badge_class),
        {"name": {"@value": "Robótica", "@language": "es"}, "description": ["Hecho", "Done"]},
    )

    badge = parse.read_badge_class(doc, "2.0")

    assert (badge.name, badge.description) == ("Robótica", "Hecho")


@pytest.mark.parametrize("prop", ["name", "description", "image", "criteria", "issuer"])
def test_2_0_badge_class_required_properties(issuer, prop):
    doc = apply(dict(issuer.badge_class), {prop: REMOVE})

    error = refused(parse.read_badge_class, doc, "2.0")

    assert error.params["property"] == prop
    assert "badge class" in str(error)


def test_2_0_badge_class_javascript_image_is_refused(issuer):
    doc = apply(dict(issuer.badge_class), {"image": "javascript:alert(1)"})

    assert refused(parse.read_badge_class, doc, "2.0").params["property"] == "image"


def test_2_0_issuer_profile(issuer):
    doc = apply(
        dict(issuer.profile),
        {
            "publicKey": [
                issuer.key_url,
                {"id": "https://issuer.example/k2", "publicKeyPem": "PEM"},
            ],
            "verification": {
                "allowedOrigins": ["Issuer.Example"],
                "startsWith": "https://issuer.example/a/",
            },
        },
    )

    info = parse.read_issuer(doc, "2.0", fetched_from=issuer.profile_url)

    assert info.issuer.name == "Example Issuer"
    assert info.issuer.url == "https://issuer.example"
    assert info.issuer.email == "badges@issuer.example"
    assert info.issuer.image == "https://issuer.example/logo.png"
    assert [key.id for key in info.public_keys] == [issuer.key_url, "https://issuer.example/k2"]
    assert info.public_keys[1].pem == "PEM"
    assert info.allowed_origins == ("issuer.example",)
    assert info.starts_with == ("https://issuer.example/a/",)
    assert info.revocation_list == issuer.revocation_list_url
    assert info.default_hosts == ("issuer.example",)


def test_issuer_of_the_wrong_type_is_refused():
    doc = {"id": "http://example.org/issuer-invalid-type", "type": "Criteria", "name": "x"}

    assert "Criteria" in str(refused(parse.read_issuer, doc, "2.0"))


def test_issuer_needs_a_name(issuer):
    doc = apply(dict(issuer.profile), {"name": REMOVE})

    assert refused(parse.read_issuer, doc, "2.0").params["property"] == "name"


# --- 1.0, 1.1 and 0.5 ---------------------------------------------------------------


def test_1_0_assertion_fields(issuer):
    doc = issuer.assertion("ann@example.org", "1.0")

    info = parse.read_assertion(doc)

    assert (info.version, info.spec) == ("1.0", "1.0")
    assert info.uid == doc["uid"]
    assert info.hosted_url == doc["verify"]["url"]
    assert info.issued_on == datetime(2024, 1, 15, 10, tzinfo=UTC)  # from a Unix timestamp
    assert info.evidence[0].url.startswith("https://issuer.example/evidence/")


def test_1_1_assertion_uses_its_id_when_verify_has_no_url(issuer):
    doc = issuer.assertion(version="1.1", verify=REMOVE, verification={"type": "hosted"})

    info = parse.read_assertion(doc)

    assert (info.version, info.spec) == ("1.1", "1.0")
    assert info.hosted_url == doc["id"]


def test_1_0_signed_gives_the_key_url(issuer):
    info = parse.read_assertion(issuer.assertion(version="1.0", method="signed"))

    assert info.method == "signed" and info.key_url == issuer.v1_key_url


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"verify": REMOVE}, "verify"),
        ({"verify": {"url": "https://x.example/a"}}, "verify.type"),
        ({"verify": {"type": "hosted"}}, "verify.url"),
        ({"uid": REMOVE}, "uid"),
        ({"recipient": "test@example.com"}, "recipient"),
        ({"badge": "not a url"}, "badge"),
        ({"issuedOn": REMOVE}, "issuedOn"),
    ],
)
def test_1_0_required_properties(issuer, changes, named):
    doc = apply(issuer.assertion(version="1.0"), changes)

    error = refused(parse.read_assertion, doc, "1.0")

    assert error.code == "invalid"
    assert named in str(error)


def test_1_0_badge_class_and_issuer(issuer):
    badge = parse.read_badge_class(issuer.v1_badge, "1.0")
    info = parse.read_issuer(issuer.v1_issuer, "1.0", fetched_from=issuer.v1_issuer_url)

    assert badge.alignments[0].name == "Robot building"
    assert badge.criteria_url == "https://issuer.example/criteria/robotics"
    assert info.id == issuer.v1_issuer_url  # 1.0 issuers have no id of their own
    assert info.revocation_list == issuer.v1_revocation_list_url
    assert info.default_hosts == ("issuer.example",)


def test_1_0_issuer_needs_a_url(issuer):
    doc = apply(dict(issuer.v1_issuer), {"url": REMOVE})

    assert refused(parse.read_issuer, doc, "1.0").params["property"] == "url"


def test_0_5_relative_urls_resolve_against_the_issuer_origin(issuer):
    doc = issuer.assertion("ann@example.org", "0.5")

    info = parse.read_assertion(doc)
    badge = parse.read_badge_class(doc["badge"], "0.5", origin="https://issuer.example")
    issuer_info = parse.read_issuer(doc["badge"]["issuer"], "0.5")

    assert info.recipient.hashed and info.recipient.salt == "s4lt"
    assert info.evidence[0].url.startswith("https://issuer.example/evidence/")
    assert badge.image == "https://issuer.example/images/robotics.png"
    assert issuer_info.id == "https://issuer.example"
    assert issuer_info.issuer.email == "badges@issuer.example"


def test_0_5_plain_recipient_and_missing_date(issuer):
    doc = issuer.assertion("ann@example.org", "0.5", hashed=False, issued_on=REMOVE)

    info = parse.read_assertion(doc)

    assert info.recipient.identity == "ann@example.org" and not info.recipient.hashed
    assert info.issued_on is None


def test_0_5_needs_an_issuer_origin(issuer):
    doc = issuer.assertion(version="0.5")
    del doc["badge"]["issuer"]["origin"]

    assert refused(parse.read_assertion, doc).params["property"] == "origin"


def test_hosted_url_hint_reads_stale_or_stripped_copies():
    assert (
        parse.hosted_url_hint({"verify": {"url": "https://a.example/1"}}) == "https://a.example/1"
    )
    assert (
        parse.hosted_url_hint({"id": "https://a.example/2", "revoked": True})
        == "https://a.example/2"
    )
    assert parse.hosted_url_hint({"id": "urn:uuid:1"}) == ""
    assert parse.hosted_url_hint("nope") == ""


def test_same_id_ignores_trailing_slash_host_case_and_default_port():
    assert parse.same_id("https://Issuer.Example:443/a/", "https://issuer.example/a")
    assert not parse.same_id("https://issuer.example/a", "http://issuer.example/a")
    assert not parse.same_id("", "")


# --- dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-12-31T23:59:59Z", datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("2016-12-31T23:59:59+02:00", datetime(2016, 12, 31, 21, 59, 59, tzinfo=UTC)),
        ("2017-10-01T00:00Z", datetime(2017, 10, 1, tzinfo=UTC)),
        ("2016-12-31T23:59:59.123456", datetime(2016, 12, 31, 23, 59, 59, 123456, tzinfo=UTC)),
        ("2015-04-30", datetime(2015, 4, 30, tzinfo=UTC)),
        (" 2015-04-30 ", datetime(2015, 4, 30, tzinfo=UTC)),
        (1705312800, datetime(2024, 1, 15, 10, tzinfo=UTC)),
        ("1705312800", datetime(2024, 1, 15, 10, tzinfo=UTC)),
        (1705312800000, datetime(2024, 1, 15, 10, tzinfo=UTC)),  # milliseconds
    ],
)
def test_parse_datetime_forms(value, expected):
    assert dates.parse_datetime(value) == expected


@pytest.mark.parametrize("value", ["", "yesterday", "2016-13-45", True, None, [], -5, 1e300])
def test_parse_datetime_refuses_naming_the_field(value):
    error = refused(dates.parse_datetime, value, field="expires")

    assert error.code == "invalid"
    assert error.params["field"] == "expires"


def test_issued_on_in_the_future_allows_a_little_clock_skew():
    now = datetime(2024, 1, 1, tzinfo=UTC)

    dates.check_issued_on(now + timedelta(minutes=4), now)
    error = refused(dates.check_issued_on, now + timedelta(hours=1), now)

    assert "2024-01-01T01:00:00+00:00" in str(error)


def test_expiry():
    now = datetime(2024, 1, 1, tzinfo=UTC)

    assert dates.is_expired(now - timedelta(seconds=1), now)
    assert not dates.is_expired(now + timedelta(days=1), now)
    assert not dates.is_expired(None, now)
    assert refused(dates.check_expires_after_issue, now, now - timedelta(days=1)).code == "invalid"


# --- malformed input never escapes as anything but ImportRefused -------------------

KEYS = [
    "@context", "type", "id", "uid", "recipient", "identity", "hashed", "salt", "badge",
    "verification", "verify", "url", "creator", "issuedOn", "issued_on", "expires", "image",
    "evidence", "narrative", "name", "description", "criteria", "issuer", "origin", "version",
    "alignment", "targetName", "tags", "publicKey", "publicKeyPem", "revocationList",
    "allowedOrigins", "startsWith", "endorsement", "email", "contact", "revoked", "@value",
]  # fmt: skip
STRINGS = [
    OB2, "https://w3id.org/openbadges/v1", "Assertion", "BadgeClass", "Profile", "hosted",
    "signed", "HostedBadge", "SignedBadge", "email", "0.5.0", "https://issuer.example/a",
    "http://[::1", "urn:uuid:1", "data:image/png;base64,AA", "sha256$abc", "2024-01-01",
    "1705312800", "", "a@b.org", "_:b0",
]  # fmt: skip
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False)
    | st.sampled_from(STRINGS)
    | st.text(max_size=20)
)
json_ish = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=8)
    ),
    max_leaves=30,
)
documents = st.dictionaries(st.sampled_from(KEYS), json_ish, max_size=12)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents | json_ish, version=st.sampled_from(["0.5", "1.0", "1.1", "2.0", None]))
def test_readers_only_ever_refuse(doc, version):
    readers = [
        lambda: parse.detect_version(doc),
        lambda: parse.read_assertion(doc, version),
        lambda: parse.read_badge_class(doc, version or "2.0", origin="https://o.example"),
        lambda: parse.read_issuer(doc, version or "2.0", fetched_from="https://o.example/i"),
        lambda: parse.hosted_url_hint(doc),
        lambda: parse.is_ob3(doc),
    ]
    for read in readers:
        try:
            read()
        except ImportRefused as error:
            assert error.render()


@given(text=st.text(max_size=200) | st.builds(json.dumps, json_ish))
def test_load_json_only_ever_refuses(text):
    try:
        parse.load_json(text)
    except ImportRefused as error:
        assert error.code == "invalid"
