"""Mark glossary terms in page text: a link to the term's entry, with its definition as a tooltip.

Marking happens in two passes, because whether a term is linked depends on where it is:

1. While a fact is rendered, `mark()` escapes its text and wraps each glossary term it
   finds in control-character sentinels (fact text can never contain them: validation
   refuses control characters and `escape()` strips them).
2. When the whole page is rendered, `link_terms()` turns the first mention of each term
   in every section (from one heading to the next) into a link, and the rest back into
   plain text. A reader who lands on a section from search or the table of contents
   finds the term explained there, without a page full of links.

The link goes to the Glossary entry, so a tap on a phone reaches the definition; the
definition is also the link's title, which Material's `content.tooltips` shows on hover
and on keyboard focus.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from factsite.model import Fact, Term
from factsite.text import Markdown, escape, fill_placeholders

START, MIDDLE, END = "\x02", "\x1f", "\x03"
_SENTINEL = re.compile(f"{START}([a-z0-9-]+){MIDDLE}(.*?){END}")
# Characters that Markdown or HTML could read inside a link title; written as numeric entities.
_TITLE_SPECIAL = set("&<>\"'\\`*_{}[]()#+!|~")


def forms(glossary: Mapping[str, Term]) -> dict[str, str]:
    """Each written form of each term (lower case) -> term id; plurals in -s are added."""
    found: dict[str, str] = {}
    for term_id, entry in glossary.items():
        for form in [entry.term, *entry.aliases]:
            found.setdefault(form.casefold(), term_id)
            if not form.endswith("s"):
                found.setdefault(form.casefold() + "s", term_id)
    return found


def term_pattern(glossary: Mapping[str, Term]) -> re.Pattern[str] | None:
    """Whole words only; only the first letter may change case ('Grade A' matches 'grade A', not 'grade a')."""
    alternatives: list[tuple[str, str]] = []  # (what must not come before it, the form itself), longest first
    first_letters: set[str] = set()
    for form in sorted({f for e in glossary.values() for f in [e.term, *e.aliases]}, key=len, reverse=True):
        if _JAPANESE.search(form):  # Japanese has no spaces between words: a term matches where it is written,
            alternatives.append((_japanese_start(form), re.escape(form)))  # but not as the tail of a longer word
            first_letters.add(form[0])
            continue
        heads = form[0].lower() + form[0].upper() if form[0].isalpha() else form[0]
        head = f"[{heads}]" if form[0].isalpha() else re.escape(form[0])
        plural = "" if form.endswith("s") else "s?"
        alternatives.append((r"(?<![\w-])", head + re.escape(form[1:]) + plural + r"(?![\w-])"))
        first_letters.update(heads)
    if not alternatives:
        return None
    # The same matches as one alternative per form, in the same order, but about ten times faster: a
    # position whose character starts no form is passed over at once, and the check of the character
    # before a word is made once for a run of forms that share it, not once for each form.
    groups: list[tuple[str, list[str]]] = []
    for guard, body in alternatives:
        if groups and groups[-1][0] == guard:
            groups[-1][1].append(body)
        else:
            groups.append((guard, [body]))
    starts = "".join(re.escape(letter) for letter in sorted(first_letters))
    return re.compile(
        f"(?=[{starts}])(?:" + "|".join(f"{guard}(?:{'|'.join(bodies)})" for guard, bodies in groups) + ")"
    )


def _japanese_start(form: str) -> str:
    """A kanji term right after another kanji (or katakana after katakana) is the end of a longer word
    with another meaning: 完全損傷 (complete injury) inside 不完全損傷 (incomplete injury)."""
    for script in (_KANJI, _KATAKANA):
        if script.fullmatch(form[0]):
            return f"(?<!{script.pattern})"
    return ""


_KANJI = re.compile(r"[\u3400-\u9fff]")
_KATAKANA = re.compile(r"[\u30a0-\u30ff]")
# Kana and kanji (the Japanese edition's glossary terms).
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


_compiled: tuple[object, re.Pattern[str] | None, dict[str, str]] | None = None


def _pattern_and_forms(glossary: Mapping[str, Term]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    # Every fact of a build is marked with the same glossary: build its pattern once, not per fact.
    global _compiled
    if _compiled is None or _compiled[0] is not glossary:
        _compiled = (glossary, term_pattern(glossary), forms(glossary))
    return _compiled[1], _compiled[2]


def mark(text: str, glossary: Mapping[str, Term], skip: str | None = None) -> Markdown:
    """Escape `text` for Markdown, with every glossary term wrapped in sentinels."""
    pattern, lookup = _pattern_and_forms(glossary)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        term_id = lookup.get(match.group(0).casefold())
        if term_id is None or term_id == skip:
            continue
        out += [escape(text[last : match.start()]), f"{START}{term_id}{MIDDLE}{escape(match.group(0))}{END}"]
        last = match.end()
    out.append(escape(text[last:]))
    return Markdown("".join(out))


def title_attribute(text: str) -> str:
    return "".join(f"&#{ord(c)};" if c in _TITLE_SPECIAL else c for c in text)


def link_terms(page: str, glossary: Mapping[str, Term], facts: Mapping[str, Fact]) -> str:
    """Link the first mention of each term per section; unwrap all other sentinels."""
    if START not in page:  # no term was marked on this page (most lines of most pages have none)
        return page
    seen: set[str] = set()
    lines = []
    for line in page.split("\n"):
        if line.startswith("#"):  # a heading starts a new section
            seen = set()
        lines.append(_link_line(line, seen, glossary, facts) if START in line else line)
    return "\n".join(lines)


def _link_line(line: str, seen: set[str], glossary: Mapping[str, Term], facts: Mapping[str, Fact]) -> str:
    def replace(match: re.Match[str]) -> str:
        term_id, shown = match.group(1), match.group(2)
        if term_id in seen or term_id not in glossary:
            return shown
        seen.add(term_id)
        definition = title_attribute(fill_placeholders(glossary[term_id].definition, facts))
        return f'[{shown}](glossary.md#{term_id} "{definition}"){{ .fs-term }}'

    return _SENTINEL.sub(replace, line)
