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

SCHEMA_TYPES = frozenset({"1EdTechJsonSchemaValidator2019", "JsonSchema"})
ACCEPT_SCHEMA = "application/schema+json, application/json;q=0.9"
MAX_SCHEMAS = 4  # declared by one credential
MAX_REFERENCED = 8  # further schemas fetched for ``$ref``s, per declared schema
MAX_MESSAGE = 300


class _Unusable(Exception):
    """Why a schema could not be used, in the words of the step log."""


def check_schemas(document: dict[str, Any], fetcher: Fetcher) -> tuple[str, ...]:
    """One step per schema ``document`` declares: matched, not matched, or not checked."""
    entries = document.get("credentialSchema")
    entries = entries if isinstance(entries, list) else [entries] if entries else []
    steps: list[str] = []
    seen: set[str] = set()
    for item in entries[:MAX_SCHEMAS]:
        url = item.get("id") if isinstance(item, dict) else None
        if not isinstance(url, str) or url in seen:
            continue
        seen.add(url)
        steps.append(_check_one(document, url[:500], item.get("type"), fetcher))
    return tuple(steps)


def _check_one(document: dict[str, Any], url: str, kind: Any, fetcher: Fetcher) -> str:
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    if not SCHEMA_TYPES & {k for k in kinds if isinstance(k, str)}:
        named = ", ".join(str(k)[:60] for k in kinds) or "none"
        return (
            f"The schema it declares ({url}) is of the type {named}, which Passport does not check."
        )
    try:
        schema = _fetch_schema(url, fetcher)
        error = _first_error(document, schema, fetcher)
    except _Unusable as problem:
        return f"The schema it declares ({url}) {problem}."
    if error is None:
        return f"Matches the schema it declares ({url})."
    return f"Does not match the schema it declares ({url}): {_describe(error)}."


def _fetch_schema(url: str, fetcher: Fetcher) -> Any:
    if not url.startswith(("https://", "http://")):
        raise _Unusable("is not at a web address, so it could not be fetched")
    try:
        response = fetcher.get(url, accept=ACCEPT_SCHEMA)
    except ImportRefused as refusal:
        raise _Unusable(f"could not be fetched: {refusal.render().rstrip('.')}") from refusal
    if response.status != 200:
        raise _Unusable(f"could not be fetched: the server answered {response.status}")
    try:
        schema = json.loads(response.content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _Unusable("is not JSON") from error
    if not isinstance(schema, dict | bool):
        raise _Unusable("is not a JSON Schema")
    return schema


def _first_error(document: dict[str, Any], schema: Any, fetcher: Fetcher) -> ValidationError | None:
    """The most relevant way ``document`` breaks ``schema``, or None when it matches."""
    default = jsonschema.Draft201909Validator  # what 1EdTechJsonSchemaValidator2019 names
    cls = jsonschema.validators.validator_for(schema, default=default)
    try:
        cls.check_schema(schema)
    except SchemaError as error:
        raise _Unusable(f"is not a valid JSON Schema: {error.message[:MAX_MESSAGE]}") from error
    registry: referencing.Registry = referencing.Registry(retrieve=_retriever(fetcher))
    validator = cls(schema, registry=registry)
    try:
        return best_match(validator.iter_errors(document))
    except referencing.exceptions.Unresolvable as error:
        ref = str(getattr(error, "ref", "") or "another schema")[:MAX_MESSAGE]
        why = f"could not be checked: it refers to {ref}, which could not be fetched"
        raise _Unusable(why) from error
    except RecursionError as error:
        raise _Unusable("could not be checked: it is too deeply nested") from error


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


def _describe(error: ValidationError) -> str:
    message = error.message
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    path = ".".join(str(part) for part in error.absolute_path)
    return f"{message} (at {path})" if path else message
