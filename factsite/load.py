"""Step 1: read facts.json into Python data, or say exactly why it cannot be read."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from pathlib import Path
from typing import Any

from factsite.problems import BuildFailed, Problem

# The real facts file is about 160 KB, and a 10,000-fact one with quoted passages about 8 MB;
# anything much larger is a mistake
# (a pasted data dump, the wrong file) and would only slow the build down.
MAX_BYTES = 16 * 1024 * 1024
# facts.json is four levels deep; far deeper nesting is a paste accident, and
# refusing it early keeps the parser well away from Python's recursion limit.
MAX_DEPTH = 32
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def load_facts(path: Path) -> dict[str, Any]:
    """Return the parsed facts file. Raise BuildFailed with one located problem."""
    return parse_facts(read_facts_bytes(path), path.name)


def read_facts_bytes(path: Path) -> bytes:
    """The file's bytes, or one problem saying why they cannot be had."""
    name = path.name or str(path)
    if path.is_dir():
        raise BuildFailed([Problem(name, "", f"{path} is a folder, not a file", "give the path of facts.json")])
    if not path.is_file():
        raise BuildFailed([Problem(name, "", f"file not found at {path}", "check the path")])
    try:
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
        return path.read_bytes()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise BuildFailed([Problem(name, "", f"cannot be read: {reason}", "check the file's permissions")]) from None


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
    text = _decode(raw, name)
    depth_problem = _too_deep(text, name) if _may_be_too_deep(text) else None
    if depth_problem:
        raise BuildFailed([depth_problem])
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_no_constants,
            parse_int=_bounded_int,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as err:
        raise BuildFailed([_syntax_problem(err, text, name)]) from None
    except _DuplicateKey:
        raise BuildFailed(duplicate_key_problems(text, name)) from None
    except _BadConstant as err:
        match = re.search(rf"[:,\[]\s*({re.escape(err.word)})", text)
        line, column = _line_column(text, match.start(1)) if match else (1, 1)
        raise BuildFailed(
            [Problem(name, f"line {line}, column {column}", f"{err.word} is not allowed in JSON", "write a number")]
        ) from None
    except _BadNumber as err:
        match = re.search(rf"[:,\[]\s*({re.escape(err.word)})(?![0-9.eE+-])", text)
        line, column = _line_column(text, match.start(1)) if match else (1, 1)
        place = f"line {line}, column {column}"
        raise BuildFailed([Problem(name, place, err.reason, "write a smaller number")]) from None
    if not isinstance(data, dict):
        raise BuildFailed([Problem(name, "", "the file must hold one JSON object { ... }", "restore it from git")])
    # Only a \ud800-\udfff escape can make half a character (UTF-8 text cannot hold one): look closer only then.
    if _SURROGATE_ESCAPE.search(text):
        surrogates = _lone_surrogates(data, name)
        if surrogates:
            raise BuildFailed(surrogates)
    return data


# Figures on this site are counts and percentages; anything longer is a typing accident,
# and Python refuses to read integers of more than 4,300 digits at all.
MAX_NUMBER_CHARS = 20
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class _BadNumber(ValueError):
    def __init__(self, word: str, reason: str) -> None:
        self.word, self.reason = word, reason


def _short_number(word: str) -> str:
    return word if len(word) <= 24 else f"{word[:10]}...{word[-6:]} ({len(word)} characters)"


def _bounded_int(word: str) -> int:
    if len(word.lstrip("-")) > MAX_NUMBER_CHARS:
        raise _BadNumber(word, f"the number {_short_number(word)} is too long to be a figure on this site")
    return int(word)


def _finite_float(word: str) -> float:
    value = float(word)
    if len(word) > MAX_NUMBER_CHARS + 10 or value in (float("inf"), float("-inf")):
        raise _BadNumber(word, f"the number {_short_number(word)} is too large to be a figure on this site")
    return value


def _lone_surrogates(data: Any, name: str) -> list[Problem]:
    """A \\ud800 escape with no partner is not a character: it cannot be written to a page."""
    problems: list[Problem] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                walk(key, path)
                walk(child, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, f"{path}[{index}]")
        elif isinstance(value, str) and _LONE_SURROGATE.search(value):
            problems.append(
                Problem(
                    name,
                    path or "(top level)",
                    "contains a \\u escape for half a character (a lone surrogate)",
                    "write the character itself, or remove the escape",
                )
            )

    walk(data, "")
    return problems


