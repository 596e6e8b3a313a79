"""``credentialSchema``: a credential is checked against the JSON Schemas it declares. A
mismatch, or a schema that cannot be had, is a step in the log, never a refusal."""

from __future__ import annotations

import json

import pytest

from badges.openbadges import ob3
from badges.openbadges.fetch_cache import CachingFetcher
from tests.openbadges import ob3_issuer as oi

SCHEMA_URL = "https://schemas.example/achievementcredential.json"
DRAFT = "https://json-schema.org/draft/2019-09/schema#"
SCHEMA = {
    "$schema": DRAFT,
    "$id": SCHEMA_URL,
    "type": "object",
    "required": ["id", "type", "issuer", "credentialSubject"],
    "properties": {
        "credentialSubject": {
            "type": "object",
            "required": ["achievement"],
            "properties": {
                "achievement": {
                    "type": "object",
                    "required": ["name", "criteria"],
                    "properties": {"name": {"type": "string", "maxLength": 40}},
                }
            },
        }
    },
}


@pytest.fixture
def issuer() -> oi.TestIssuer:
    found = oi.did_web_issuer()
    found.fetcher.serve(SCHEMA_URL, SCHEMA, content_type="application/schema+json")
    return found


def declared(*entries) -> dict:
    return {"credentialSchema": list(entries)}


def entry(url: str = SCHEMA_URL, kind: str = "1EdTechJsonSchemaValidator2019") -> dict:
    return {"id": url, "type": kind}


def verified(issuer, fetcher=None, *, jwt: bool = False, **fields):
    document = oi.credential(issuer, **fields)
    if jwt:
        token = oi.sign_vc_jwt(document, issuer)
        credential = ob3.verify_vc_jwt(token, fetcher or issuer.fetcher)
    else:
        signed = json.dumps(oi.sign_data_integrity(document, issuer))
        credential = ob3.verify_credential_json(signed, fetcher or issuer.fetcher)
    assert credential.verification.status == "verified"  # a schema never refuses
    return credential.verification.steps


def schema_steps(steps) -> list[str]:
    return [s for s in steps if "schema" in s.lower()]


@pytest.mark.parametrize("jwt", [False, True])
def test_a_credential_matching_its_schema_says_so(issuer, jwt):
    steps = verified(issuer, jwt=jwt, **declared(entry()))

    assert schema_steps(steps) == [f"Matches the schema it declares ({SCHEMA_URL})."]


def test_a_credential_not_matching_its_schema_is_kept_and_says_why(issuer):
    subject = oi.credential(issuer)["credentialSubject"]
    subject["achievement"]["name"] = "A name far longer than the schema's forty characters"

    steps = verified(issuer, subject=subject, **declared(entry()))

    (step,) = schema_steps(steps)
    assert step.startswith(f"Does not match the schema it declares ({SCHEMA_URL}): ")
    assert "the text should be at most 40 characters long" in step
    assert "credentialSubject.achievement.name" in step


def test_every_declared_schema_is_checked(issuer):
    strict = "https://schemas.example/strict.json"
    issuer.fetcher.serve(strict, {"$schema": DRAFT, "required": ["awardedDate"]})

    steps = verified(issuer, **declared(entry(), entry(strict)))

    assert schema_steps(steps) == [
        f"Matches the schema it declares ({SCHEMA_URL}).",
        f"Does not match the schema it declares ({strict}): the required property "
        '"awardedDate" is missing.',
    ]


def test_a_schema_that_cannot_be_fetched_is_a_step(issuer):
    missing = "https://schemas.example/missing.json"

    steps = verified(issuer, **declared(entry(missing)))

    (step,) = schema_steps(steps)
    assert step.startswith(f"The schema it declares ({missing}) could not be fetched")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("not json", "is not JSON"),
        ("[1, 2]", "is not a JSON Schema"),
        ({"$schema": DRAFT, "type": "nonsense"}, "is not a valid JSON Schema"),
    ],
)
def test_a_schema_that_cannot_be_read_is_a_step(issuer, body, words):
    broken = "https://schemas.example/broken.json"
    issuer.fetcher.serve(broken, body)

    steps = verified(issuer, **declared(entry(broken)))

    (step,) = schema_steps(steps)
    assert words in step


def test_a_schema_of_an_unknown_kind_is_not_checked(issuer):
    steps = verified(issuer, **declared(entry(kind="ShapeSchema2099")))

    assert schema_steps(steps) == [
        f"The schema it declares ({SCHEMA_URL}) is of the type ShapeSchema2099, which "
        "Passport does not check."
    ]
    assert SCHEMA_URL not in issuer.fetcher.requests


