"""A JSON Schema mismatch in Passport's words, so the step log can be translated.

The ``jsonschema`` library words its errors in English only ("'name' is a required
property"). Each error names the keyword it broke and the values involved; this module
turns the common keywords into steps with those values as parameters. A keyword not
listed here is named as it is, in a translated sentence.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema.exceptions import ValidationError

from .log import Step, step, step_plural

MAX_VALUE = 80  # characters of a value quoted in a line


def described(error: ValidationError) -> Step:
    """What ``error`` says, as a step whose words are Passport's own."""
    keyword = error.validator
    rule = error.validator_value
    if keyword is None:  # a ``false`` schema: nothing is allowed here
        return step("nothing is allowed here")
    wording = _WORDING.get(str(keyword))
    if wording is not None:
        return wording(error, rule)
    return step("it breaks the schema's rule %(keyword)s", keyword=_quoted(keyword))


def _required(error: ValidationError, rule: Any) -> Step:
    instance = error.instance if isinstance(error.instance, dict) else {}
    names = [name for name in rule if name not in instance] if isinstance(rule, list) else []
    missing = names[0] if names else rule
    return step("the required property %(name)s is missing", name=_quoted(missing))


def _type(error: ValidationError, rule: Any) -> Step:
    kinds = rule if isinstance(rule, list) else [rule]
    return step("the value should be of the type %(type)s", type=", ".join(map(str, kinds)))


def _enum(error: ValidationError, rule: Any) -> Step:
    return step("the value %(value)s is not one of those allowed", value=_quoted(error.instance))


def _const(error: ValidationError, rule: Any) -> Step:
    return step("the value should be %(expected)s", expected=_quoted(rule))


def _format(error: ValidationError, rule: Any) -> Step:
    return step(
        "the value %(value)s is not in the format %(format)s",
        value=_quoted(error.instance),
        format=str(rule),
    )


def _pattern(error: ValidationError, rule: Any) -> Step:
    return step(
        "the value %(value)s does not match the pattern %(pattern)s",
        value=_quoted(error.instance),
        pattern=_quoted(rule),
    )


def _min_length(error: ValidationError, rule: Any) -> Step:
    return step_plural(
        "the text should be at least %(count)d character long",
        "the text should be at least %(count)d characters long",
        _count(rule),
    )


def _max_length(error: ValidationError, rule: Any) -> Step:
    return step_plural(
        "the text should be at most %(count)d character long",
        "the text should be at most %(count)d characters long",
        _count(rule),
    )


def _min_items(error: ValidationError, rule: Any) -> Step:
    return step_plural(
        "the list should have at least %(count)d item",
        "the list should have at least %(count)d items",
        _count(rule),
    )


def _max_items(error: ValidationError, rule: Any) -> Step:
    return step_plural(
        "the list should have at most %(count)d item",
        "the list should have at most %(count)d items",
        _count(rule),
    )


def _unique(error: ValidationError, rule: Any) -> Step:
    return step("the list repeats an item")


def _minimum(error: ValidationError, rule: Any) -> Step:
    return step("the number should be at least %(limit)s", limit=_quoted(rule))


def _maximum(error: ValidationError, rule: Any) -> Step:
    return step("the number should be at most %(limit)s", limit=_quoted(rule))


def _unexpected_property(error: ValidationError, rule: Any) -> Step:
    return step("it has a property the schema does not allow")


def _unexpected_item(error: ValidationError, rule: Any) -> Step:
    return step("the list has an item the schema does not allow")


def _min_properties(error: ValidationError, rule: Any) -> Step:
    return step_plural(
        "the object should have at least %(count)d property",
        "the object should have at least %(count)d properties",
        _count(rule),
    )


def _max_properties(error: ValidationError, rule: Any) -> Step:
    return step_plural(
        "the object should have at most %(count)d property",
        "the object should have at most %(count)d properties",
        _count(rule),
    )


def _contains(error: ValidationError, rule: Any) -> Step:
    return step("the list has no item of the kind required")


def _dependent(error: ValidationError, rule: Any) -> Step:
    return step("a property that another one requires is missing")


def _choices(error: ValidationError, rule: Any) -> Step:
    return step("the value matches none of the shapes allowed")


def _one_of(error: ValidationError, rule: Any) -> Step:
    return step("the value should match exactly one of the shapes allowed")


def _not(error: ValidationError, rule: Any) -> Step:
    return step("the value has a shape the schema forbids")


_WORDING = {
    "required": _required,
    "type": _type,
    "enum": _enum,
    "const": _const,
    "format": _format,
    "pattern": _pattern,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minItems": _min_items,
    "maxItems": _max_items,
    "uniqueItems": _unique,
    "minimum": _minimum,
    "exclusiveMinimum": _minimum,
    "maximum": _maximum,
    "exclusiveMaximum": _maximum,
    "additionalProperties": _unexpected_property,
    "unevaluatedProperties": _unexpected_property,
    "propertyNames": _unexpected_property,
    "additionalItems": _unexpected_item,
    "unevaluatedItems": _unexpected_item,
    "items": _unexpected_item,
    "minProperties": _min_properties,
    "maxProperties": _max_properties,
    "contains": _contains,
    "minContains": _contains,
    "maxContains": _contains,
    "dependentRequired": _dependent,
    "dependencies": _dependent,
    "anyOf": _choices,
    "oneOf": _one_of,
    "not": _not,
}


def _count(rule: Any) -> int:
    """A schema's limit as a count (schemas may write 2.0 for 2)."""
    if isinstance(rule, bool) or not isinstance(rule, int | float):
        return 0
    try:
        return int(rule)
    except (OverflowError, ValueError):
        return 0


def _quoted(value: Any) -> str:
    """``value`` as JSON, cut short: a value read from the credential or the schema."""
    try:
        shown = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        shown = str(value)
    return shown if len(shown) <= MAX_VALUE else shown[: MAX_VALUE - 1] + "…"
