"""The Open Badges community's own 0.5–2.0 samples, read in place and served by a fake web.

The 1EdTech validator samples name ``example.org`` (and ``a.com``, ``oldstyle.com``)
URLs; a ``FakeFetcher`` serves those URLs from the sample files, so nothing touches the
network and the badges are checked exactly as published.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from badges.openbadges.bake import extract_payload
from badges.openbadges.errors import ImportRefused
from badges.openbadges.identity import match_email
from badges.openbadges.verify import PayloadText, verify_payload
from tests.openbadges.fake_issuer import FakeFetcher
from tests.samples import OB20_DIR, sample_bytes, sample_path

CORE = "openbadges-validator-core/extracted_from_test_components"
ASSETS = f"{OB20_DIR}/assets"
NOW = datetime(2024, 6, 1, tzinfo=UTC)
NOBODY = "nobody@example.org"  # the spec's check value for the hashed recipients


def check(kind, text, fetcher, **kwargs):
    return verify_payload(PayloadText(kind, text), fetcher, now=NOW, **kwargs)


def refused(kind, text, fetcher) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        check(kind, text, fetcher)
    return caught.value


def core(name: str) -> str:
    return sample_bytes(f"{CORE}/{name}").decode("utf-8")


@pytest.fixture
def example_org() -> FakeFetcher:
    """Every file in the inspector's ``assets/`` at http(s)://example.org/<name>."""
    fetcher = FakeFetcher()
    for path in sorted(sample_path(ASSETS).iterdir()):
        for scheme in ("http", "https"):
            fetcher.serve(f"{scheme}://example.org/{path.name}", path.read_bytes())
    return fetcher


def hosted_at_example_org(fetcher: FakeFetcher, sample: str) -> str:
    """Serve an inspector sample assertion at the id it names; its text."""
    text = sample_bytes(f"{OB20_DIR}/{sample}").decode("utf-8")
    fetcher.serve("https://example.org/beths-robotics-badge.json", text)
    return text


# --- validator-core: one assertion per version ---------------------------------------


def test_core_0_5_assertion():
    fetcher = FakeFetcher()
    fetcher.serve("http://oldstyle.com/assertions/1.json", core("0_5_assertion.json"))

    credential = check("url", "http://oldstyle.com/assertions/1.json", fetcher)

    assert credential.spec == "0.5"
    assert credential.name == "Basic McBadge"
    assert credential.issuer.name == "Basic Issuer"
    assert credential.issuer.id == "http://oldstyle.com"
    assert match_email(credential.recipients, ["test@example.com"]) == "test@example.com"


def test_core_0_5_1_hashed_assertion_with_its_source_url():
    fetcher = FakeFetcher()
    text = core("0_5_1_assertion.json")
    fetcher.serve("http://oldstyle.com/assertions/2.json", text)

    credential = check("json", text, fetcher, source_url="http://oldstyle.com/assertions/2.json")

    assert credential.spec == "0.5"
    assert credential.issued_on == datetime(2011, 6, 1, tzinfo=UTC)
    assert credential.recipients[0].hashed and credential.recipients[0].salt == "sel gris"


@pytest.mark.parametrize(
    "name", ["1_0_basic_assertion.json", "1_0_basic_assertion_with_extra_properties.json"]
)
def test_core_1_0_assertion(name):
    fetcher = FakeFetcher()
    text = core(name)
    for url in ("http://a.com/instance", "http://a.com/instance3"):
        fetcher.serve(url, text)
    fetcher.serve("http://a.com/badgeclass", core("1_0_basic_badgeclass.json"))
    fetcher.serve("http://a.com/issuer", core("1_0_basic_issuer.json"))

    credential = check("json", text, fetcher)

    assert credential.spec == "1.0"
    assert credential.name == "Basic Badge"
    assert credential.description == "Basic as it gets. v1.0"
    assert credential.issuer.name == "Basic Issuer"
    assert credential.issuer.url == "http://a.com/issuer"
    assert credential.issued_on == datetime(2015, 4, 30, tzinfo=UTC)
    assert match_email(credential.recipients, ["test@example.com"]) == "test@example.com"


def test_core_1_0_assertion_with_errors_is_refused():
    fetcher = FakeFetcher()
    text = core("1_0_assertion_with_errors.json")
    fetcher.serve("http://a.com/instance", text)

    error = refused("json", text, fetcher)

    assert error.code == "invalid"
    assert error.params["property"] == "recipient"


@pytest.mark.parametrize(("version", "spec"), [("1_1", "1.0"), ("2_0", "2.0")])
def test_core_1_1_and_2_0_assertions(version, spec):
    fetcher = FakeFetcher()
    text = core(f"{version}_basic_assertion.json")
    fetcher.serve("https://example.org/beths-robotics-badge.json", text)
    fetcher.serve(
        "https://example.org/robotics-badge.json", core(f"{version}_basic_badgeclass.json")
    )
    fetcher.serve("https://example.org/organization.json", core(f"{version}_basic_issuer.json"))

    credential = check("json", text, fetcher)

    assert credential.spec == spec
    assert credential.name == "Awesome Robotics Badge"
    assert credential.issuer.name == "An Example Badge Issuer"
    assert credential.issuer.email == "contact@example.org"
    assert credential.evidence[0].url == "https://example.org/beths-robot-work.html"
    assert match_email(credential.recipients, [NOBODY]) == NOBODY


