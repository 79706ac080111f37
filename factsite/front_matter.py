"""Keep each page's YAML front matter valid whatever text a fact puts into it.

A template writes `description: {{ site.description }}`. Text such as "Results: what we
know" or a leading quote makes that line invalid YAML, and MkDocs then silently shows
the front matter as page text. Any value YAML would not read back exactly as written
is written as a double-quoted YAML string; everything else is left as the author wrote it.
"""

from __future__ import annotations

import html
import re

import yaml

_KEY = re.compile(r"[A-Za-z_][\w-]*")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]#|!~])")


def safe_front_matter(page: str) -> str:
    if not page.startswith("---\n"):
        return page
    end = page.find("\n---\n", 3)
    if end == -1:
        return page
    lines = [_safe_line(line) for line in page[4:end].split("\n")]
    return "---\n" + "\n".join(lines) + page[end:]


def _safe_line(line: str) -> str:
    key, colon, value = line.partition(":")
    value = value.strip()
    if not colon or not value or not _KEY.fullmatch(key):
        return line  # a list item, a nested block, or a key that opens one: not ours to change
    # Front matter is not Markdown: show the text itself, not its Markdown or HTML escapes.
    text = html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", value))
    if _reads_back(key, value, text):
        return line
    quoted = yaml.safe_dump({key: text}, allow_unicode=True, default_style='"', width=1_000_000).strip()
    return quoted.replace(f'"{key}":', f"{key}:", 1)


# Words, spaces and harmless punctuation: YAML reads these back as the same string.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'()?/-]*")
_YAML_WORDS = {"yes", "no", "y", "n", "true", "false", "on", "off", "null"}


def _reads_back(key: str, value: str, text: str) -> bool:
    if value == text and _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return True  # the common case, without a YAML parse per line
    try:
        loaded = yaml.safe_load(f"{key}: {value}")
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded.get(key) == text
