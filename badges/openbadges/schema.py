"""``credentialSchema``: does a credential match the JSON Schemas it declares?

Entries of type ``1EdTechJsonSchemaValidator2019`` (Open Badges 3.0, CLR 2.0) and the W3C
``JsonSchema`` are checked with the ``jsonschema`` library. Each schema, and any schema it
references, is fetched through the fetcher's ``get``: schemas are shared documents, so a
run fetches each once. The library itself never reaches the network.

A mismatch, or a schema that cannot be fetched or read, is a step in the log and never a
refusal: the proof says whether a credential is genuine, its schema only how well formed
the issuer's software made it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jsonschema
import referencing
import referencing.exceptions
from jsonschema.exceptions import SchemaError, ValidationError, best_match
from referencing.jsonschema import DRAFT201909

from .errors import ImportRefused
from .fetch_types import Fetcher
from .log import Step, step
from .schema_errors import described

SCHEMA_TYPES = frozenset({"1EdTechJsonSchemaValidator2019", "JsonSchema"})
ACCEPT_SCHEMA = "application/schema+json, application/json;q=0.9"
MAX_SCHEMAS = 4  # declared by one credential
MAX_REFERENCED = 8  # further schemas fetched for ``$ref``s, per declared schema
MAX_MESSAGE = 300


class _Unusable(Exception):
    """Why a schema could not be used: the line of the step log that says so."""

    def __init__(self, why: Step):
        super().__init__(why)
        self.why = why


def check_schemas(document: dict[str, Any], fetcher: Fetcher) -> tuple[Step, ...]:
    """One step per schema ``document`` declares: matched, not matched, or not checked."""
    entries = document.get("credentialSchema")
    entries = entries if isinstance(entries, list) else [entries] if entries else []
    steps: list[Step] = []
    seen: set[str] = set()
    for item in entries[:MAX_SCHEMAS]:
        url = item.get("id") if isinstance(item, dict) else None
        if not isinstance(url, str) or url in seen:
            continue
        seen.add(url)
        steps.append(_check_one(document, url[:500], item.get("type"), fetcher))
    return tuple(steps)


def _check_one(document: dict[str, Any], url: str, kind: Any, fetcher: Fetcher) -> Step:
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    if not SCHEMA_TYPES & {k for k in kinds if isinstance(k, str)}:
        if not kinds:
            return step(
                "The schema it declares (%(url)s) has no type, so Passport does not check it.",
                url=url,
            )
        return step(
            "The schema it declares (%(url)s) is of the type %(type)s, which Passport does not "
            "check.",
            url=url,
            type=", ".join(str(k)[:60] for k in kinds),
        )
    try:
        schema = _fetch_schema(url, fetcher)
        error = _first_error(document, schema, url, fetcher)
    except _Unusable as problem:
        return problem.why
    if error is None:
        return step("Matches the schema it declares (%(url)s).", url=url)
    message = described(error)
    path = ".".join(str(part) for part in error.absolute_path)[:MAX_MESSAGE]
    if path:
        return step(
            "Does not match the schema it declares (%(url)s): %(error)s (at %(path)s).",
            url=url,
            error=message,
            path=path,
        )
    return step(
        "Does not match the schema it declares (%(url)s): %(error)s.", url=url, error=message
    )


def _fetch_schema(url: str, fetcher: Fetcher) -> Any:
    if not url.startswith(("https://", "http://")):
        raise _Unusable(
            step(
                "The schema it declares (%(url)s) is not at a web address, so it could not be "
                "fetched.",
                url=url,
            )
        )
    try:
        response = fetcher.get(url, accept=ACCEPT_SCHEMA)
    except ImportRefused as refusal:
        raise _Unusable(
            step(
                "The schema it declares (%(url)s) could not be fetched: %(reason)s",
                url=url,
                reason=refusal.step(),
            )
        ) from refusal
    if response.status != 200:
        raise _Unusable(
            step(
                "The schema it declares (%(url)s) could not be fetched: the server answered "
                "%(status)s.",
                url=url,
                status=response.status,
            )
        )
    try:
        schema = json.loads(response.content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _Unusable(step("The schema it declares (%(url)s) is not JSON.", url=url)) from error
    if not isinstance(schema, dict | bool):
        raise _Unusable(step("The schema it declares (%(url)s) is not a JSON Schema.", url=url))
    return schema


def _first_error(
    document: dict[str, Any], schema: Any, url: str, fetcher: Fetcher
) -> ValidationError | None:
    """The most relevant way ``document`` breaks ``schema``, or None when it matches."""
    default = jsonschema.Draft201909Validator  # what 1EdTechJsonSchemaValidator2019 names
    cls = jsonschema.validators.validator_for(schema, default=default)
    try:
        cls.check_schema(schema)
    except SchemaError as error:
        raise _Unusable(
            step(
                "The schema it declares (%(url)s) is not a valid JSON Schema: %(error)s.",
                url=url,
                error=described(error),
            )
        ) from error
    registry: referencing.Registry = referencing.Registry(retrieve=_retriever(fetcher))
    validator = cls(schema, registry=registry)
    try:
        return best_match(validator.iter_errors(document))
    except referencing.exceptions.Unresolvable as error:
        ref = str(getattr(error, "ref", "") or "")[:MAX_MESSAGE]
        raise _Unusable(_unresolvable(url, ref)) from error
    except RecursionError as error:
        raise _Unusable(
            step(
                "The schema it declares (%(url)s) could not be checked: it is too deeply nested.",
                url=url,
            )
        ) from error


def _unresolvable(url: str, ref: str) -> Step:
    if not ref:
        return step(
            "The schema it declares (%(url)s) could not be checked: it refers to another "
            "schema, which could not be fetched.",
            url=url,
        )
    return step(
        "The schema it declares (%(url)s) could not be checked: it refers to %(ref)s, which "
        "could not be fetched.",
        url=url,
        ref=ref,
    )


def _retriever(fetcher: Fetcher) -> Callable[[str], referencing.Resource]:
    """Fetch referenced schemas through ``fetcher``, a few at most."""
    budget = [MAX_REFERENCED]

    def retrieve(uri: str) -> referencing.Resource:
        if budget[0] <= 0 or not uri.startswith(("https://", "http://")):
            raise referencing.exceptions.NoSuchResource(ref=uri)
        budget[0] -= 1
        try:
            contents = _fetch_schema(uri, fetcher)
        except _Unusable as problem:
            raise referencing.exceptions.NoSuchResource(ref=uri) from problem
        return referencing.Resource.from_contents(contents, default_specification=DRAFT201909)

    return retrieve
