"""Step 2: check the facts file against its schema and for integrity.

Every problem is collected, so an editor fixes them all in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jsonschema_rs

from factsite.problems import BuildFailed, Problem

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "facts.schema.json"

# {fact-id} or {fact-id|frequency} inside a statement: insert that fact's value.
PLACEHOLDER = re.compile(r"\{([a-z0-9]+(?:-[a-z0-9]+)*)(?:\|([a-z]+))?\}")
PLACEHOLDER_FORMATS = {"", "frequency", "weeks"}
# C0 and C1 control characters, DEL, and Unicode line and paragraph separators: a regex, for speed.
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

# Characters that Markdown, HTML or Jinja would read as structure. Fact text is
# data: it must show as written, so these are refused with a clear message.
MARKUP_CHARS = {
    "<": "it starts an HTML tag",
    ">": "it ends an HTML tag or starts a quote",
    "[": "it starts a Markdown link or footnote",
    "]": "it ends a Markdown link or footnote",
    "`": "it starts Markdown code",
    "*": "it makes Markdown bold or italic",
    "_": "it can make Markdown italic",
    "\\": "it escapes Markdown",
    "|": "it splits a Markdown table",
    "~": "it can strike text through",
    "#": "it can start a heading",
}
# Any character one of the checks below could report: text without one is skipped quickly.
_SUSPECT = re.compile("[" + re.escape("".join(MARKUP_CHARS)) + r"{}\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Facts:
    """The validated facts file, with each collection keyed by id in file order."""

    site: dict[str, Any]
    sources: dict[str, dict[str, Any]]
    facts: dict[str, dict[str, Any]]
    claims: dict[str, dict[str, Any]]
    glossary: dict[str, dict[str, Any]]
    questions: dict[str, dict[str, Any]]
    pictures: dict[str, dict[str, Any]]
    changelog: list[dict[str, Any]]
    file: str = "facts.json"  # the file's name, for problems found after validation


def validate_facts(data: dict[str, Any], name: str = "facts.json") -> Facts:
    """Return the checked facts. Raise BuildFailed listing every problem."""
    problems = schema_problems(data, name)
    if problems:  # integrity checks assume the shapes the schema promises
        raise BuildFailed(problems)
    problems = integrity_problems(data, name)
    if problems:
        raise BuildFailed(problems)
    return Facts(
        site=data["site"],
        sources=_by_id(data["sources"]),
        facts=_by_id(data["facts"]),
        claims=_by_id(data["claims"]),
        glossary=_by_id(data["glossary"]),
        questions=_by_id(data["questions"]),
        pictures=_by_id(data["pictures"]),
        changelog=data["changelog"],
        file=name,
    )


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
    if kind == "maxLength":
        return Problem(
            name,
            where,
            f"text is {len(err.instance)} characters, more than the {err.validator_value} allowed",
            "split it into shorter facts",
        )
    if kind == "minLength":
        return Problem(name, where, "text is empty", "write the text or remove the field")
    if kind == "minItems":
        what = "source" if where.endswith("sources") else "entry"
        return Problem(name, where, f"needs at least {err.validator_value} {what}", f"add a {what}")
    if kind == "uniqueItems":
        return Problem(name, where, "lists the same item twice", "remove the repeat")
    if kind == "oneOf":
        return Problem(name, where, f"{_short(err.instance)} is not valid here", hint or "see facts.schema.json")
    if kind in {"minimum", "maximum"}:
        return Problem(name, where, f"{err.instance} is out of range", err.message)
    return Problem(name, where, err.message, hint)


# What a pattern in facts.schema.json means, said to an editor: (what is wrong, how to fix it).
PATTERN_HELP = {
    "^https://": ("is not an https:// web address", "paste the full address, starting with https://"),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": ("is not a date written YYYY-MM-DD", "write it like 2025-03-21"),
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": (
        "is not a date written YYYY, YYYY-MM or YYYY-MM-DD",
        "write it like 2025, 2025-03 or 2025-03-21",
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
        "array": 'write a list in square brackets, like ["source-id"]',
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


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    # The first of two entries with one id wins, so a duplicate is reported once, as a duplicate.
    found: dict[str, dict[str, Any]] = {}
    for item in items:
        found.setdefault(item["id"], item)
    return found


# --- integrity -----------------------------------------------------------------


def integrity_problems(data: dict[str, Any], name: str) -> list[Problem]:
    problems: list[Problem] = []
    for collection in ("sources", "facts", "claims", "glossary", "questions", "pictures"):
        problems += _duplicate_ids(data[collection], collection, name)
    problems += _date_problems(data, name)
    problems += _url_problems(data["sources"], name)
    problems += _citation_problems(data, name)
    every_text = texts(data)  # walked once: on 10,000 facts the walk is a visible share of the build
    problems += _placeholder_problems(data, every_text, name)
    problems += _markup_problems(every_text, name)
    return problems


def _duplicate_ids(items: list[dict[str, Any]], collection: str, name: str) -> list[Problem]:
    first_seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items):
        item_id = item["id"]
        if item_id in first_seen:
            problems.append(
                Problem(
                    name,
                    f"{collection}[{index}].id",
                    f"id '{item_id}' is already used by {collection}[{first_seen[item_id]}]",
                    "give each entry its own id",
                )
            )
        else:
            first_seen[item_id] = index
    return problems


def parse_date(text: str) -> dt.date | None:
    """A real calendar date from YYYY, YYYY-MM or YYYY-MM-DD; None if impossible."""
    parts = [int(p) for p in text.split("-")]
    try:
        return dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        return None


def _date_problems(data: dict[str, Any], name: str) -> list[Problem]:
    fields: list[tuple[str, str]] = [
        ("site.last_reviewed", data["site"]["last_reviewed"]),
        ("site.next_review", data["site"]["next_review"]),
    ]
    for index, source in enumerate(data["sources"]):
        fields.append((f"sources[{index}].accessed", source["accessed"]))
        if source["published"] is not None:
            fields.append((f"sources[{index}].published", source["published"]))
    for collection in ("facts", "claims"):
        for index, item in enumerate(data[collection]):
            fields.append((f"{collection}[{index}].checked", item["checked"]))
    fields += [(f"facts[{i}].date", fact["date"]) for i, fact in enumerate(data["facts"]) if "date" in fact]
    fields += [(f"changelog[{i}].date", change["date"]) for i, change in enumerate(data["changelog"])]
    problems = [
        Problem(name, where, f"'{value}' is not a real date", "check the month and day (YYYY-MM-DD)")
        for where, value in fields
        if parse_date(value) is None
    ]
    last, upcoming = parse_date(data["site"]["last_reviewed"]), parse_date(data["site"]["next_review"])
    if last and upcoming and upcoming <= last:
        problems.append(
            Problem(
                name,
                "site.next_review",
                f"next review {upcoming} is not after the last review {last}",
                "set next_review to a later date",
            )
        )
    return problems


def _url_problems(sources: list[dict[str, Any]], name: str) -> list[Problem]:
    problems = []
    for index, source in enumerate(sources):
        url = source["url"]
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.scheme != "https" or "." not in host or any(c.isspace() for c in url) or parts.username:
            problems.append(
                Problem(
                    name,
                    f"sources[{index}].url",
                    f"{_short(url)} is not a well-formed https:// web address",
                    "paste the full address, starting with https://",
                )
            )
    return problems


def _cited(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    cited = []
    for collection in ("facts", "claims", "glossary"):
        for index, item in enumerate(data[collection]):
            cited.append((f"{collection}[{index}].sources", item["sources"]))
    return cited


def _citation_problems(data: dict[str, Any], name: str) -> list[Problem]:
    sources = _by_id(data["sources"])
    problems = []
    for where, ids in _cited(data):
        for position, source_id in enumerate(ids):
            if source_id not in sources:
                problems.append(
                    Problem(
                        name,
                        f"{where}[{position}]",
                        f"unknown source '{source_id}'",
                        _closest_source(source_id, sources),
                    )
                )
    for index, fact in enumerate(data["facts"]):
        known = [sources[s] for s in fact["sources"] if s in sources]
        if known and all(s["strength"] == "weak" for s in known):
            problems.append(
                Problem(
                    name,
                    f"facts[{index}].sources",
                    "cites only weak sources, which may flag errors but not support a fact",
                    "add a primary or secondary source, or remove the fact",
                )
            )
        if fact["support"] == "confirmed" and known and not any(s["strength"] == "primary" for s in known):
            problems.append(
                Problem(
                    name,
                    f"facts[{index}].support",
                    "is 'confirmed' but none of its sources is primary",
                    "cite a primary source or set support to 'news-only'",
                )
            )
    return problems


def closest(unknown: str, known: dict[str, Any], otherwise: str = "") -> str:
    """'did you mean ...?' with the closest known ids; else `otherwise`, or the known ids themselves."""
    close = _close_ids(unknown, list(known))
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if otherwise:
        return otherwise
    if not known:
        return "there is none yet: check the spelling, or add it"
    names = [f"'{k}'" for k in list(known)[:6]]
    return "use one of " + ", ".join(names) + (", ..." if len(known) > 6 else "")


def _close_ids(unknown: str, known: list[str]) -> list[str]:
    """Up to three ids that look like `unknown`, only the nearly-best ones (a typo has one answer)."""
    scored = sorted(((difflib.SequenceMatcher(None, unknown, k).ratio(), k) for k in known), key=lambda pair: -pair[0])
    good = [(score, k) for score, k in scored if score >= 0.6]
    return [k for score, k in good[:3] if score >= good[0][0] - 0.05]


def _closest_source(source_id: str, sources: dict[str, Any]) -> str:
    return closest(source_id, sources, "add the source to 'sources' first, or use an existing id")


def texts(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Every piece of free text an editor writes, with its JSON path as parts (see json_path)."""
    found: list[tuple[tuple[Any, ...], str]] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                if key not in {"id", "url", "sources", "seed", "$schema"}:
                    walk(child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, (*path, index))
        elif isinstance(value, str):
            found.append((path, value))  # the path is spelled out only for a problem

    walk(data, ())
    return found