def _syntax_problem(err: json.JSONDecodeError, text: str, name: str) -> Problem:
    place = f"line {err.lineno}, column {err.colno}"
    if err.pos >= len(text.rstrip()):  # the parser ran out of text: the end of the file is missing
        return Problem(
            name, place, "the file ends before the JSON is complete", "restore the missing end (git diff facts.json)"
        )
    return Problem(
        name, place, f"not valid JSON: {err.msg}", "look for a missing comma, quote or bracket just before this point"
    )


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
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


# A JSON string; written as "unrolled loop" (runs of plain characters between escapes), which is
# three times faster on an 8 MB file than one alternation per character.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _may_be_too_deep(text: str) -> bool:
    """A fast check on the brackets alone (strings removed by regex); `_too_deep` then locates.

    An unclosed string can leave brackets in, so this may say yes wrongly, never no wrongly.
    """
    depth = 0
    for char in _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)):
        depth += 1 if char in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    return False


def _too_deep(text: str, name: str) -> Problem | None:
    """Find brackets nested deeper than MAX_DEPTH, outside strings, without recursion."""
    depth, in_string, escaped, line, column = 0, False, False, 1, 0
    for char in text:
        column += 1
        if char == "\n":
            line, column = line + 1, 0
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(
                    name,
                    f"line {line}, column {column}",
                    f"JSON is nested more than {MAX_DEPTH} levels deep",
                    "facts.json is only a few levels deep; restore it from git",
                )
        elif char in "]}":
            depth -= 1
    return None


class _DuplicateKey(ValueError):
    pass


class _BadConstant(ValueError):
    def __init__(self, word: str) -> None:
        self.word = word


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json silently keeps the last of two equal keys; an editor would lose an edit.
    data = dict(pairs)
    if len(data) != len(pairs):
        raise _DuplicateKey()
    return data


def _no_constants(word: str) -> None:
    raise _BadConstant(word)


def duplicate_key_problems(text: str, name: str) -> list[Problem]:
    """Parse again, slowly, noting where each key starts, to locate every repeated key."""
    problems: list[Problem] = []
    decoder = json.JSONDecoder()
    newlines = [m.start() for m in re.finditer("\n", text)]

    def locate(offset: int) -> tuple[int, int]:
        line = bisect.bisect_left(newlines, offset)  # lines before this one
        return line + 1, offset - (newlines[line - 1] if line else -1)

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[dict[str, Any], int]:
        s, start = s_and_end
        pairs, end = json.decoder.JSONObject(s_and_end, *args[:2], None, lambda p: p, *args[4:])
        first: dict[str, int] = {}
        for key, offset in _key_offsets(s, start, end):
            if key not in first:
                first[key] = offset
                continue
            line, column = locate(offset)
            problems.append(
                Problem(
                    name,
                    f"line {line}, column {column}",
                    f"key '{key}' appears twice in one object (first on line {locate(first[key])[0]})",
                    "keep one of them",
                )
            )
        return dict(pairs), end

    decoder.parse_object = parse_object  # type: ignore[assignment]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    decoder.decode(text)
    return problems


def _key_offsets(s: str, start: int, end: int) -> list[tuple[str, int]]:
    """(key, offset) for each key of the object whose body is s[start:end], not of nested ones."""
    keys, depth, index = [], 0, start
    while index < end:
        char = s[index]
        if char == '"':
            key, string_end = json.decoder.scanstring(s, index + 1)
            after = _WHITESPACE.match(s, string_end).end()  # type: ignore[union-attr]
            if depth == 0 and after < end and s[after] == ":":
                keys.append((key, index))
            index = string_end
            continue
        depth += char in "[{"
        depth -= char in "]}"
        index += 1
    return keys


def _line_column(raw: bytes | str, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    newline = b"\n" if isinstance(raw, bytes) else "\n"
    line = before.count(newline) + 1  # type: ignore[arg-type]
    column = offset - (before.rfind(newline) + 1) + 1  # type: ignore[arg-type]
    return line, column
