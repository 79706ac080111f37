"""Check the facts file's data against facts.schema.json, before the model is made from it.

The compiled validator (jsonschema-rs) answers "valid?"; only an invalid file pays for
jsonschema's detailed errors, each turned into one line an editor can act on.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from factsite.problems import Problem

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_PATH = Path(__file__).resolve().parent.parent.parent / "facts.schema.json"


@cache
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _fast_validator() -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(_schema())


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # imported only when there are errors to explain

    return Draft202012Validator(_schema())


def schema_problems(data: Any, name: str) -> list[Problem]:
    # The compiled validator answers "valid?" hundreds of times faster (a 10,000-fact file:
    # milliseconds, not seconds); only an invalid file pays for jsonschema's detailed errors.
    if _fast_validator().is_valid(data):
        return []
    return [_schema_problem(err, name) for err in _validator().iter_errors(data)]


def json_path(parts: Any) -> str:
    """Turn ['facts', 12, 'sources', 0] into 'facts[12].sources[0]'."""
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _schema_problem(err: ValidationError, name: str) -> Problem:
    where = json_path(err.absolute_path)
    kind = err.validator
    schema = err.schema if isinstance(err.schema, dict) else {}
    hint = schema.get("description", "")
    if kind == "required":
        missing = re.search(r"'([^']+)' is a required property", err.message)
        field = missing.group(1) if missing else "?"
        return Problem(name, where, f"missing required field '{field}'", f'add "{field}": ...')
    if kind == "additionalProperties":
        extra = sorted(set(err.instance) - set(schema.get("properties", {})))
        allowed = ", ".join(schema.get("properties", {}))
        return Problem(
            name,
            where,
            f"unknown field '{extra[0]}'"
            if len(extra) == 1
            else "unknown fields " + ", ".join(f"'{e}'" for e in extra),
            f"check the spelling; allowed fields: {allowed}",
        )
    if kind == "dependentRequired":
        return _dependency_problem(err, name, where)
    if kind == "type":
        expected = err.validator_value
        return Problem(name, where, f"expected {_a(expected)}, found {_json_type(err.instance)}", _write_as(expected))
    if kind == "enum":
        options = ", ".join(str(o) for o in err.validator_value)
        return Problem(name, where, f"{err.instance!r} is not allowed", f"use one of: {options}")
    if kind == "pattern":
        message, fix = PATTERN_HELP.get(err.validator_value, ("does not have the expected form", hint or err.message))
        return Problem(name, where, f"{_short(err.instance)} {message}", fix)
    if kind == "maxLength" and where.endswith(".quote"):
        return Problem(
            name,
            where,
            f"quote is {len(err.instance)} characters, more than the {err.validator_value} allowed",
            "quote only the sentence or two that support the fact",
        )
    if kind == "maxLength":
        return Problem(
            name,
            where,
            f"text is {len(err.instance)} characters, more than the {err.validator_value} allowed",
            "split it into shorter facts",
        )
    if kind == "minLength":
        return Problem(name, where, "text is empty", "write the text or remove the field")
    if kind in {"minItems", "maxItems"} and where.endswith(".answer"):
        return Problem(
            name,
            where,
            f"has {len(err.instance)} answer sentences; a short answer has one to three",
            "list the ids of one to three facts that answer the question",
        )
    if kind == "minItems":
        what = "citation" if where.endswith("citations") else "entry"
        return Problem(name, where, f"needs at least {err.validator_value} {what}", f"add a {what}")
    if kind == "uniqueItems":
        return Problem(name, where, "lists the same item twice", "remove the repeat")
    if kind == "not" and "seen" in err.instance:
        return Problem(
            name, where, 'is marked "seen": false but has a quote or where', 'remove them, or remove "seen": false'
        )
    if kind == "anyOf" and where.startswith("sources["):
        return Problem(name, where, "has no 'url'", "add the source's https:// address")
    if kind == "oneOf":
        return Problem(name, where, f"{_short(err.instance)} is not valid here", hint or "see facts.schema.json")
    if kind == "multipleOf":
        return Problem(name, where, f"{err.instance} is not a whole number", hint or err.message)
    if kind in {"minimum", "maximum"}:
        return Problem(name, where, f"{err.instance} is out of range", hint or err.message)
    return Problem(name, where, err.message, hint)


# What a pattern in facts.schema.json means, said to an editor: (what is wrong, how to fix it).
PATTERN_HELP = {
    "^https://": ("is not an https:// web address", "paste the full address, starting with https://"),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": ("is not a date written YYYY-MM-DD", "write it like 2025-03-21"),
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": (
        "is not a date written YYYY, YYYY-MM or YYYY-MM-DD",
        "write it like 2025, 2025-03 or 2025-03-21",
    ),
    '^(mailto:[^@\\s<>"()?&%,]+@[^@\\s<>"()?&%,]+\\.[a-z]{2,}|https://[^\\s<>"()]+)$': (
        "is not one plain mailto: address or https:// page",
        "give one plain address, like mailto:corrections@example.org, or an https:// page",
    ),
    "^[a-z0-9]+(-[a-z0-9]+)*$": (
        "is not a valid id",
        "use lower-case letters and digits joined by hyphens, like 'trial-approval'",
    ),
}


def _dependency_problem(err: ValidationError, name: str, where: str) -> Problem:
    """'value' without 'unit' (and the like): say which field is missing, not the schema's jargon."""
    for field, needed in err.validator_value.items():
        missing = [n for n in needed if field in err.instance and n not in err.instance]
        if missing:
            return Problem(
                name,
                where,
                f"has '{field}' but no '{missing[0]}'",
                f"give both '{field}' and '{missing[0]}', or neither",
            )
    return Problem(name, where, err.message, "add the field it depends on, or remove both")


def _write_as(expected: Any) -> str:
    first = expected[0] if isinstance(expected, list) else expected
    return {
        "number": "write a number without quotes, like 4 or 11.3",
        "integer": "write a whole number without quotes, like 180",
        "string": "write text in double quotes",
        "array": "write a list in square brackets [ ... ]",
        "object": "write an object in curly brackets { ... }",
    }.get(first, f"write {_a(expected)}")


def _a(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(
        {"object": "an object {...}", "array": "a list [...]", "integer": "a whole number"}.get(n, f"a {n}")
        for n in names
    )


def _json_type(value: Any) -> str:
    for python, jsonname in (
        (bool, "true/false"),
        (int, "a number"),
        (float, "a number"),
        (str, "text"),
        (list, "a list"),
        (dict, "an object"),
    ):
        if isinstance(value, python):
            return jsonname
    return "null"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"
