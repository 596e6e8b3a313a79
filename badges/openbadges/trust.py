"""How far a verified credential's issuer is confirmed, said in one vocabulary.

A valid signature proves that a credential is intact, not who issued it: anyone can make
a ``did:key`` and call it "Harvard". So, on top of the verification status:

- *issuer confirmed*: the proof is bound to a web origin the issuer controls (a hosted
  assertion fetched from it, a key the issuer publishes there, a ``did:web``), or the
  issuer is listed in a registry the operator trusts;
- *issuer not confirmed*: anything else, including every key the credential carries
  itself. When unsure, this is the answer.

Registries are read from the published format wallets use (the Digital Credentials
Consortium's ``registry.json``: ``{"meta": …, "registry": {DID: {name, url, location}}}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .credential import Credential
from .log import Step, step

ISSUER_CONFIRMED = "issuer_confirmed"
ISSUER_NOT_CONFIRMED = "issuer_not_confirmed"
LEVELS = (ISSUER_CONFIRMED, ISSUER_NOT_CONFIRMED)
MAX_REGISTRY_ENTRIES = 100_000


@dataclass(frozen=True)
class RegistryEntry:
    name: str
    url: str = ""


@dataclass(frozen=True)
class Registry:
    """Issuer identifiers (DIDs or origins) an operator trusts, under one name."""

    name: str
    entries: Mapping[str, RegistryEntry]

    def lookup(self, identifier: str) -> RegistryEntry | None:
        return self.entries.get(identifier) if identifier else None


def read_registry(name: str, document: Any) -> Registry:
    """A ``Registry`` from a parsed registry document; ``ValueError`` if it is not one."""
    if not isinstance(document, dict):
        raise ValueError("a registry is a JSON object")
    listed = document.get("registry", document.get("entries"))
    if not isinstance(listed, dict) or len(listed) > MAX_REGISTRY_ENTRIES:
        raise ValueError('a registry lists its issuers under "registry"')
    entries = {}
    for identifier, entry in listed.items():
        if isinstance(identifier, str) and isinstance(entry, dict):
            label = entry.get("name")
            url = entry.get("url")
            entries[identifier] = RegistryEntry(
                name=label[:500] if isinstance(label, str) else "",
                url=url[:2000] if isinstance(url, str) else "",
            )
    return Registry(name=name, entries=entries)


def decide(credential: Credential, registries: Iterable[Registry] = ()) -> Credential:
    """``credential`` with its trust level and source set, and a step saying why."""
    verification = credential.verification
    if verification.issuer_origin:
        level, source = ISSUER_CONFIRMED, verification.issuer_origin
        line = step(
            "Issuer confirmed: the proof is bound to %(origin)s, a web address the issuer "
            "controls.",
            origin=source,
        )
    else:
        level, source, line = _from_registries(credential, registries)
    verification = replace(
        verification, trust=level, trust_source=source, steps=(*verification.steps, line)
    )
    return replace(credential, verification=verification)


def _from_registries(
    credential: Credential, registries: Iterable[Registry]
) -> tuple[str, str, Step]:
    # A registry vouches for a DID. It confirms the issuer only when that very DID signed
    # (its key comes from the DID itself or from the DID's own document) and is the
    # issuer: the name in a credential, or a key carried in it, proves nothing.
    issuer_id = credential.issuer.id.partition("#")[0]
    signer = credential.verification.key_id.partition("#")[0]
    if signer.startswith("did:") and signer == issuer_id:
        for registry in registries:
            entry = registry.lookup(signer)
            if entry is not None:
                line = step(
                    "Issuer confirmed: %(did)s is listed in the registry “%(registry)s” as "
                    "“%(name)s”.",
                    did=signer,
                    registry=registry.name,
                    name=entry.name or signer,
                )
                return ISSUER_CONFIRMED, registry.name, line
    return ISSUER_NOT_CONFIRMED, "", _why_not(credential)


def _why_not(credential: Credential) -> Step:
    verification = credential.verification
    if verification.self_asserted_key:
        return step(
            "Issuer not confirmed: the signing key comes with the credential itself (a "
            "did:key or a key inside it), so it proves the credential is intact, not who "
            "issued it."
        )
    if verification.source_url.lower().startswith("http://"):
        return step(
            "Issuer not confirmed: the issuer's documents were fetched over plain http, "
            "which anyone on the way could have altered."
        )
    return step(
        "Issuer not confirmed: nothing ties the proof to a web address the issuer controls."
    )