def _placeholder_problems(
    data: dict[str, Any], every_text: list[tuple[tuple[Any, ...], str]], name: str
) -> list[Problem]:
    facts = _by_id(data["facts"])
    problems = []
    for parts, text in every_text:
        if "{" not in text:
            continue
        where = json_path(parts)
        for match in PLACEHOLDER.finditer(text):
            fact_id, fmt = match.group(1), match.group(2) or ""
            target = facts.get(fact_id)
            if target is None:
                problems.append(
                    Problem(name, where, f"{match.group(0)} names unknown fact '{fact_id}'", closest(fact_id, facts))
                )
            elif "value" not in target:
                problems.append(
                    Problem(
                        name,
                        where,
                        f"{match.group(0)} names fact '{fact_id}', which has no value",
                        "give that fact a value and unit",
                    )
                )
            elif fmt not in PLACEHOLDER_FORMATS:
                problems.append(
                    Problem(
                        name,
                        where,
                        f"{match.group(0)} has unknown format '{fmt}'",
                        "use {id}, {id|frequency} or {id|weeks}",
                    )
                )
            elif fmt == "frequency" and target["unit"] != "percent":
                problems.append(
                    Problem(name, where, f"{match.group(0)} needs a percent value", "use {" + fact_id + "}")
                )
            elif fmt == "weeks" and (target["unit"] != "days" or target["value"] % 7):
                problems.append(
                    Problem(
                        name, where, f"{match.group(0)} needs a whole number of weeks in days", "use {" + fact_id + "}"
                    )
                )
    return problems


def _markup_problems(every_text: list[tuple[tuple[Any, ...], str]], name: str) -> list[Problem]:
    problems = []
    for parts, text in every_text:
        if not _SUSPECT.search(text):
            continue  # most text: nothing to report, so no path to spell out
        where = json_path(parts)
        bare = PLACEHOLDER.sub("", text)
        if "{" in bare or "}" in bare:
            problems.append(
                Problem(
                    name, where, "contains a brace that is not a {fact-id} placeholder", "remove it, or write {fact-id}"
                )
            )
        for char, why in MARKUP_CHARS.items():
            if char in bare:
                problems.append(
                    Problem(name, where, f"contains '{char}', which is not allowed because {why}", "write it in words")
                )
                break
        if CONTROL_CHARS.search(text):
            problems.append(
                Problem(name, where, "contains a line break or control character", "keep the text on one line")
            )
    return problems
