"""Page front matter as data: read from the top of a template, rendered, and dumped as YAML.

A template starts with a YAML block (title, description, search settings). Its text values
may use template expressions (`description: "{{ site.description }}"`). The block is read
with a YAML parser before rendering, each text value is rendered as plain text (front
matter is not Markdown), and the result is written back with a YAML dumper, so whatever
a fact says, the page's front matter stays valid YAML that MkDocs reads back exactly.

The block is replaced by blank lines in the template Jinja renders, so line numbers in
template errors still match the file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

# libyaml's parser when PyYAML has it: 500 generated pages parse several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BLOCK = re.compile(r"\A---\n(.*?\n)?---\n", re.S)


class FrontMatterError(ValueError):
    """The template's front matter is not a YAML mapping."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def split(source: str) -> tuple[dict[str, Any], str]:
    """(front matter data, the template body with the block blanked out). Raises FrontMatterError."""
    data, body = _split(source)
    return dict(data), body  # a copy: the cached data must not change


@lru_cache(maxsize=4096)  # the checks, the page titles and the render each read every template
def _split(source: str) -> tuple[dict[str, Any], str]:
    match = _BLOCK.match(source)
    if match is None:
        return {}, source
    try:
        data = yaml.load(match.group(1) or "", Loader=_LOADER) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise FrontMatterError(line, f"front matter is not valid YAML: {getattr(err, 'problem', err)}") from None
    if not isinstance(data, dict):
        raise FrontMatterError(2, "front matter must be 'key: value' lines")
    return data, "\n" * match.group(0).count("\n") + source[match.end() :]


def block(source: str) -> str:
    """The front matter block itself, '---' lines included, or '' when there is none."""
    match = _BLOCK.match(source)
    return "" if match is None else match.group(0)


def blank_out(source: str) -> str:
    """The template with its front matter block replaced by as many blank lines."""
    match = _BLOCK.match(source)
    return source if match is None else "\n" * match.group(0).count("\n") + source[match.end() :]


def dump(data: dict[str, Any]) -> str:
    """The front matter block for a page, or '' when there is none."""
    if not data:
        return ""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False)
    return f"---\n{text}---\n"
