"""Whatever arrives, the OB 3.0 entry points answer with a credential or ImportRefused."""

from __future__ import annotations

import base64
import copy
import json
from unittest.mock import patch

import jwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badges.openbadges import guard, ob3
from badges.openbadges.errors import REFUSAL_CODES, ImportRefused
from tests.openbadges import ob3_issuer as oi

ISSUER = oi.did_key_issuer()
oi.revocation_list(ISSUER)
oi.bitstring_list(ISSUER, {3})
BASE = oi.credential(
    ISSUER,
    credentialStatus=[
        oi.bitstring_entry(3),
        {"id": "https://issuer.example/revocations", "type": "1EdTechRevocationList"},
    ],
    evidence=[{"id": "https://issuer.example/e/1", "type": ["Evidence"], "name": "Report"}],
)
SIGNED = oi.sign_data_integrity(BASE, ISSUER)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["did:key:z6Mk", "https://issuer.example/status/1", "@id", "@context", "z1"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(call, *args) -> str:
    # The malformed-input guard is off: every refusal must come from a reader's own check.
    try:
        with patch.object(guard, "GUARDED", ()):
            credential = call(*args, ISSUER.fetcher)
    except ImportRefused as refusal:
        assert refusal.code in REFUSAL_CODES
        refusal.render()  # the message and its parameters fit together
        return refusal.code
    assert credential.spec == "3.0"
    return "accepted"


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*prefix, index))


def replaced(document, path, new):
    document = copy.deepcopy(document)
    if not path:
        return new
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return document


ALL_PATHS = list(paths(SIGNED))


@FUZZ
@given(st.text(max_size=300))
def test_any_text(text):
    outcome(ob3.verify_credential_json, text)
    outcome(ob3.verify_vc_jwt, text)


@FUZZ
@given(json_values)
def test_any_json(value):
    outcome(ob3.verify_credential_json, json.dumps(value))


@FUZZ
@given(st.sampled_from(ALL_PATHS), json_values)
def test_signed_credential_with_one_part_replaced(path, value):
    outcome(ob3.verify_credential_json, json.dumps(replaced(SIGNED, path, value)))


@FUZZ
@given(st.sampled_from(list(paths(BASE))), json_values)
def test_validly_signed_jwt_with_odd_content(path, value):
    payload = replaced(BASE, path, value)
    if not isinstance(payload, dict):
        payload = {"vc": payload}
    try:
        token = jwt.encode(payload, ISSUER.key, "EdDSA", headers={"kid": ISSUER.key_id})
    except (TypeError, ValueError):  # not JSON-serialisable as a JWT payload
        return
    outcome(ob3.verify_vc_jwt, token)


@FUZZ
@given(json_values, json_values)
def test_any_jws_header_and_payload(header, payload):
    parts = [json.dumps(header).encode(), json.dumps(payload).encode(), b"signature"]
    token = ".".join(base64.urlsafe_b64encode(p).decode().rstrip("=") for p in parts)
    outcome(ob3.verify_vc_jwt, token)
