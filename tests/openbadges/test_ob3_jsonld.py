"""JSON-LD contexts come from installed packages, never from the network."""

from __future__ import annotations

import json
import socket

import pytest

from badges.openbadges import jsonld
from badges.openbadges.errors import ImportRefused
from tests.openbadges import ob3_issuer as oi
from tests.openbadges.test_ob3_data_integrity import requires_vcdm11_contexts
from tests.samples import sample_bytes

# the 1EdTech validator's copies, to check that the packaged ones are the same documents
VALIDATOR_CONTEXTS = (
    "digital-credentials-public-validator/inspector-vc/src/main/resources/contexts/"
)
PYPI_CONTEXTS = {
    jsonld.VC_V2: "credentials-v2.jsonld",
    jsonld.OB3_CONTEXT_PREFIX + "-3.0.1.json": "ob-v3p0-3.0.1.json",
    jsonld.OB3_CONTEXT_PREFIX + "-3.0.2.json": "ob-v3p0-3.0.2.json",
    jsonld.OB3_CONTEXT_PREFIX + "-3.0.3.json": "ob-v3p0-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-v3p0-extensions.json",
}
NPM_CONTEXTS = {
    jsonld.VC_V1: "2018-credentials-v1.jsonld",
    jsonld.OB3_UNVERSIONED: "ob-v3p0.json",
    jsonld.ED25519_2020: "suites-ed25519-2020.jsonld",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
}


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize(("url", "copy"), PYPI_CONTEXTS.items())
def test_packaged_contexts_are_the_published_documents(url, copy):
    expected = json.loads(sample_bytes(VALIDATOR_CONTEXTS + copy))
    assert jsonld.load_context(url) == expected


@pytest.mark.parametrize(("url", "copy"), NPM_CONTEXTS.items())
def test_npm_contexts_are_the_published_documents(url, copy):
    requires_vcdm11_contexts()
    expected = json.loads(sample_bytes(VALIDATOR_CONTEXTS + copy))
    assert jsonld.load_context(url) == expected


@pytest.mark.parametrize("url", sorted(jsonld.CONTEXT_SOURCES))
def test_every_listed_context_loads(url):
    if all(source.startswith("npm") for source, _path in jsonld.CONTEXT_SOURCES[url]):
        requires_vcdm11_contexts()
    document = jsonld.document_loader(url)
    assert document["documentUrl"] == url
    assert "@context" in document["document"]


def test_unknown_context_is_unsupported_and_named(no_network):
    with pytest.raises(ImportRefused) as caught:
        jsonld.document_loader("https://schema.org/")
    assert caught.value.code == "unsupported"
    assert caught.value.params == {"url": "https://schema.org/"}


def test_canonicalising_never_reaches_the_network(no_network):
    document = oi.credential(oi.did_key_issuer())
    document["@context"].append("https://contexts.example/remote.jsonld")
    with pytest.raises(ImportRefused) as caught:
        jsonld.canonize(document)
    assert caught.value.code == "unsupported"
    assert caught.value.params["url"] == "https://contexts.example/remote.jsonld"


def test_embedded_remote_context_reference_is_refused_too(no_network):
    document = oi.credential(oi.did_key_issuer())
    document["credentialSubject"]["@context"] = "https://contexts.example/nested.jsonld"
    with pytest.raises(ImportRefused) as caught:
        jsonld.canonize(document)
    assert caught.value.params["url"] == "https://contexts.example/nested.jsonld"


def test_missing_package_is_reported_as_not_installed(monkeypatch, tmp_path):
    monkeypatch.setattr(jsonld, "NODE_MODULES_DIRS", [tmp_path])
    jsonld._read_context.cache_clear()
    try:
        with pytest.raises(ImportRefused) as caught:
            jsonld.load_context(jsonld.ED25519_2020)
    finally:
        jsonld._read_context.cache_clear()
    assert caught.value.code == "unsupported"
    assert "not installed" in caught.value.render()


def test_invalid_json_ld_is_invalid():
    with pytest.raises(ImportRefused) as caught:
        jsonld.canonize({"@context": {"@version": 2.0}, "a": 1})
    assert caught.value.code == "invalid"


@pytest.mark.parametrize(
    "document",
    [
        {"@context": jsonld.VC_V2, "nested": [{"x": i} for i in range(jsonld.MAX_BLANK_NODES + 1)]},
        {"@context": jsonld.VC_V2, "deep": json.loads("[" * 50 + "]" * 50)},
    ],
)
def test_documents_too_complex_to_canonicalise_are_refused(document):
    with pytest.raises(ImportRefused) as caught:
        jsonld.canonize(document)
    assert caught.value.code == "invalid"
    assert "too large or too deeply nested" in caught.value.render()
