"""Data Integrity ``ecdsa-sd-2023``: selective disclosure with ECDSA (W3C VC-DI-ECDSA §3.4).

The issuer signs each RDF statement of the canonical credential on its own, with a
key made for that one proof, and signs with its own key the proof options, that key
and the statements it makes mandatory. Blank nodes are renamed with an HMAC, so that
what a holder leaves out cannot be guessed from the names. Two forms reach Passport:

- the **base proof** (header ``0xd95d00``), as issued to the holder: it carries the HMAC
  key, so every statement can be checked. Instead of re-running the issuer's JSON
  Pointer selection, each statement is matched in order to the per-statement
  signatures; the statements no signature matches are the mandatory ones, and the
  issuer's signature over their hash decides. A changed, added or removed statement
  breaks one or the other, so the whole credential is exactly what was signed.
- the **derived proof** (header ``0xd95d01``), what a holder presents after choosing
  what to disclose: it carries the label map of the disclosed blank nodes and which
  statements are mandatory (createVerifyData and Verify Derived Proof, as written).

The proof value is multibase base64url CBOR (decoded with ``cbor2``); byte strings
wrapped in CBOR tag 64, as early implementations wrote them, are read too. The issuer's
key must be P-256 (SHA-256), the only curve the published vectors cover.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import re
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.hazmat.primitives.asymmetric import ec

from . import di_common, did, jsonld
from .errors import ImportRefused, _
from .log import step_plural

BASE_HEADER = b"\xd9\x5d\x00"
DERIVED_HEADER = b"\xd9\x5d\x01"
MAX_PROOF_VALUE = 1_000_000  # characters
_TYPED_ARRAY_TAG = 64  # RFC 8746 uint8 array
_BLANK_NODE = r"_:[A-Za-z0-9_.\-]+"
_IRI = r"<[^>]*>"
_TERM = rf"{_IRI}|{_BLANK_NODE}"
_LITERAL = r'"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[A-Za-z0-9\-]+)?'
_NQUAD = re.compile(
    rf"^(?P<s>{_TERM}) (?P<p>{_IRI}) (?P<o>{_TERM}|{_LITERAL})(?: (?P<g>{_TERM}))? \.$"
)


@dataclass(frozen=True)
class SdProof:
    derived: bool
    base_signature: bytes
    public_key: bytes  # Multikey bytes of the proof-scoped P-256 key
    signatures: tuple[bytes, ...]
    hmac_key: bytes = b""  # base proofs only
    label_map: tuple[tuple[str, str], ...] = ()  # derived: (c14nN, HMAC label)
    mandatory_indexes: frozenset[int] = frozenset()  # derived only


def _unreadable() -> ImportRefused:
    return ImportRefused(
        "invalid_signature",
        _(
            "The selective-disclosure proof (ecdsa-sd-2023) cannot be read: it is damaged "
            "or not in the form the standard gives it."
        ),
    )


def _bytes(value: Any, size: int | None = None) -> bytes:
    if isinstance(value, cbor2.CBORTag) and value.tag == _TYPED_ARRAY_TAG:
        value = value.value
    if not isinstance(value, bytes) or (size is not None and len(value) != size):
        raise _unreadable()
    return value


def _signatures(value: Any) -> tuple[bytes, ...]:
    if not isinstance(value, list):
        raise _unreadable()
    return tuple(_bytes(item, 64) for item in value)


def parse_proof_value(value: Any) -> SdProof:
    """The components of a base or derived proof value; invalid_signature otherwise."""
    if not isinstance(value, str) or not value.startswith("u") or len(value) > MAX_PROOF_VALUE:
        raise _unreadable()
    try:
        raw = did.b64url_decode(value[1:])
        stream = io.BytesIO(raw[3:])
        components = cbor2.CBORDecoder(stream).decode()
    except (ValueError, cbor2.CBORError, RecursionError) as error:
        raise _unreadable() from error
    if stream.tell() != len(raw) - 3 or not isinstance(components, list) or len(components) != 5:
        raise _unreadable()
    if raw[:3] == BASE_HEADER:
        signature, key, hmac_key, signatures, pointers = components
        if not isinstance(pointers, list) or not all(isinstance(p, str) for p in pointers):
            raise _unreadable()
        return SdProof(
            False,
            _bytes(signature, 64),
            _bytes(key, 35),
            _signatures(signatures),
            _bytes(hmac_key, 32),
        )
    if raw[:3] == DERIVED_HEADER:
        signature, key, signatures, labels, indexes = components
        return SdProof(
            True,
            _bytes(signature, 64),
            _bytes(key, 35),
            _signatures(signatures),
            label_map=_label_map(labels),
            mandatory_indexes=_indexes(indexes),
        )
    raise _unreadable()


def _label_map(value: Any) -> tuple[tuple[str, str], ...]:
    """decompressLabelMap: {N: digest} -> (("c14nN", "u<base64url digest>"), ...)."""
    if not isinstance(value, dict):
        raise _unreadable()
    pairs = []
    for number, digest in value.items():
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise _unreadable()
        pairs.append((f"c14n{number}", "u" + _b64url(_bytes(digest, 32))))
    if len({label for _key, label in pairs}) != len(pairs):
        raise _unreadable()  # two blank nodes under one name would merge what was signed apart
    return tuple(sorted(pairs))


def _indexes(value: Any) -> frozenset[int]:
    if not isinstance(value, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value
    ):
        raise _unreadable()
    return frozenset(value)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def hmac_label(hmac_key: bytes, canonical_label: str) -> str:
    """createHmacIdLabelMapFunction: "u" + base64url(HMAC-SHA256(key, "c14nN"))."""
    return "u" + _b64url(hmac.new(hmac_key, canonical_label.encode(), hashlib.sha256).digest())


def relabel(canonical: str, labels: dict[str, str]) -> list[str] | None:
    """The canonical N-Quads with each ``_:c14nN`` renamed, sorted as the suite's
    reference implementation sorts them (UTF-16 code units); None if a label is missing.

    Only blank node terms are renamed. (The reference implementation rewrites anything
    that looks like one, even inside a literal; no badge has such text.)"""
    quads = []
    for line in canonical.splitlines():
        match = _NQUAD.match(line)
        if match is None:
            return None
        terms = []
        for name in ("s", "p", "o", "g"):
            term = match.group(name)
            if term is not None and term.startswith("_:"):
                if term[2:] not in labels:
                    return None
                term = "_:" + labels[term[2:]]
            if term is not None:
                terms.append(term)
        quads.append(" ".join(terms) + " .\n")
    return sorted(quads, key=lambda quad: quad.encode("utf-16-be"))


def _blank_labels(canonical: str) -> set[str]:
    return {label[2:] for label in re.findall(r"_:c14n\d+", canonical)}


def _split(proof: SdProof, quads: list[str], ephemeral: ec.EllipticCurvePublicKey):
    """(mandatory, non-mandatory) statements, or None when they cannot be told apart."""
    if proof.derived:
        if any(index >= len(quads) for index in proof.mandatory_indexes):
            return None
        mandatory = [q for i, q in enumerate(quads) if i in proof.mandatory_indexes]
        optional = [q for i, q in enumerate(quads) if i not in proof.mandatory_indexes]
        return mandatory, optional
    # Base proof: the signatures follow the non-mandatory statements in order.
    mandatory, optional = [], []
    for quad in quads:
        position = len(optional)
        if position < len(proof.signatures) and di_common.signature_valid(
            ephemeral, proof.signatures[position], quad.encode()
        ):
            optional.append(quad)
        else:
            mandatory.append(quad)
    return mandatory, optional


def _statements_verify(
    proof: SdProof,
    options: dict[str, Any],
    document: dict[str, Any],
    key: ec.EllipticCurvePublicKey,
    ephemeral: ec.EllipticCurvePublicKey,
    aliases: dict[str, str],
) -> tuple[int, int] | None:
    """(statements, mandatory ones) when every signature holds under ``aliases``."""
    canonical = jsonld.canonize(document, aliases=aliases)
    if proof.derived:
        labels = dict(proof.label_map)
    else:
        labels = {label: hmac_label(proof.hmac_key, label) for label in _blank_labels(canonical)}
    quads = relabel(canonical, labels)
    split = None if quads is None else _split(proof, quads, ephemeral)
    if split is None or len(split[1]) != len(proof.signatures):
        return None
    mandatory, optional = split
    proof_hash = hashlib.sha256(jsonld.canonize(options, aliases=aliases).encode()).digest()
    mandatory_hash = hashlib.sha256("".join(mandatory).encode()).digest()
    signed = proof_hash + proof.public_key + mandatory_hash
    if not di_common.signature_valid(key, proof.base_signature, signed):
        return None
    if proof.derived and not all(
        di_common.signature_valid(ephemeral, signature, quad.encode())
        for signature, quad in zip(proof.signatures, optional, strict=True)
    ):
        return None
    return len(quads), len(mandatory)


def check(proof: dict[str, Any], unsigned: dict[str, Any], key: did.PublicKey) -> di_common.Checked:
    """Verify a base or derived ecdsa-sd-2023 proof: (context reading, steps)."""
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ImportRefused(
            "unsupported",
            _(
                "Passport checks %(suite)s proofs made with P-256 keys only; this one was "
                "made with a %(curve)s key."
            ),
            {"suite": "ecdsa-sd-2023", "curve": di_common.curve_name(key)},
        )
    parsed = parse_proof_value(proof.get("proofValue"))
    try:
        ephemeral = did.key_from_multikey_bytes(parsed.public_key)
    except ValueError as error:
        raise _unreadable() from error
    if not isinstance(ephemeral, ec.EllipticCurvePublicKey) or not isinstance(
        ephemeral.curve, ec.SECP256R1
    ):
        raise _unreadable()
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = unsigned.get("@context")
    counted: list[tuple[int, int]] = []

    def attempt(aliases: dict[str, str]) -> bool:
        result = _statements_verify(parsed, options, unsigned, key, ephemeral, aliases)
        counted.extend([result] if result else [])
        return result is not None

    aliases = di_common.verified_reading(unsigned, attempt)
    statements, mandatory = counted[-1]
    if parsed.derived:
        line = step_plural(
            "Selectively disclosed by the holder: %(count)d statement signed by the issuer is "
            "shown (%(mandatory)s); others may have been left out",
            "Selectively disclosed by the holder: %(count)d statements signed by the issuer are "
            "shown (%(mandatory)s); others may have been left out",
            statements,
            # Translators: how many of the statements shown the issuer made mandatory.
            mandatory=step_plural(
                "%(count)d of them mandatory", "%(count)d of them mandatory", mandatory
            ),
        )
    else:
        line = step_plural(
            "Base proof as issued to the holder: its %(count)d statement checked",
            "Base proof as issued to the holder: all %(count)d statements checked",
            statements,
        )
    return aliases, (line,)
