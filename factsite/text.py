"""Turn stored fact text and values into safe Markdown, the way people say them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from factsite.model import PLACEHOLDER, Fact

# One table, applied in one pass: HTML's own characters become entities; characters
# Python-Markdown treats as structure get a backslash; ~ (which Python-Markdown cannot
# backslash-escape) becomes an entity; control characters, which never belong in page text
# and which glossary.py uses as markers, are dropped.
_ESCAPES: dict[int, str | None] = {
    **{ord(c): f"\\{c}" for c in "\\`*_{}[]#|!"},
    **{ord(c): None for c in map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])},
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord("~"): "&#126;",
}


class Markdown(str):
    """Markdown we generated ourselves, so templates print it unescaped."""


def escape(text: str) -> Markdown:
    """Make any text print exactly as written: no HTML, links, emphasis or headings."""
    return Markdown(text.translate(_ESCAPES))


def format_value(value: float, unit: str) -> str:
    """4 -> '4'; 2000000 -> '2 million'; 11.3 percent -> '11.3%'."""
    if unit == "percent":
        return f"{value:g}%"
    if float(value).is_integer():
        value = int(value)
        if value >= 1_000_000 and value % 100_000 == 0:
            return f"{value / 1_000_000:g} million"
        return f"{value:,}"
    return f"{value:,}"


def as_frequency(percent: float) -> str:
    """Say a percentage as a natural frequency: 11.3 -> '1 in 9', 30.2 -> '3 in 10'."""
    best = min(
        ((max(1, round(percent * d / 100)), d) for d in range(2, 21)),
        key=lambda nd: (abs(nd[0] / nd[1] * 100 - percent), nd[1]),
    )
    return f"{best[0]} in {best[1]}"


def fill_placeholders(text: str, facts: Mapping[str, Fact]) -> str:
    """Replace {fact-id}, {fact-id|frequency} and {fact-id|weeks} with that fact's stored value."""

    def value_of(match: re.Match[str]) -> str:
        fact = facts[match.group(1)]
        value = fact.value or 0  # checks/integrity.py refuses a placeholder for a fact without a value
        if match.group(2) == "frequency":
            return as_frequency(value)
        if match.group(2) == "weeks":  # a number of days said in weeks: 14 -> '2'
            return format_value(value / 7, "weeks")
        return format_value(value, fact.unit or "")

    return PLACEHOLDER.sub(value_of, text)


def long_date(value: str) -> str:
    """'2025-03-21' -> '21 March 2025'; '2025-03' -> 'March 2025'; '2021' -> '2021'."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = dt.date(parts[0], parts[1], 1).strftime("%B")
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"
