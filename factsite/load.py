"""Step 1: read facts.json into Python data, or say exactly why it cannot be read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from factsite.problems import BuildFailed, Problem

# A real facts file is tens of kilobytes; anything this large is a mistake
# (a pasted data dump, the wrong file) and would only slow the build down.
MAX_BYTES = 5 * 1024 * 1024


def load_facts(path: Path) -> dict[str, Any]:
    """Return the parsed facts file. Raise BuildFailed with one located problem."""
    name = path.name
    if not path.is_file():
        raise BuildFailed([Problem(name, "", f"file not found at {path}", "check the path")])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise BuildFailed(
            [
                Problem(
                    name,
                    "",
                    f"file is {size:,} bytes, more than the {MAX_BYTES:,}-byte limit",
                    "this is not a facts file; restore facts.json from git",
                )
            ]
        )
    raw = path.read_bytes()
    return parse_facts(raw, name)


def parse_facts(raw: bytes, name: str = "facts.json") -> dict[str, Any]:
    """Parse facts from bytes, reporting the line and column of any problem."""
    if not raw.strip():
        raise BuildFailed([Problem(name, "", "file is empty", "restore facts.json from git")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise BuildFailed(
            [
                Problem(
                    name, "line 1, column 1", "file starts with a byte-order mark (BOM)", "save it as UTF-8 without BOM"
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _line_column(raw, err.start)
        raise BuildFailed(
            [
                Problem(
                    name,
                    f"line {line}, column {column}",
                    f"byte 0x{raw[err.start]:02x} is not valid UTF-8",
                    "save the file as UTF-8",
                )
            ]
        ) from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as err:
        raise BuildFailed(
            [
                Problem(
                    name,
                    f"line {err.lineno}, column {err.colno}",
                    f"not valid JSON: {err.msg}",
                    "look for a missing comma, quote or bracket just before this point",
                )
            ]
        ) from None
    except _DuplicateKey as err:
        raise BuildFailed(
            [Problem(name, "", f"key {err.key!r} appears twice in one object", "keep one of them")]
        ) from None
    except _BadConstant as err:
        raise BuildFailed([Problem(name, "", f"{err.word} is not allowed in JSON", "use a number")]) from None
    except RecursionError:
        raise BuildFailed(
            [
                Problem(
                    name, "", "JSON is nested too deeply", "facts.json is only a few levels deep; restore it from git"
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise BuildFailed([Problem(name, "", "the file must hold one JSON object { ... }", "restore it from git")])
    return data


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key


class _BadConstant(ValueError):
    def __init__(self, word: str) -> None:
        self.word = word


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json silently keeps the last of two equal keys; an editor would lose an edit.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _no_constants(word: str) -> None:
    raise _BadConstant(word)


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column