def test_the_w3c_json_schema_type_is_checked_too(issuer):
    steps = verified(issuer, **declared(entry(kind="JsonSchema")))

    assert schema_steps(steps) == [f"Matches the schema it declares ({SCHEMA_URL})."]


def test_references_in_a_schema_are_fetched_through_the_fetcher(issuer):
    parent = "https://schemas.example/parent.json"
    issuer.fetcher.serve(parent, {"$schema": DRAFT, "$ref": SCHEMA_URL})

    steps = verified(issuer, **declared(entry(parent)))

    assert schema_steps(steps) == [f"Matches the schema it declares ({parent})."]
    assert SCHEMA_URL in issuer.fetcher.requests


def test_a_reference_that_cannot_be_fetched_is_a_step(issuer):
    parent = "https://schemas.example/dangling.json"
    issuer.fetcher.serve(parent, {"$schema": DRAFT, "$ref": "https://schemas.example/gone"})

    steps = verified(issuer, **declared(entry(parent)))

    (step,) = schema_steps(steps)
    assert "could not be checked" in step and "https://schemas.example/gone" in step


def test_the_schema_is_fetched_once_per_run(issuer):
    fetcher = CachingFetcher(issuer.fetcher, None)  # one run: one fetcher

    verified(issuer, fetcher, credential_id="urn:uuid:one", **declared(entry(), entry()))
    verified(issuer, fetcher, credential_id="urn:uuid:two", **declared(entry()))

    assert issuer.fetcher.requests.count(SCHEMA_URL) == 1


def test_no_schema_declared_means_no_schema_step(issuer):
    assert schema_steps(verified(issuer)) == []


@pytest.mark.parametrize(
    ("schema", "instance", "words"),
    [
        ({"required": ["name"]}, {}, 'the required property "name" is missing'),
        ({"type": "string"}, 3, "the value should be of the type string"),
        ({"type": ["string", "null"]}, 3, "the value should be of the type string, null"),
        ({"enum": ["a", "b"]}, "c", 'the value "c" is not one of those allowed'),
        ({"const": "Badge"}, "Thing", 'the value should be "Badge"'),
        ({"pattern": "^urn:"}, "x", 'the value "x" does not match the pattern "^urn:"'),
        ({"minLength": 3}, "ab", "the text should be at least 3 characters long"),
        ({"minItems": 1}, [], "the list should have at least 1 item"),
        ({"maxItems": 1}, [1, 2], "the list should have at most 1 item"),
        ({"minItems": 2}, [1], "the list should have at least 2 items"),
        ({"minProperties": 2.0}, {"a": 1}, "the object should have at least 2 properties"),
        ({"uniqueItems": True}, [1, 1], "the list repeats an item"),
        ({"minimum": 5}, 2, "the number should be at least 5"),
        ({"maximum": 5}, 9, "the number should be at most 5"),
        ({"additionalProperties": False}, {"x": 1}, "a property the schema does not allow"),
        ({"anyOf": [{"type": "string"}, {"type": "object"}]}, 3, "none of the shapes"),
        ({"not": {"type": "string"}}, "x", "a shape the schema forbids"),
        (False, 1, "nothing is allowed here"),
        ({"multipleOf": 2}, 3, 'it breaks the schema\'s rule "multipleOf"'),
    ],
)
def test_each_kind_of_mismatch_is_said_in_passports_words(schema, instance, words):
    import jsonschema
    from jsonschema.exceptions import best_match

    from badges.openbadges.schema_errors import described

    error = best_match(jsonschema.Draft201909Validator(schema).iter_errors(instance))

    assert words in str(described(error))


def test_a_long_value_is_cut_short_in_the_line():
    import jsonschema

    from badges.openbadges.schema_errors import MAX_VALUE, described

    (error,) = jsonschema.Draft201909Validator({"enum": ["a"]}).iter_errors("x" * 500)

    assert len(described(error)) < MAX_VALUE + 60
    assert "…" in described(error)


def test_a_mismatch_is_shown_in_french(issuer):
    from django.utils import translation

    from badges import step_log
    from tests.passport.test_french_everywhere import english_left

    strict = "https://schemas.example/strict.json"
    issuer.fetcher.serve(strict, {"$schema": DRAFT, "required": ["awardedDate"]})
    (line,) = schema_steps(verified(issuer, **declared(entry(strict))))

    with translation.override("fr"):
        shown = step_log.translated(line)

    assert shown.startswith("Non conforme au schéma déclaré")
    assert "awardedDate" in shown
    assert english_left(shown.replace(strict, "")) == [], shown
