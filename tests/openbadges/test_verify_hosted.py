"""Hosted verification of Open Badges 0.5, 1.0, 1.1 and 2.0, and the entry point."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from badges.openbadges import guard, ob3, trust, verify
from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch_types import Response
from badges.openbadges.identity import match_email
from badges.openbadges.verify import PayloadText, recheck, verify_payload
from tests.openbadges.fake_issuer import REMOVE, VERSIONS, FakeIssuer, apply
from tests.openbadges.test_parse_versions import KEYS, json_ish

NOW = datetime(2024, 6, 1, tzinfo=UTC)
SPEC = {"0.5": "0.5", "1.0": "1.0", "1.1": "1.0", "2.0": "2.0"}


@pytest.fixture
def issuer():
    return FakeIssuer()


def check(kind, text, fetcher, **kwargs):
    return verify_payload(PayloadText(kind, text), fetcher, now=NOW, **kwargs)


def refused(kind, text, fetcher, **kwargs) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        check(kind, text, fetcher, **kwargs)
    return caught.value


# --- every version, by URL and as pasted JSON ---------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_hosted_badge_verifies_from_its_url(issuer, version):
    url, text = issuer.hosted_assertion("ann@example.org", version)

    credential = check("url", url, issuer.fetcher)

    assert credential.spec == SPEC[version]
    assert credential.name == "Robotics"
    assert credential.issuer.name == "Example Issuer"
    assert credential.id == url
    assert credential.original == text
    assert credential.verification.method == "hosted"
    assert credential.verification.status == "verified"
    assert credential.verification.source_url == url
    assert credential.verification.checked_at == NOW
    assert credential.verification.steps[0] == f"Fetched the assertion from {url}."
    assert match_email(credential.recipients, ["ann@example.org"]) == "ann@example.org"
    assert (url, "get_uncached") in issuer.fetcher.requests


@pytest.mark.parametrize("version", ["1.0", "1.1", "2.0"])
def test_hosted_badge_verifies_from_pasted_json(issuer, version):
    url, text = issuer.hosted_assertion("ann@example.org", version)

    credential = check("json", text, issuer.fetcher)

    assert credential.spec == SPEC[version]
    assert credential.original == text
    assert credential.verification.source_url == url
    assert issuer.fetcher.fetched(url) == 1


def test_0_5_json_needs_the_address_it_was_published_at(issuer):
    url, text = issuer.hosted_assertion("ann@example.org", "0.5")

    error = refused("json", text, issuer.fetcher)
    credential = check("json", text, issuer.fetcher, source_url=url)

    assert error.code == "unsupported"
    assert "by that URL" in str(error)
    assert credential.spec == "0.5" and credential.id == url
    assert credential.issued_on == datetime(2024, 1, 15, tzinfo=UTC)


def test_0_5_published_on_another_origin_is_refused(issuer):
    _url, text = issuer.hosted_assertion("ann@example.org", "0.5")
    issuer.fetcher.serve("https://mirror.example/badge.json", text)

    error = refused("url", "https://mirror.example/badge.json", issuer.fetcher)

    assert error.code == "invalid"
    assert "mirror.example" in str(error)


def test_2_0_fills_every_field(issuer):
    url, _text = issuer.hosted_assertion("ann@example.org", expires="2030-01-01T00:00:00Z")

    credential = check("url", url, issuer.fetcher)

    assert credential.description == "Built a robot that works."
    assert credential.image == "https://issuer.example/images/robotics.png"
    assert credential.badge_class_id == issuer.badge_url
    assert credential.criteria_url == "https://issuer.example/criteria/robotics"
    assert credential.criteria_narrative == "Build a *robot*."
    assert credential.issued_on == datetime(2024, 1, 15, 10, tzinfo=UTC)
    assert credential.expires == datetime(2030, 1, 1, tzinfo=UTC)
    assert credential.narrative == "Built a working robot."
    assert credential.evidence[0].name == "Robot"
    assert credential.tags == ("robots", "engineering")
    assert credential.alignments[0].code == "RB-1"
    assert credential.issuer.id == issuer.profile_url
    assert credential.issuer.url == "https://issuer.example"
    assert credential.issuer.email == "badges@issuer.example"
    assert credential.issuer.image == "https://issuer.example/logo.png"
    assert credential.document["id"] == url
    assert credential.document["badge"]["name"] == "Robotics"
    assert credential.document["badge"]["issuer"]["id"] == issuer.profile_url


def test_the_fetched_copy_wins_over_a_stale_baked_copy(issuer):
    _url, text = issuer.hosted_assertion("ann@example.org")
    stale = json.loads(text)
    stale["recipient"] = issuer.recipient("mallory@example.org")
    stale["narrative"] = "Stale text"
    stale["expires"] = "2000-01-01T00:00:00Z"
    stale_text = json.dumps(stale)

    credential = check("json", stale_text, issuer.fetcher)

    assert match_email(credential.recipients, ["mallory@example.org", "ann@example.org"]) == (
        "ann@example.org"
    )
    assert credential.narrative == "Built a working robot."
    assert credential.expires is None
    assert credential.verification.status == "verified"
    assert credential.original == stale_text


def test_json_served_as_html_with_a_byte_order_mark(issuer):
    url, text = issuer.hosted_assertion()
    issuer.fetcher.serve(url, b"\xef\xbb\xbf\n" + text.encode(), content_type="text/html")

    assert check("url", url, issuer.fetcher).verification.status == "verified"


def test_an_assertion_found_elsewhere_is_fetched_at_its_id(issuer):
    url, text = issuer.hosted_assertion()
    issuer.fetcher.serve("https://issuer.example/share/1", text)

    credential = check("url", "https://issuer.example/share/1", issuer.fetcher)

    assert credential.verification.source_url == url
    assert issuer.fetcher.fetched(url) == 1


def test_an_assertion_whose_id_keeps_moving_is_refused(issuer):
    url, _text = issuer.hosted_assertion(id="https://issuer.example/b")
    issuer.fetcher.serve(
        "https://issuer.example/b", issuer.assertion(id="https://issuer.example/c")
    )

    error = refused("url", url, issuer.fetcher)

    assert error.code == "invalid"
    assert "https://issuer.example/c" in str(error)


def test_a_signed_badge_given_as_plain_json_is_refused(issuer):
    doc = issuer.assertion(method="signed")

    error = refused("json", json.dumps(doc), issuer.fetcher)

    assert error.code == "invalid"
    assert "signature" in str(error)


# --- revocation ---------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_gone_means_revoked_with_the_reason(issuer, version):
    url, _text = issuer.hosted_assertion(version=version)
    issuer.revoke(url, "Awarded in error")

    error = refused("url", url, issuer.fetcher)

    assert error.code == "revoked"
    assert error.params["reason"] == "Awarded in error"


def test_revoked_true_in_a_200_body_means_revoked(issuer):
    url, text = issuer.hosted_assertion()
    issuer.revoke(url, "Policy violation", how="flag")

    error = refused("json", text, issuer.fetcher)

    assert error.code == "revoked"
    assert "Policy violation" in str(error)


def test_gone_without_a_body_is_revoked_without_a_reason(issuer):
    url, _text = issuer.hosted_assertion()
    issuer.fetcher.serve(url, b"", status=410, content_type="text/plain")

    error = refused("url", url, issuer.fetcher)

    assert error.code == "revoked" and error.params == {}


@pytest.mark.parametrize("version", VERSIONS)
def test_recheck_reports_revoked_instead_of_refusing(issuer, version):
    url, _text = issuer.hosted_assertion("ann@example.org", version)
    stored = check("url", url, issuer.fetcher)
    issuer.revoke(url, "Awarded in error")

    again = recheck(stored.original, stored.verification.source_url, issuer.fetcher, now=NOW)

    assert again.verification.status == "revoked"
    assert again.verification.revocation_reason == "Awarded in error"
    assert again.name == "Robotics"
    assert match_email(again.recipients, ["ann@example.org"])


def test_recheck_of_a_valid_badge_is_verified(issuer):
    url, _text = issuer.hosted_assertion()
    stored = check("url", url, issuer.fetcher)

    again = recheck(stored.original, stored.verification.source_url, issuer.fetcher, now=NOW)

    assert again.verification.status == "verified"
    assert issuer.fetcher.fetched(url) == 2


def test_recheck_still_raises_when_the_issuer_cannot_be_reached(issuer):
    url, _text = issuer.hosted_assertion()
    stored = check("url", url, issuer.fetcher)
    issuer.fetcher.serve(url, "down", status=503)

    with pytest.raises(ImportRefused) as caught:
        recheck(stored.original, stored.verification.source_url, issuer.fetcher, now=NOW)

    assert caught.value.code == "fetch_failed"


# --- fetch failures -----------------------------------------------------------------


@pytest.mark.parametrize("status", [404, 403, 500, 503])
def test_error_statuses_are_fetch_failures_naming_host_and_status(issuer, status):
    url, text = issuer.hosted_assertion()
    issuer.fetcher.serve(url, "nope", status=status, content_type="text/plain")

    error = refused("json", text, issuer.fetcher)

    assert error.code == "fetch_failed"
    assert error.params["host"] == "issuer.example"
    assert error.params["status"] == status
    assert str(status) in str(error)


def test_unreachable_issuer(issuer):
    url, text = issuer.hosted_assertion()
    issuer.fetcher.fail(url)

    assert refused("json", text, issuer.fetcher).code == "fetch_failed"


def test_missing_badge_class_is_a_fetch_failure(issuer):
    url, _text = issuer.hosted_assertion()
    issuer.fetcher.remove(issuer.badge_url)

    error = refused("url", url, issuer.fetcher)

    assert error.code == "fetch_failed"
    assert error.params["url"] == issuer.badge_url


def test_badge_class_that_is_not_json(issuer):
    url, _text = issuer.hosted_assertion()
    issuer.fetcher.serve(issuer.badge_url, "<html>hello</html>", content_type="text/html")

    error = refused("url", url, issuer.fetcher)

    assert error.code == "invalid"
    assert issuer.badge_url in str(error)


# --- verification scope -------------------------------------------------------------


def test_assertion_hosted_on_another_site_is_refused(issuer):
    evil = FakeIssuer("https://evil.example", fetcher=issuer.fetcher)
    url, _text = evil.hosted_assertion(badge=issuer.badge_url)

    error = refused("url", url, issuer.fetcher)

    assert error.code == "invalid"
    assert error.params["host"] == "evil.example"


def test_allowed_origins_replace_the_issuers_own_host(issuer):
    issuer.update_profile(verification={"allowedOrigins": ["cdn.example"]})
    cdn = FakeIssuer("https://cdn.example", fetcher=issuer.fetcher)
    on_cdn, _ = cdn.hosted_assertion(badge=issuer.badge_url)
    at_home, _ = issuer.hosted_assertion()

    assert check("url", on_cdn, issuer.fetcher).verification.status == "verified"
    assert refused("url", at_home, issuer.fetcher).code == "invalid"


def test_starts_with_narrows_the_scope(issuer):
    issuer.update_profile(verification={"startsWith": ["https://issuer.example/assertions/"]})
    inside, _ = issuer.hosted_assertion()
    issuer.update_profile(verification={"startsWith": "https://issuer.example/other/"})
    outside, _ = issuer.hosted_assertion()

    assert issuer.fetcher.routes[inside]  # published
    assert refused("url", outside, issuer.fetcher).code == "invalid"
    issuer.update_profile(verification={"startsWith": "https://issuer.example/assertions/"})
    assert check("url", inside, issuer.fetcher).verification.status == "verified"


def test_an_embedded_issuer_cannot_widen_its_own_scope(issuer):
    evil = FakeIssuer("https://evil.example", fetcher=issuer.fetcher)
    forged_issuer = {**issuer.profile, "verification": {"allowedOrigins": "evil.example"}}
    url, _text = evil.hosted_assertion(badge={**issuer.badge_class, "issuer": forged_issuer})

    error = refused("url", url, issuer.fetcher)

    assert error.code == "invalid"
    assert issuer.fetcher.fetched(issuer.profile_url) == 1  # the issuer's own profile decided


def test_a_profile_claiming_an_id_on_another_site_is_refused(issuer):
    evil = FakeIssuer("https://evil.example", fetcher=issuer.fetcher)
    evil.update_profile(id=issuer.profile_url)
    url, _text = evil.hosted_assertion()

    error = refused("url", url, issuer.fetcher)

    assert error.code == "invalid"
    assert "another site" in str(error)


def test_an_issuer_without_a_web_id_cannot_host_badges(issuer):
    anonymous = {"id": "urn:uuid:8f0a", "type": "Profile", "name": "Nobody"}
    url, _text = issuer.hosted_assertion(badge={**issuer.badge_class, "issuer": anonymous})

    error = refused("url", url, issuer.fetcher)

    assert error.code == "invalid"
    assert "no web address" in str(error)


# --- dates --------------------------------------------------------------------------


def test_issued_in_the_future_is_refused(issuer):
    url, _text = issuer.hosted_assertion(issuedOn="2100-01-01T00:00:00Z")

    error = refused("url", url, issuer.fetcher)

    assert error.code == "invalid"
    assert "2100-01-01" in str(error)


def test_past_expiry_is_accepted_as_expired(issuer):
    url, _text = issuer.hosted_assertion(expires="2024-05-01T00:00:00Z")

    credential = check("url", url, issuer.fetcher)

    assert credential.verification.status == "expired"
    assert credential.expires == datetime(2024, 5, 1, tzinfo=UTC)
    assert "The badge expired on 2024-05-01." in credential.verification.steps


def test_expiring_before_issue_is_refused(issuer):
    url, _text = issuer.hosted_assertion(expires="2023-01-01T00:00:00Z")

    assert refused("url", url, issuer.fetcher).code == "invalid"


def test_missing_required_property_in_the_fetched_copy(issuer):
    _url, text = issuer.hosted_assertion(issuedOn=REMOVE)

    error = refused("json", text, issuer.fetcher)

    assert error.code == "invalid"
    assert error.params["property"] == "issuedOn"


# --- what a URL can serve -----------------------------------------------------------


def test_a_url_serving_a_baked_image_is_unbaked_once(issuer):
    url, _text = issuer.hosted_assertion()
    issuer.fetcher.serve(
        "https://issuer.example/badge.png", b"\x89PNG fake", content_type="image/png"
    )
    seen = []

    def unbake(data: bytes):
        seen.append(data)
        return PayloadText("url", url)

    credential = check("url", "https://issuer.example/badge.png", issuer.fetcher, unbake=unbake)

    assert seen == [b"\x89PNG fake"]
    assert credential.verification.source_url == url


def test_unbaking_does_not_loop(issuer):
    image_url = "https://issuer.example/badge.png"
    issuer.fetcher.serve(image_url, b"\x89PNG fake", content_type="image/png")
    calls = []

    def unbake(data: bytes):
        calls.append(data)
        return PayloadText("url", image_url)

    error = refused("url", image_url, issuer.fetcher, unbake=unbake)

    assert error.code == "no_badge_data"
    assert len(calls) == 1


def test_a_url_serving_a_web_page(issuer):
    issuer.fetcher.serve(
        "https://issuer.example/page", "<!doctype html><html></html>", content_type="text/html"
    )

    error = refused("url", "https://issuer.example/page", issuer.fetcher)

    assert error.code == "no_badge_data"
    assert "web page" in str(error)


def test_a_url_serving_a_signed_badge(issuer):
    issuer.fetcher.serve(
        "https://issuer.example/signed.jws", issuer.signed_assertion(), content_type="text/plain"
    )

    credential = check("url", "https://issuer.example/signed.jws", issuer.fetcher)

    assert credential.verification.method == "signed"


def test_only_web_addresses_are_fetched(issuer):
    assert refused("url", "file:///etc/passwd", issuer.fetcher).code == "blocked_url"


@pytest.mark.parametrize("kind", ["url", "json", "jws"])
def test_empty_payload(issuer, kind):
    assert refused(kind, "  ", issuer.fetcher).code == "no_badge_data"


def test_unknown_payload_kind(issuer):
    assert refused("png", "data", issuer.fetcher).code == "unsupported"


# --- Open Badges 3.0 is handed over -------------------------------------------------

OB3_JSON = json.dumps(
    {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
    }
)


@pytest.fixture
def _trust_passes_through(monkeypatch):
    # These tests stand in a string for ob3's Credential; trust has nothing to judge.
    monkeypatch.setattr(trust, "decide", lambda credential, registries: credential)


@pytest.mark.usefixtures("_trust_passes_through")
def test_ob3_json_is_handed_to_ob3(issuer, monkeypatch):
    calls = []
    monkeypatch.setattr(
        ob3, "verify_credential_json", lambda *a, **k: calls.append((a, k)) or "ob3"
    )

    assert check("json", OB3_JSON, issuer.fetcher) == "ob3"
    ((args, kwargs),) = calls
    assert args == (OB3_JSON, issuer.fetcher)
    assert kwargs == {"now": NOW, "raise_on_revoked": True}


@pytest.mark.usefixtures("_trust_passes_through")
def test_ob3_vc_jwt_is_handed_to_ob3(issuer, monkeypatch):
    token = issuer.sign({"iss": "https://issuer.example", "vc": {"type": ["VerifiableCredential"]}})
    calls = []
    monkeypatch.setattr(ob3, "verify_vc_jwt", lambda *a, **k: calls.append(a) or "ob3")

    assert check("jws", token, issuer.fetcher) == "ob3"
    assert calls == [(token, issuer.fetcher)]


def test_ob3_unavailable_is_unsupported(issuer, monkeypatch):
    monkeypatch.delattr(ob3, "verify_credential_json")

    error = refused("json", OB3_JSON, issuer.fetcher)

    assert error.code == "unsupported"
    assert "3.0" in str(error)


# --- endorsements -------------------------------------------------------------------


def test_endorsements_are_read_and_unreachable_ones_skipped(issuer):
    fetcher = issuer.fetcher
    fetcher.serve(
        "https://endorser.example/profile",
        {"id": "https://endorser.example/profile", "name": "Endorser"},
    )
    fetcher.serve(
        "https://endorser.example/e/1",
        {
            "type": "Endorsement",
            "id": "https://endorser.example/e/1",
            "issuer": "https://endorser.example/profile",
            "claim": {"id": issuer.badge_url, "endorsementComment": "Solid badge."},
            "issuedOn": "2023-05-01T00:00:00Z",
        },
    )
    embedded = {
        "type": "Endorsement",
        "issuer": {"name": "Inline"},
        "claim": {"endorsementComment": "Yes."},
    }
    issuer.update_badge_class(
        endorsement=["https://endorser.example/e/1", "https://endorser.example/gone", embedded]
    )
    url, _text = issuer.hosted_assertion()

    credential = check("url", url, fetcher)

    first, second = credential.endorsements
    assert (first.issuer_name, first.comment) == ("Endorser", "Solid badge.")
    assert first.issuer_id == "https://endorser.example/profile"
    assert first.issued_on == datetime(2023, 5, 1, tzinfo=UTC)
    assert (second.issuer_name, second.comment) == ("Inline", "Yes.")


def test_endorsement_fetches_are_capped(issuer):
    issuer.update_profile(endorsement=[f"https://endorser.example/e/{n}" for n in range(30)])
    url, _text = issuer.hosted_assertion()

    credential = check("url", url, issuer.fetcher)

    endorser_requests = [u for u, _how in issuer.fetcher.requests if "endorser.example" in u]
    assert credential.endorsements == ()
    assert len(endorser_requests) == verify.MAX_ENDORSEMENT_FETCHES


def test_an_unexpected_error_is_logged_and_refused(issuer, monkeypatch, caplog):
    url, _text = issuer.hosted_assertion()

    def broken(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(verify.parse, "read_assertion", broken)

    error = refused("url", url, issuer.fetcher)

    assert error.code == "invalid"
    assert "Unexpected error while verifying a badge" in caplog.text


# --- malformed documents anywhere never escape as anything but ImportRefused --------


class RandomIssuer:
    """Answers each URL with the fake issuer's document, often intact, sometimes damaged."""

    def __init__(self, issuer: FakeIssuer, data):
        self.issuer, self.data = issuer, data

    def get(self, url, *, accept="application/json"):
        real = self.issuer.fetcher.routes.get(url)
        roll = self.data.draw(st.integers(0, 9))
        if real is not None and roll <= 5:
            return real
        if real is not None and roll <= 7:
            doc = json.loads(real.content) if real.content[:1] in b"{[" else {}
            if isinstance(doc, dict):
                damage = st.dictionaries(st.sampled_from(KEYS), json_ish, max_size=3)
                doc.update(self.data.draw(damage))
            return Response(url, 200, json.dumps(doc).encode())
        status = self.data.draw(st.sampled_from([200, 404, 410, 500]))
        return Response(url, status, json.dumps(self.data.draw(json_ish)).encode())

    get_uncached = get


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    version=st.sampled_from(VERSIONS),
    damage=st.dictionaries(st.sampled_from(KEYS), json_ish, max_size=4),
    data=st.data(),
)
def test_verification_only_ever_refuses(version, damage, data):
    issuer = FakeIssuer()
    url, text = issuer.hosted_assertion(version=version)
    damaged = json.dumps(apply(json.loads(text), damage))
    fetcher = RandomIssuer(issuer, data)
    with patch.object(guard, "GUARDED", ()):
        for kind, given_text in (("json", damaged), ("url", url)):
            try:
                verify_payload(PayloadText(kind, given_text), fetcher, now=NOW, source_url=url)
                event(f"{kind}: verified")
            except ImportRefused as error:
                event(f"{kind}: {error.code}")
                assert error.render()
