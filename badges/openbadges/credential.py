"""The normalised, immutable form every Open Badges version is read into."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SPEC_VERSIONS = ("0.5", "1.0", "2.0", "3.0")


@dataclass(frozen=True)
class Issuer:
    id: str = ""  # IRI of the issuer profile (or DID); "" when the badge names none
    name: str = ""
    url: str = ""
    email: str = ""
    description: str = ""
    image: str = ""  # URL or data: URI


@dataclass(frozen=True)
class Evidence:
    url: str = ""
    narrative: str = ""
    name: str = ""
    description: str = ""


@dataclass(frozen=True)
class Alignment:
    name: str
    url: str = ""
    description: str = ""
    framework: str = ""
    code: str = ""


@dataclass(frozen=True)
class Endorsement:
    issuer_name: str = ""
    issuer_id: str = ""
    comment: str = ""  # the endorsement's claim text
    issued_on: datetime | None = None
    # Checked like a credential: its endorser's hosted copy (OB 2.0) or its own proof,
    # status and dates (OB 3.0). One that fails is still shown, as not verified.
    verified: bool = False
    trust: str = ""  # trust.ISSUER_CONFIRMED or ISSUER_NOT_CONFIRMED once verified, else ""


@dataclass(frozen=True)
class Recipient:
    """One way the badge names its earner.

    ``type`` is "email", "url", "telephone", "id" (a DID or other IRI) or "name".
    ``identity`` is the plain value or ``alg$hexdigest`` when ``hashed``.
    """

    type: str
    identity: str
    hashed: bool = False
    salt: str = ""


@dataclass(frozen=True)
class Verification:
    """How the badge was checked and what the check found."""

    method: str  # "hosted", "signed" (OB 1.x/2.0 JWS), "vc-jwt" or "data-integrity"
    status: str  # "verified", "expired" or "revoked"
    checked_at: datetime
    source_url: str = ""  # where the authoritative copy was fetched (hosted) or key URL
    key_id: str = ""  # key or verification method that signed it
    algorithm: str = ""  # e.g. "RS256", "EdDSA"
    self_asserted_key: bool = False  # did:key / header jwk: intact, issuer not proven
    revocation_reason: str = ""
    steps: tuple[str, ...] = ()  # the log of the checks done, in order (log.Step lines)
    # The https origin (host[:port]) the issuer controls that vouches for this credential:
    # where a hosted assertion was fetched, or where the signing key is published as the
    # issuer's. "" when nothing binds the proof to a web origin of the issuer's.
    issuer_origin: str = ""
    trust: str = ""  # trust.ISSUER_CONFIRMED or trust.ISSUER_NOT_CONFIRMED, set by trust.decide
    trust_source: str = ""  # the confirmed origin, or the registry that lists the issuer


@dataclass(frozen=True)
class Credential:
    spec: str  # one of SPEC_VERSIONS
    id: str  # assertion / credential id (IRI, urn or legacy uid)
    name: str
    description: str
    issuer: Issuer
    issued_on: datetime | None  # timezone-aware; None when the badge states no date
    recipients: tuple[Recipient, ...]
    verification: Verification
    original: str  # the payload exactly as received: JSON text or compact JWS
    document: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    image: str = ""  # URL or data: URI of the badge image
    badge_class_id: str = ""  # BadgeClass / Achievement id
    criteria_url: str = ""
    criteria_narrative: str = ""
    expires: datetime | None = None
    evidence: tuple[Evidence, ...] = ()
    alignments: tuple[Alignment, ...] = ()
    tags: tuple[str, ...] = ()
    endorsements: tuple[Endorsement, ...] = ()
    narrative: str = ""  # the assertion's own narrative (how this earner met the criteria)
    result_description: str = ""