# --- inspector: signed 2.0 ----------------------------------------------------------


def jwt_sample(name: str) -> str:
    return sample_bytes(f"{OB20_DIR}/{name}").decode("ascii")


@pytest.mark.parametrize("name", ["simple.jwt", "simple-not-revoked.jwt"])
def test_inspector_signed_assertions_verify(example_org, name):
    credential = check("jws", jwt_sample(name), example_org)

    assert credential.spec == "2.0"
    assert credential.verification.method == "signed"
    assert credential.verification.status == "verified"
    assert credential.verification.algorithm == "RS256"
    assert credential.name == "Awesome Robotics Badge"
    assert credential.issuer.name == "An Example Badge Issuer"
    assert match_email(credential.recipients, [NOBODY]) == NOBODY


def test_inspector_simple_jwt_names_its_key_and_notes_no_revocation_list(example_org):
    credential = check("jws", jwt_sample("simple.jwt"), example_org)

    assert credential.verification.key_id == "http://example.org/key1.json"
    assert "The issuer publishes no revocation list." in credential.verification.steps


def test_inspector_revoked_signed_assertion(example_org):
    error = refused("jws", jwt_sample("simple-revoked.jwt"), example_org)

    assert error.code == "revoked"
    assert error.params["reason"] == "A good reason, for sure"


def test_inspector_signed_assertion_with_the_wrong_key(example_org):
    example_org.serve("http://example.org/key1.json", sample_bytes(f"{ASSETS}/key2.json"))

    assert refused("jws", jwt_sample("simple.jwt"), example_org).code == "invalid_signature"


# --- inspector: hosted 2.0 ----------------------------------------------------------


def test_inspector_basic_hosted_assertion(example_org):
    text = hosted_at_example_org(example_org, "basic-assertion.json")

    credential = check("json", text, example_org)

    assert credential.verification.status == "verified"
    assert credential.criteria_url == "https://example.org/badgecriteria.json"
    assert match_email(credential.recipients, [NOBODY]) == NOBODY


@pytest.mark.parametrize(
    "sample",
    [
        "basic-assertion-with-allowed-origins.json",
        "basic-assertion-with-allowed-origins-valid-starts-with.json",
        "basic-assertion-with-allowed-origins-valid-multiple-starts-with.json",
        "basic-assertion-with-language.json",
        "assertion-with-data-image.json",
    ],
)
def test_inspector_hosted_assertions_that_pass(example_org, sample):
    text = hosted_at_example_org(example_org, sample)

    assert check("json", text, example_org).verification.status == "verified"


@pytest.mark.parametrize(
    ("sample", "code"),
    [
        ("basic-assertion-with-allowed-origins-invalid-starts-with.json", "invalid"),
        ("basic-assertion-with-allowed-origins-invalid-multiple-starts-with.json", "invalid"),
        ("basic-assertion-in-future.json", "invalid"),
        ("basic-assertion-expired-before-issued.json", "invalid"),
        ("basic-assertion-invalid-type.json", "invalid"),
        ("basic-assertion-invalid-context.json", "unsupported"),
    ],
)
def test_inspector_hosted_assertions_that_fail(example_org, sample, code):
    text = hosted_at_example_org(example_org, sample)

    assert refused("json", text, example_org).code == code


def test_inspector_expired_assertion_is_accepted_as_expired(example_org):
    text = hosted_at_example_org(example_org, "basic-assertion-expired.json")

    credential = check("json", text, example_org)

    assert credential.verification.status == "expired"
    assert credential.expires == datetime(2022, 11, 15, 23, 59, 59, tzinfo=UTC)


def test_inspector_assertion_with_endorsements(example_org):
    text = hosted_at_example_org(example_org, "assertion-with-endorsements.json")

    credential = check("json", text, example_org)

    assert len(credential.endorsements) == 4
    assert {e.comment for e in credential.endorsements} == {"Pretty good"}
    assert {e.issuer_name for e in credential.endorsements} == {"Example Issuer"}
    assert all(e.verified for e in credential.endorsements)
    assert credential.badge_class_id == "https://example.org/badgeclass-with-endorsements.json"


def test_inspector_baked_png_served_at_a_url_is_unbaked_and_verified(example_org):
    hosted_at_example_org(example_org, "basic-assertion.json")
    png = sample_bytes(f"{OB20_DIR}/simple-badge.png")
    example_org.serve("https://example.org/my-badge.png", png, content_type="image/png")

    credential = check(
        "url", "https://example.org/my-badge.png", example_org, unbake=extract_payload
    )

    assert credential.verification.status == "verified"
    assert credential.verification.source_url == "https://example.org/beths-robotics-badge.json"
    assert match_email(credential.recipients, [NOBODY]) == NOBODY
