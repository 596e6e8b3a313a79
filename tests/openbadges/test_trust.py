"""Trust levels: issuer confirmed only when the proof is bound to the issuer's web origin."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from badges.openbadges import did, trust
from badges.openbadges.verify import PayloadText, verify_payload
from tests.openbadges import ob3_issuer as ob3
from tests.openbadges.fake_issuer import REMOVE, FakeIssuer

NOW = datetime(2024, 6, 1, tzinfo=UTC)
CONFIRMED, NOT_CONFIRMED = trust.ISSUER_CONFIRMED, trust.ISSUER_NOT_CONFIRMED


def verify(kind, text, fetcher, **kwargs):
    return verify_payload(PayloadText(kind, text), fetcher, now=NOW, **kwargs).verification


# --- OB 0.5 to 2.0 ----------------------------------------------------------------


@pytest.mark.parametrize("version", ["0.5", "1.0", "1.1", "2.0"])
def test_hosted_on_the_issuers_https_origin_is_confirmed(version):
    issuer = FakeIssuer("https://badges.example.edu")
    url, _text = issuer.hosted_assertion(version=version)

    verification = verify("url", url, issuer.fetcher)

    assert (verification.trust, verification.trust_source) == (CONFIRMED, "badges.example.edu")
    assert "bound to badges.example.edu" in verification.steps[-1]


def test_hosted_over_plain_http_is_not_confirmed():
    issuer = FakeIssuer("http://badges.example.edu")
    url, _text = issuer.hosted_assertion(version="2.0")

    verification = verify("url", url, issuer.fetcher)

    assert verification.status == "verified"
    assert (verification.trust, verification.trust_source) == (NOT_CONFIRMED, "")
    assert "plain http" in verification.steps[-1]


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_signed_with_a_key_the_issuer_publishes_is_confirmed(version):
    issuer = FakeIssuer("https://badges.example.edu")

    verification = verify("jws", issuer.signed_assertion(version=version), issuer.fetcher)

    assert (verification.trust, verification.trust_source) == (CONFIRMED, "badges.example.edu")


# --- OB 3.0 -------------------------------------------------------------------------


def _vc_jwt(by, **kwargs):
    return ob3.sign_vc_jwt(ob3.credential(by), by, **kwargs)


def test_did_key_proves_only_the_key():
    issuer = ob3.did_key_issuer()

    verification = verify("jws", _vc_jwt(issuer), issuer.fetcher)

    assert verification.status == "verified"
    assert (verification.trust, verification.trust_source) == (NOT_CONFIRMED, "")
    assert "comes with the credential itself" in verification.steps[-1]


def test_did_jwk_proves_only_the_key():
    issuer = ob3.did_jwk_issuer()

    verification = verify("jws", _vc_jwt(issuer), issuer.fetcher)

    assert verification.trust == NOT_CONFIRMED


def test_a_key_in_the_token_header_is_not_confirmed_even_for_an_https_issuer():
    issuer = ob3.jwks_issuer()

    verification = verify("jws", _vc_jwt(issuer, header="jwk"), issuer.fetcher)

    assert verification.status == "verified"
    assert verification.trust == NOT_CONFIRMED


def test_did_web_confirms_its_host():
    issuer = ob3.did_web_issuer(host="badges.example.edu")

    verification = verify("jws", _vc_jwt(issuer), issuer.fetcher)

    assert (verification.trust, verification.trust_source) == (CONFIRMED, "badges.example.edu")


def test_data_integrity_with_did_web_confirms_its_host():
    issuer = ob3.did_web_issuer(host="badges.example.edu")
    signed = ob3.sign_data_integrity(ob3.credential(issuer), issuer)

    verification = verify("json", json.dumps(signed), issuer.fetcher)

    assert (verification.trust, verification.trust_source) == (CONFIRMED, "badges.example.edu")


def test_jwk_set_on_the_issuers_origin_confirms_it():
    issuer = ob3.jwks_issuer()

    verification = verify("jws", _vc_jwt(issuer), issuer.fetcher)

    assert (verification.trust, verification.trust_source) == (CONFIRMED, "issuer.example")


def test_a_did_web_key_of_another_domain_naming_the_issuer_confirms_nothing():
    # evil.example's DID document says its key is controlled by the university's DID.
    victim = ob3.did_web_issuer(host="badges.example.edu", publish=False)
    forger = ob3.did_web_issuer(host="evil.example")
    forger.did_document["verificationMethod"][0]["controller"] = victim.id
    forger.fetcher.serve(did.did_web_url(forger.id), forger.did_document)
    key = did.resolve(forger.key_id, forger.fetcher)

    assert key.speaks_for(victim.id)  # the signature check alone would accept it
    assert did.issuer_origin(key, victim.id) == ""


def test_an_https_key_document_elsewhere_naming_the_issuer_confirms_nothing():
    fetcher = ob3.FakeFetcher()
    key = ob3.ed25519_key("elsewhere")
    fetcher.serve(
        "https://keys.elsewhere.example/key-1",
        {
            "id": "https://keys.elsewhere.example/key-1",
            "type": "Multikey",
            "controller": "https://badges.example.edu/issuer",
            "publicKeyMultibase": did.multikey_of(key.public_key()),
        },
    )
    resolved = did.resolve("https://keys.elsewhere.example/key-1", fetcher)

    assert resolved.speaks_for("https://badges.example.edu/issuer")
    assert did.issuer_origin(resolved, "https://badges.example.edu/issuer") == ""


# --- registries ---------------------------------------------------------------------


def _registry(*identifiers, name="Example Registry"):
    listed = {i: {"name": "Example University", "url": "https://example.edu"} for i in identifiers}
    return trust.read_registry(name, {"meta": {"created": "2024-01-01"}, "registry": listed})


def test_a_registry_listing_a_did_key_issuer_confirms_it_by_name():
    issuer = ob3.did_key_issuer()

    verification = verify("jws", _vc_jwt(issuer), issuer.fetcher, registries=[_registry(issuer.id)])

    assert (verification.trust, verification.trust_source) == (CONFIRMED, "Example Registry")
    assert "“Example Registry” as “Example University”" in verification.steps[-1]


def test_a_registry_listing_someone_else_changes_nothing():
    issuer = ob3.did_key_issuer()
    stranger = ob3.did_key_issuer("p256")

    verification = verify(
        "jws", _vc_jwt(issuer), issuer.fetcher, registries=[_registry(stranger.id)]
    )

    assert verification.trust == NOT_CONFIRMED


def test_the_first_registry_that_lists_the_issuer_is_named():
    issuer = ob3.did_key_issuer()
    registries = [_registry(issuer.id, name="Most trusted"), _registry(issuer.id, name="Other")]

    verification = verify("jws", _vc_jwt(issuer), issuer.fetcher, registries=registries)

    assert verification.trust_source == "Most trusted"


@pytest.mark.parametrize(
    "document", [[], {"meta": {}}, {"registry": ["did:key:z6Mk"]}, "registry", None]
)
def test_a_document_that_is_not_a_registry_is_refused(document):
    with pytest.raises(ValueError):
        trust.read_registry("Broken", document)


def test_registry_entries_that_are_not_objects_are_skipped():
    registry = trust.read_registry("R", {"registry": {"did:a": {"name": "A"}, "did:b": "B"}})

    assert set(registry.entries) == {"did:a"}
    assert registry.lookup("did:a") == trust.RegistryEntry(name="A")
    assert registry.lookup("") is None


# --- facts not stated are not invented ---------------------------------------------


def test_a_badge_without_an_issue_date_has_none():
    issuer = FakeIssuer()
    url, _text = issuer.hosted_assertion(version="0.5", issued_on=REMOVE)

    credential = verify_payload(PayloadText("url", url), issuer.fetcher, now=NOW)

    assert credential.issued_on is None
    assert "does not state when it was issued" in " ".join(credential.verification.steps)


# --- what a registry or a redirect must not confirm --------------------------------


def test_a_key_in_the_header_is_not_confirmed_by_a_registry_listing_the_named_issuer():
    victim = "did:web:real-university.example"
    forger = ob3.did_key_issuer()
    forged = ob3.TestIssuer(victim, forger.key, forger.key_id, forger.fetcher)
    token = ob3.sign_vc_jwt(ob3.credential(forged), forged, header="jwk")

    verification = verify("jws", token, forger.fetcher, registries=[_registry(victim)])

    assert verification.trust == NOT_CONFIRMED


def test_another_domains_did_document_naming_a_listed_did_is_not_confirmed_by_the_registry():
    victim = ob3.did_web_issuer(host="real-university.example", publish=False)
    forger = ob3.did_web_issuer(host="attacker.example")
    forger.did_document["verificationMethod"][0]["controller"] = victim.id
    forger.fetcher.serve(did.did_web_url(forger.id), forger.did_document)
    forged = ob3.TestIssuer(victim.id, forger.key, forger.key_id, forger.fetcher)
    token = ob3.sign_vc_jwt(ob3.credential(forged), forged)

    verification = verify("jws", token, forger.fetcher, registries=[_registry(victim.id)])

    assert verification.trust == NOT_CONFIRMED


class Redirecting:
    """Answers ``moved`` as if the server had redirected it to ``to``."""

    def __init__(self, inner, moved: str, to: str):
        self.inner, self.moved, self.to = inner, moved, to

    def get(self, url, *, accept="application/json"):
        return self._answer(self.inner.get(url, accept=accept), url)

    def get_uncached(self, url, *, accept="application/json"):
        return self._answer(self.inner.get_uncached(url, accept=accept), url)

    def _answer(self, response, url):
        if url == self.moved:
            from dataclasses import replace

            return replace(response, url=self.to)
        return response


def test_a_hosted_assertion_redirected_to_plain_http_is_not_confirmed():
    issuer = FakeIssuer("https://badges.example.edu")
    url, _text = issuer.hosted_assertion(version="2.0")
    fetcher = Redirecting(issuer.fetcher, url, url.replace("https://", "http://"))

    verification = verify("url", url, fetcher)

    assert verification.status == "verified" and verification.trust == NOT_CONFIRMED


def test_an_issuer_profile_served_over_http_confirms_no_signed_badge():
    issuer = FakeIssuer("https://badges.example.edu")
    fetcher = Redirecting(
        issuer.fetcher, issuer.profile_url, issuer.profile_url.replace("https://", "http://")
    )

    verification = verify("jws", issuer.signed_assertion(version="2.0"), fetcher)

    assert verification.status == "verified" and verification.trust == NOT_CONFIRMED


def test_a_did_document_redirected_to_another_host_confirms_nothing():
    issuer = ob3.did_web_issuer(host="badges.example.edu")
    fetcher = Redirecting(
        issuer.fetcher, did.did_web_url(issuer.id), "https://elsewhere.example/did.json"
    )

    verification = verify("jws", _vc_jwt(issuer), fetcher)

    assert verification.trust == NOT_CONFIRMED
