"""Resolving keys: did:key, did:jwk, did:web, https key documents and JWK Sets."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from badges.openbadges import did
from badges.openbadges.errors import ImportRefused
from tests.openbadges import ob3_issuer as oi


@pytest.mark.parametrize(
    ("identifier", "url"),
    [
        ("did:web:example.com", "https://example.com/.well-known/did.json"),
        ("did:web:example.com:user:alice", "https://example.com/user/alice/did.json"),
        ("did:web:localhost%3A8443", "https://localhost:8443/.well-known/did.json"),
        ("did:web:example.com%3A3000:issuers:1", "https://example.com:3000/issuers/1/did.json"),
    ],
)
def test_did_web_url(identifier, url):
    assert did.did_web_url(identifier) == url


@pytest.mark.parametrize(
    "identifier",
    [
        "did:web:",
        "did:web:example.com::x",
        "did:web:a%2Fb",
        "did:web:user@example.com",
        "did:web:example.com:..:admin",
        "did:web:example.com:a%2F..%2Fb",
        "did:web:example.com%3Fq",
    ],
)
def test_malformed_did_web_is_refused(identifier):
    with pytest.raises(ImportRefused) as caught:
        did.resolve(identifier + "#key-1", oi.FakeFetcher())
    assert caught.value.code == "invalid_signature"


def test_did_key_ed25519_and_p256_decode_locally():
    fetcher = oi.FakeFetcher()
    ed = did.resolve(oi.did_key_issuer("ed25519").key_id, fetcher)
    p256 = did.resolve(oi.did_key_issuer("p256").key_id, fetcher)
    assert isinstance(ed.key, ed25519.Ed25519PublicKey)
    assert isinstance(p256.key, ec.EllipticCurvePublicKey)
    assert ed.key_id.startswith("did:key:z6Mk")
    assert p256.key_id.startswith("did:key:zDn")
    assert ed.self_asserted and p256.self_asserted
    assert fetcher.requests == []


def test_multikey_round_trip():
    for kind in ("ed25519", "p256", "p384"):
        public = oi.KEYS[kind]("round-trip").public_key()
        assert did.key_from_multikey(did.multikey_of(public)) == public


def test_did_key_with_a_different_fragment_is_refused():
    issuer = oi.did_key_issuer()
    with pytest.raises(ImportRefused):
        did.resolve(issuer.id + "#z6MkOther", oi.FakeFetcher())


def test_did_web_key_must_be_an_assertion_method():
    issuer = oi.did_web_issuer()
    issuer.did_document["assertionMethod"] = []
    issuer.fetcher.serve("https://issuer.example/.well-known/did.json", issuer.did_document)
    with pytest.raises(ImportRefused) as caught:
        did.resolve(issuer.key_id, issuer.fetcher)
    assert "does not allow" in caught.value.render()


def test_did_web_document_must_be_the_dids_own():
    issuer = oi.did_web_issuer()
    issuer.did_document["id"] = "did:web:elsewhere.example"
    issuer.fetcher.serve("https://issuer.example/.well-known/did.json", issuer.did_document)
    with pytest.raises(ImportRefused) as caught:
        did.resolve(issuer.key_id, issuer.fetcher)
    assert caught.value.code == "invalid_signature"


def test_did_web_unknown_key_is_refused():
    issuer = oi.did_web_issuer()
    with pytest.raises(ImportRefused) as caught:
        did.resolve("did:web:issuer.example#key-2", issuer.fetcher)
    assert caught.value.params["key"] == "did:web:issuer.example#key-2"


def test_did_web_with_a_path_and_port():
    issuer = oi.did_web_issuer(host="issuer.example:8443", path="org/42")
    assert issuer.id == "did:web:issuer.example%3A8443:org:42"
    key = did.resolve(issuer.key_id, issuer.fetcher)
    assert key.source_url == "https://issuer.example:8443/org/42/did.json"
    assert key.speaks_for(issuer.id)
    assert not key.self_asserted


@pytest.mark.parametrize("status", [404, 500])
def test_did_web_http_error_is_fetch_failed(status):
    issuer = oi.did_web_issuer()
    issuer.fetcher.serve("https://issuer.example/.well-known/did.json", "nope", status=status)
    with pytest.raises(ImportRefused) as caught:
        did.resolve(issuer.key_id, issuer.fetcher)
    assert caught.value.code == "fetch_failed"


def test_did_web_not_json_is_invalid():
    issuer = oi.did_web_issuer()
    issuer.fetcher.serve(
        "https://issuer.example/.well-known/did.json", "<html>", content_type="text/html"
    )
    with pytest.raises(ImportRefused) as caught:
        did.resolve(issuer.key_id, issuer.fetcher)
    assert caught.value.code == "invalid"


def test_unknown_did_method_is_unsupported():
    with pytest.raises(ImportRefused) as caught:
        did.resolve("did:ion:EiAabc#key-1", oi.FakeFetcher())
    assert caught.value.code == "unsupported"
    assert caught.value.params["method"] == "ion"


def test_https_key_document_with_controller():
    fetcher = oi.FakeFetcher()
    public = oi.ed25519_key("https-doc").public_key()
    fetcher.serve(
        "https://issuer.example/keys/1",
        {
            "id": "https://issuer.example/keys/1",
            "type": "Multikey",
            "controller": "https://issuer.example/profile",
            "publicKeyMultibase": did.multikey_of(public),
        },
    )
    key = did.resolve("https://issuer.example/keys/1", fetcher)
    assert key.speaks_for("https://issuer.example/profile")
    assert not key.speaks_for("https://issuer.example/other")
    assert not key.self_asserted


def test_https_controller_document_with_relative_method_ids():
    fetcher = oi.FakeFetcher()
    public = oi.ed25519_key("controller-doc").public_key()
    fetcher.serve(
        "https://issuer.example/profile",
        {
            "id": "https://issuer.example/profile",
            "verificationMethod": [
                {
                    "id": "#key-1",
                    "type": "Ed25519VerificationKey2020",
                    "controller": "https://issuer.example/profile",
                    "publicKeyMultibase": did.multikey_of(public),
                }
            ],
        },
    )
    key = did.resolve("https://issuer.example/profile#key-1", fetcher)
    assert key.key == public
    assert key.speaks_for("https://issuer.example/profile")


def test_jwks_speaks_for_its_own_origin_only():
    issuer = oi.jwks_issuer()
    key = did.resolve(issuer.key_id, issuer.fetcher)
    assert key.speaks_for("https://issuer.example/profile")
    assert not key.speaks_for("https://issuer.example.evil/profile")
    assert not key.speaks_for("did:web:issuer.example")


def test_jwks_without_the_kid_is_refused():
    issuer = oi.jwks_issuer()
    with pytest.raises(ImportRefused) as caught:
        did.resolve("https://issuer.example/.well-known/jwks.json#other", issuer.fetcher)
    assert caught.value.code == "invalid_signature"


def test_key_in_the_url_fragment_is_used_when_the_url_does_not_confirm_it():
    multikey = did.multikey_of(oi.ed25519_key("fragment").public_key())
    key = did.resolve(f"https://issuer.example/profile#{multikey}", oi.FakeFetcher())
    assert key.self_asserted
    assert key.speaks_for("https://issuer.example/profile")


def test_key_document_with_a_private_jwk_is_refused():
    fetcher = oi.FakeFetcher()
    fetcher.serve("https://issuer.example/key.jwk", oi.private_jwk(oi.p256_key("private")))
    with pytest.raises(ImportRefused) as caught:
        did.resolve("https://issuer.example/key.jwk", fetcher)
    assert "private key" in caught.value.render()


def test_plain_http_key_url_is_refused():
    with pytest.raises(ImportRefused) as caught:
        did.resolve("http://issuer.example/key", oi.FakeFetcher())
    assert caught.value.code == "invalid_signature"


def test_blocked_key_url_is_reported_as_blocked():
    class Blocking:
        def get(self, url, *, accept="application/json"):
            raise ImportRefused("blocked_url", "Blocked %(url)s.", {"url": url})

        get_uncached = get

    with pytest.raises(ImportRefused) as caught:
        did.resolve("https://10.0.0.1/key", Blocking())
    assert caught.value.code == "blocked_url"


# --- P-384 ------------------------------------------------------------------------------

# The P-384 Multikey example of the W3C Data Integrity ECDSA Cryptosuites v1.0 spec (§2.1.1).
SPEC_P384_MULTIKEY = "z82LkvCwHNreneWpsgPEbV3gu1C6NFJEBg4srfJ5gdxEsMGRJUz2sG9FE42shbn2xkZJh54"
SPEC_P256_MULTIKEY = "zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv"


def test_spec_multikey_examples_decode_to_their_curves():
    p384 = did.key_from_multikey(SPEC_P384_MULTIKEY)
    p256 = did.key_from_multikey(SPEC_P256_MULTIKEY)
    assert isinstance(p384, ec.EllipticCurvePublicKey) and p384.curve.name == "secp384r1"
    assert isinstance(p256, ec.EllipticCurvePublicKey) and p256.curve.name == "secp256r1"
    assert did.multikey_of(p384) == SPEC_P384_MULTIKEY
    assert did.multikey_of(p256) == SPEC_P256_MULTIKEY


def test_did_key_p384_decodes_locally_and_is_self_asserted():
    issuer = oi.did_key_issuer("p384")
    assert issuer.id.startswith("did:key:z82")
    fetcher = oi.FakeFetcher()
    key = did.resolve(issuer.key_id, fetcher)
    assert key.key == issuer.key.public_key()
    assert key.self_asserted
    assert key.speaks_for(issuer.id)
    assert did.issuer_origin(key, issuer.id) == ""
    assert fetcher.requests == []


def test_did_jwk_p384_decodes_locally_and_is_self_asserted():
    issuer = oi.did_jwk_issuer("p384")
    key = did.resolve(issuer.key_id, oi.FakeFetcher())
    assert key.key == issuer.key.public_key()
    assert key.self_asserted
    assert did.issuer_origin(key, issuer.id) == ""


def test_did_web_p384_multikey_binds_the_issuer_origin():
    issuer = oi.did_web_issuer("p384")
    key = did.resolve(issuer.key_id, issuer.fetcher)
    assert key.key == issuer.key.public_key()
    assert did.issuer_origin(key, issuer.id) == "issuer.example"


@pytest.mark.parametrize(
    "raw",
    [
        b"\x81\x24" + b"\x02" + b"\x00" * 47,  # one byte short
        b"\x81\x24" + b"\x05" + b"\x01" * 48,  # not a compressed point
        b"\x81\x24" + b"\x02" + b"\xff" * 48,  # x outside the field
    ],
)
def test_malformed_p384_multikey_is_refused(raw):
    with pytest.raises(ValueError):
        did.key_from_multikey("z" + did.base58_encode(raw))


def test_p384_key_in_the_url_fragment_is_self_asserted():
    multikey = did.multikey_of(oi.p384_key("fragment").public_key())
    key = did.resolve(f"https://issuer.example/profile#{multikey}", oi.FakeFetcher())
    assert key.self_asserted
    assert key.key.curve.name == "secp384r1"
