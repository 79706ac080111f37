"""Turn stored fact text and values into safe Markdown, the way people say them."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from decimal import Decimal

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


# The Japanese edition renders with the same code: dates and large numbers as Japanese readers write them.
_JAPANESE: ContextVar[bool] = ContextVar("japanese", default=False)


@contextlib.contextmanager
def japanese() -> Iterator[None]:
    """Inside this block, dates read 2025年3月21日 and 2,000,000 reads 200万."""
    token = _JAPANESE.set(True)
    try:
        yield
    finally:
        _JAPANESE.reset(token)


class Markdown(str):
    """Markdown we generated ourselves, so templates print it unescaped."""


# At the start of a line these make a list item ('4. ', '+ ', '- ') or a rule ('---'); Python-Markdown
# reads a backslash before them as "this character, as it is".
_LINE_START = re.compile(r"^(?:(\d+)([.)])|([-+]))")


# Any character the table changes. Most text has none: finding that with one regex is several
# times faster than translating it (a 10,000-fact build escapes a quarter of a million texts).
_ESCAPED_CHARS = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_ESCAPES)) + "]")


def escape(text: str) -> Markdown:
    """Make any text print exactly as written: no HTML, links, emphasis, headings, lists or rules."""
    escaped = text.translate(_ESCAPES) if _ESCAPED_CHARS.search(text) else text
    if not (escaped[:1] in ("-", "+") or escaped[:1].isdigit()):
        return Markdown(escaped)  # _LINE_START cannot match: it needs a digit, '-' or '+' first
    return Markdown(
        _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", escaped)
    )


def format_value(value: float, unit: str) -> str:
    """Exactly the stored value, as people write it: 4 -> '4'; 2000000 -> '2 million'; 11.3 percent -> '11.3%'.

    Never rounded and never in scientific notation: a medical figure must read as it was checked.
    """
    if unit == "percent":
        return f"{plain_decimal(value)}%"
    if float(value).is_integer():
        value = int(value)
        if _JAPANESE.get() and value >= 10_000 and value % 10_000 == 0:
            return f"{value // 10_000:,}万"
        if 1_000_000 <= value < 1_000_000_000 and value % 100_000 == 0:
            return f"{plain_decimal(value / 1_000_000)} million"
        return f"{value:,}"
    return plain_decimal(value)


def plain_decimal(value: float) -> str:
    """11.3 -> '11.3'; 1e-07 -> '0.0000001'; 100.0 -> '100': the shortest exact decimal, no exponent."""
    return format(Decimal(repr(float(value))).normalize(), "f")


# A natural frequency may round a percentage, but only this much (relative): 11.3% -> '1 in 9' (11.1%).
FREQUENCY_TOLERANCE = 0.05
FREQUENCY_DENOMINATORS = range(2, 21)


def as_frequency(percent: float) -> str | None:
    """Say a percentage as a natural frequency: 11.3 -> '1 in 9', 30.2 -> '3 in 10'.

    None when no 'N in D' (D up to 20) is within FREQUENCY_TOLERANCE of it (0%, 0.5%, 99%):
    checks/integrity.py refuses such a placeholder rather than print a wrong figure.
    """
    if not 0 < percent < 100:
        return None
    error, denominator, numerator = min(
        (abs(round(percent * d / 100) / d * 100 - percent), d, round(percent * d / 100)) for d in FREQUENCY_DENOMINATORS
    )
    if numerator < 1 or numerator >= denominator or error > FREQUENCY_TOLERANCE * percent:
        return None
    return f"{denominator}人に{numerator}人" if _JAPANESE.get() else f"{numerator} in {denominator}"


def as_per100(percent: float) -> str | None:
    """Say a percentage as a whole number out of 100, for 'about N in 100': 5.7 -> '6', 17 -> '17'.

    None when that would read as none or everyone (below 0.5% or above 99.5%): checks/integrity.py
    refuses such a placeholder, and requires the word 'about' before one whose value is not whole.
    """
    whole = round(percent)
    if not 0 < whole < 100:
        return None
    return str(whole)


def fill_placeholders(text: str, facts: Mapping[str, Fact]) -> str:
    """Replace {fact-id}, {fact-id|frequency}, {fact-id|per100} and {fact-id|weeks} with that fact's stored value."""

    def value_of(match: re.Match[str]) -> str:
        fact = facts[match.group(1)]
        value = fact.value or 0  # checks/integrity.py refuses a placeholder for a fact without a value
        if match.group(2) == "frequency":
            return as_frequency(value) or format_value(value, "percent")  # refused by the checks before this
        if match.group(2) == "per100":
            return as_per100(value) or format_value(value, "percent")  # refused by the checks before this
        if match.group(2) == "weeks":  # a number of days said in weeks: 14 -> '2'
            return format_value(value / 7, "weeks")
        return format_value(value, fact.unit or "")

    return PLACEHOLDER.sub(value_of, text) if "{" in text else text


def long_date(value: str) -> str:
    """'2025-03-21' -> '21 March 2025'; '2025-03' -> 'March 2025'; '2021' -> '2021'."""
    parts = [int(p) for p in value.split("-")]
    if _JAPANESE.get():
        return "".join(f"{part}{unit}" for part, unit in zip(parts, "年月日", strict=False))
    if len(parts) == 1:
        return str(parts[0])
    month = dt.date(parts[0], parts[1], 1).strftime("%B")
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"


# Words that end with a full stop without ending a sentence ('Dr. Okano', 'e.g. this', 'No. 4').
ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "approx",
    "u.s", "u.k", "inc", "ltd", "co", "fig", "al", "vol", "p", "pp", "ed", "eds", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
# A sentence ends at . ! ? (or Japanese 。！？), perhaps after a closing quote or bracket, before
# a space and a capital letter, digit, opening quote or bracket - or at 。 wherever it is.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9{])|(?<=[。！？])[」』）]*")


_END_MARK = re.compile(r"[.!?。！？]")


def _initial(before: str) -> bool:
    """'H. Okano', 'M. and H. Okano': a single letter after a name or 'and' is an initial; 'grade D.' ends."""
    words = before[:-1].split()
    if not words or len(words[-1]) != 1 or not words[-1].isalpha():
        return False
    previous = words[-2] if len(words) > 1 else ""
    return not previous or previous[0].isupper() or previous in {"and", "&"}


def sentences(text: str) -> list[str]:
    """Split text into sentences; abbreviations, initials and decimals do not end one."""
    stripped = text.strip()
    if not _END_MARK.search(stripped, 0, len(stripped) - 1):
        return [stripped] if stripped else []  # nothing can end a sentence before the last character
    found, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].rstrip()
        last_word = before.rsplit(None, 1)[-1].rstrip(".!?\"'”’)]").lower() if before.split() else ""
        if before.endswith(".") and (last_word in ABBREVIATIONS or _initial(before)):
            continue
        if match.end() > start and text[start : match.end()].strip():
            found.append(text[start : match.end()].strip())
            start = match.end()
    rest = text[start:].strip()
    return [*found, rest] if rest else found
