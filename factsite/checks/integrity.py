"""Integrity of the facts model: ids, dates, addresses, citations, placeholders and text rules.

Every check returns a list of problems; an empty list means it passed.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from factsite.model import PLACEHOLDER, PLACEHOLDER_FORMATS, Citation, Facts, Source, parse_date
from factsite.problems import Problem, closest
from factsite.text import as_frequency, as_per100, sentences

# Placeholders are filled in these texts only; anywhere else they would be printed as typed.
FILLED_TEXTS = re.compile(r"^(facts\[\d+\]\.(statement|label)|claims\[\d+\]\.correction|glossary\[\d+\]\.definition)$")
EARLIEST_YEAR = 1900  # no date on this site is older; an earlier one is a typo (and breaks sitemap dates)
LARGEST_COUNT = 10**15  # exact as a float; far beyond any count of people or cells

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


def integrity_problems(facts: Facts) -> list[Problem]:
    every_text = list(facts.texts())  # walked once: on 10,000 facts the walk is a visible share of the build
    return (
        duplicate_ids(facts)
        + date_problems(facts)
        + url_problems(facts)
        + citation_problems(facts)
        + evidence_problems(facts)
        + one_sentence_problems(facts)
        + claim_fact_problems(facts)
        + answer_problems(facts)
        + value_problems(facts)
        + placeholder_problems(facts, every_text)
        + markup_problems(facts, every_text)
        + invisible_problems(facts, every_text)
    )


def duplicate_ids(facts: Facts) -> list[Problem]:
    problems = []
    for collection, items in facts.collections():
        first_seen: dict[str, int] = {}
        for item in items:
            if item.id in first_seen:
                problems.append(
                    Problem(
                        facts.file,
                        f"{collection}[{item.index}].id",
                        f"id '{item.id}' is already used by {collection}[{first_seen[item.id]}]",
                        "give each entry its own id",
                    )
                )
            else:
                first_seen[item.id] = item.index
    return problems


def dated_fields(facts: Facts) -> list[tuple[str, str, bool]]:
    """Every date in the file: (JSON path, value, whether it records a past event such as a check)."""
    fields = [
        ("site.last_reviewed", facts.site.last_reviewed, True),
        ("site.next_review", facts.site.next_review, False),
    ]
    for source in facts.source_list:
        fields.append((f"sources[{source.index}].accessed", source.accessed, True))
        if source.published is not None:
            fields.append((f"sources[{source.index}].published", source.published, True))
    fields += [(f"facts[{f.index}].checked", f.checked, True) for f in facts.fact_list]
    fields += [(f"claims[{c.index}].checked", c.checked, True) for c in facts.claim_list]
    fields += [(f"facts[{f.index}].date", f.date, False) for f in facts.fact_list if f.date is not None]
    fields += [(f"changelog[{c.index}].date", c.date, True) for c in facts.changelog]
    if facts.trust is not None:  # the day each named person reviewed the site is past, like a check
        for group, people in (("editors", facts.trust.editors), ("reviewers", facts.trust.reviewers)):
            fields += [(f"trust.{group}[{i}].reviewed", person.reviewed, True) for i, person in enumerate(people)]
    return fields


def date_problems(facts: Facts) -> list[Problem]:
    problems = []
    for where, value, _ in dated_fields(facts):
        date = parse_date(value)
        if date is None:
            problems.append(
                Problem(facts.file, where, f"'{value}' is not a real date", "check the month and day (YYYY-MM-DD)")
            )
        elif date.year < EARLIEST_YEAR:
            problems.append(
                Problem(facts.file, where, f"'{value}' is before {EARLIEST_YEAR}", "check the year (YYYY-MM-DD)")
            )
    last, upcoming = parse_date(facts.site.last_reviewed), parse_date(facts.site.next_review)
    if last and upcoming and upcoming <= last:
        problems.append(
            Problem(
                facts.file,
                "site.next_review",
                f"next review {upcoming} is not after the last review {last}",
                "set next_review to a later date",
            )
        )
    return problems


def url_problems(facts: Facts) -> list[Problem]:
    problems = []
    for source in facts.source_list:
        for field_name, url in (("url", source.url), ("archive_url", source.archive_url)):
            if url is not None and not _well_formed(url):
                problems.append(
                    Problem(
                        facts.file,
                        f"sources[{source.index}].{field_name}",
                        f"{short(url)} is not a well-formed https:// web address",
                        "paste the full address, starting with https://",
                    )
                )
    licence = facts.trust.licence if facts.trust is not None else None
    if licence is not None and not _well_formed(licence.url):
        problems.append(
            Problem(
                facts.file,
                "trust.licence.url",
                f"{short(licence.url)} is not a well-formed https:// web address",
                "paste the address of the licence's own page, starting with https://",
            )
        )
    return problems


def _well_formed(url: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts.scheme == "https" and "." in host and not any(c.isspace() for c in url) and not parts.username


def value_problems(facts: Facts) -> list[Problem]:
    """A percentage is 0 to 100; every other figure counts something: a whole number, 0 or more."""
    problems = []
    for fact in facts.fact_list:
        if fact.value is None:
            continue
        where, value = f"facts[{fact.index}].value", fact.value
        if fact.unit == "percent":
            if not 0 <= value <= 100:
                problems.append(
                    Problem(facts.file, where, f"{value:g} is not a percentage from 0 to 100", "check the figure")
                )
        elif not float(value).is_integer() or not 0 <= value <= LARGEST_COUNT:
            problems.append(
                Problem(
                    facts.file,
                    where,
                    f"{value:g} is not a count of {fact.unit}: a count is a whole number, 0 or more",
                    'check the figure; for a share, use "unit": "percent"',
                )
            )
    return problems


def short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def citation_problems(facts: Facts) -> list[Problem]:
    problems = []
    for where, citations in facts.cited():
        for position, citation in enumerate(citations):
            if citation.source not in facts.sources:
                problems.append(
                    Problem(
                        facts.file,
                        f"{where}[{position}].source",
                        f"unknown source '{citation.source}'",
                        closest(
                            citation.source, facts.sources, "add the source to 'sources' first, or use an existing id"
                        ),
                    )
                )
    for fact in facts.fact_list:
        known = [facts.sources[s] for s in fact.source_ids if s in facts.sources]
        if known and all(s.strength == "weak" for s in known):
            problems.append(
                Problem(
                    facts.file,
                    f"facts[{fact.index}].citations",
                    "cites only weak sources, which may flag errors but not support a fact",
                    "add a primary or secondary source, or remove the fact",
                )
            )
        primary_seen = [
            c
            for c in fact.citations
            if c.seen and c.source in facts.sources and facts.sources[c.source].strength == "primary"
        ]
        if fact.support == "confirmed" and known and not primary_seen:
            problems.append(
                Problem(
                    facts.file,
                    f"facts[{fact.index}].support",
                    "is 'confirmed' but quotes no passage from a primary source",
                    "quote a primary source's passage that supports it, or set support to 'news-only'",
                )
            )
    return problems


# Texts that state a fact: each must be one sentence, so that each sentence carries its own citations.
ONE_SENTENCE = (
    ("facts", "fact_list", "statement"),
    ("claims", "claim_list", "correction"),
    ("claims", "claim_list", "fact"),
)


def one_sentence_problems(facts: Facts) -> list[Problem]:
    problems = []
    for collection, attribute, field_name in ONE_SENTENCE:
        for item in getattr(facts, attribute):
            count = len(sentences(getattr(item, field_name)))
            if count > 1:
                problems.append(
                    Problem(
                        facts.file,
                        f"{collection}[{item.index}].{field_name}",
                        f"has {count} sentences; each fact is one sentence, so each carries its own sources",
                        "split it into one fact per sentence, each citing the passages that support it",
                    )
                )
    return problems


def claim_fact_problems(facts: Facts) -> list[Problem]:
    """A claim's heading states the fact (the Debunking Handbook: the most-read line must not be the myth
    nor a question), and it is printed as typed, so a figure in it would escape the figure checks."""
    problems = []
    for claim in facts.claim_list:
        text = claim.fact.strip()
        if text.endswith("?"):
            problem = ("is a question; the heading states the fact", "write the fact as a statement")
        elif any(char.isdigit() for char in text):
            problem = ("has a figure; headings are printed as typed", "say it in words: figures go in the correction")
        else:
            continue
        problems.append(Problem(facts.file, f"claims[{claim.index}].fact", *problem))
    return problems


def answer_problems(facts: Facts) -> list[Problem]:
    """Each answer sentence of a question people ask is a fact shown with its own citations."""
    problems = []
    for item in facts.asked_list:
        for position, fact_id in enumerate(item.answer):
            if fact_id not in facts.facts:
                hint = closest(fact_id, facts.facts, "answer with the id of a fact in 'facts'")
                problem = (f"unknown fact '{fact_id}'", hint)
            elif facts.facts[fact_id].placement is None:
                problem = (
                    f"fact '{fact_id}' is a stored figure, not a sentence shown on a page",
                    "answer with a fact that has a page and section",
                )
            else:
                continue
            problems.append(Problem(facts.file, f"asked[{item.index}].answer[{position}]", *problem))
    return problems


def evidence_problems(facts: Facts) -> list[Problem]:
    """Each citation quotes what was read; a fact rests on at least one passage someone read."""
    problems = []
    for where, citations in facts.cited():
        seen_passages: set[tuple[str, str | None]] = set()
        for position, citation in enumerate(citations):
            source = facts.sources.get(citation.source)
            place = f"{where}[{position}]"
            # One source may give two passages (two rows of a table); the same passage twice is a slip.
            if (citation.source, citation.quote) in seen_passages:
                problems.append(
                    Problem(
                        facts.file, place, f"cites the same passage of '{citation.source}' twice", "remove the repeat"
                    )
                )
            seen_passages.add((citation.source, citation.quote))
            if source is None:
                continue
            problems += _citation_against_source(facts, place, citation, source)
        if citations and not any(c.seen for c in citations):
            problems.append(
                Problem(
                    facts.file,
                    where,
                    'quotes no passage: every one of its sources is marked "seen": false',
                    "quote the passage of a source you have read that supports it, or remove it",
                )
            )
    used = {c.source for _, citations in facts.cited() for c in citations}
    used |= {place.source for claim in facts.claim_list for place in claim.appeared_in}
    for source in facts.source_list:
        if source.id not in used:
            problems.append(
                Problem(
                    facts.file,
                    f"sources[{source.index}]",
                    f"'{source.id}' is cited by no fact, claim or glossary entry",
                    "cite it where it supports a sentence, or remove it",
                )
            )
    for claim in facts.claim_list:
        for position, place in enumerate(claim.appeared_in):
            if place.source not in facts.sources:
                problems.append(
                    Problem(
                        facts.file,
                        f"claims[{claim.index}].appeared_in[{position}].source",
                        f"unknown source '{place.source}'",
                        closest(place.source, facts.sources, "add the article or page to 'sources' first"),
                    )
                )
    return problems


def _citation_against_source(facts: Facts, place: str, citation: Citation, source: Source) -> list[Problem]:
    problems = []
    if citation.seen and source.read == "not seen":
        problems.append(
            Problem(
                facts.file,
                f"{place}.quote",
                f"quotes '{source.id}', whose entry says its text was not seen",
                'set the source\'s "read" to what you read, or mark this citation "seen": false',
            )
        )
    if citation.seen and source.language != "en" and citation.quote_en is None:
        problems.append(
            Problem(
                facts.file,
                place,
                f"quotes '{source.id}' in '{source.language}' with no English rendering",
                'add "quote_en": your English rendering of the quote',
            )
        )
    if citation.seen and source.read == "abstract only" and "abstract" not in (citation.where or "").lower():
        problems.append(
            Problem(
                facts.file,
                f"{place}.where",
                f"only the abstract of '{source.id}' was read, but the citation does not say so",
                "write where it is in the abstract, like 'abstract, Methods'",
            )
        )
    return problems


def placeholder_problems(facts: Facts, every_text: list[tuple[str, str]]) -> list[Problem]:
    problems = []
    for where, text in every_text:
        if "{" not in text or where.endswith(".quote"):  # a quote is the source's words, shown as they are
            continue
        for match in PLACEHOLDER.finditer(text):
            if not FILLED_TEXTS.match(where):
                problems.append(
                    Problem(
                        facts.file,
                        where,
                        f"{match.group(0)} would be printed as typed: figures are filled in only in "
                        "a fact's statement or label, a claim's correction and a glossary definition",
                        "write the words here, or put the sentence in a fact",
                    )
                )
                continue
            problem = _placeholder_problem(facts, match.group(0), match.group(1), match.group(2) or "")
            problem = problem or _per100_problem(facts, text, match)
            if problem:
                problems.append(Problem(facts.file, where, *problem))
    return problems


def _placeholder_problem(facts: Facts, written: str, fact_id: str, fmt: str) -> tuple[str, str] | None:
    target = facts.facts.get(fact_id)
    if target is None:
        return f"{written} names unknown fact '{fact_id}'", closest(fact_id, facts.facts)
    if target.value is None:
        return f"{written} names fact '{fact_id}', which has no value", "give that fact a value and unit"
    if fmt not in PLACEHOLDER_FORMATS:
        return f"{written} has unknown format '{fmt}'", "use {id}, {id|frequency}, {id|per100} or {id|weeks}"
    if fmt == "per100" and target.unit != "percent":
        return f"{written} needs a percent value", "use {" + fact_id + "}"
    if fmt == "per100" and as_per100(target.value) is None:
        return f"{written}: {target.value:g}% would read as none or all of 100 people", "use {" + fact_id + "}"
    if fmt == "frequency" and target.unit != "percent":
        return f"{written} needs a percent value", "use {" + fact_id + "}"
    if fmt == "frequency" and as_frequency(target.value) is None:
        return (
            f"{written}: {target.value:g}% cannot be said as '1 in N' (N up to 20) without changing it",
            "use {" + fact_id + "}",
        )
    if fmt == "weeks" and (target.unit != "days" or target.value % 7):
        return f"{written} needs a whole number of weeks in days", "use {" + fact_id + "}"
    return None


_ABOUT = re.compile(r"\babout\b[^.!?]*$", re.I)


def _per100_problem(facts: Facts, text: str, match: re.Match[str]) -> tuple[str, str] | None:
    """A rounded 'N in 100' must say so: 'about' earlier in the same sentence, unless the value is whole."""
    if match.group(2) != "per100":
        return None
    value = facts.facts[match.group(1)].value or 0
    if float(value).is_integer() or _ABOUT.search(text[: match.start()]):
        return None
    return (
        f"{match.group(0)} rounds {value:g}% to a whole number in 100 without saying so",
        "write 'about' before it in the same sentence, like 'about {" + match.group(1) + "|per100} in 100'",
    )


def markup_problems(facts: Facts, every_text: list[tuple[str, str]]) -> list[Problem]:
    problems = []
    for where, text in every_text:
        if not _SUSPECT.search(text):
            continue  # most text: nothing to report
        # A quote is the source's own words, and its rendering and place may need brackets or symbols:
        # any character is allowed there (escaping shows it as written), but not a line break.
        if where.endswith((".quote", ".quote_en", ".where")) and ".citations[" in where:
            # A line break copied from the source is shown as a space; other control characters are not text.
            if CONTROL_CHARS.search(text.replace("\n", " ").replace("\t", " ").replace("\r", " ")):
                problems.append(
                    Problem(
                        facts.file, where, "contains a line break or control character", "keep the quote on one line"
                    )
                )
            continue
        bare = PLACEHOLDER.sub("", text)
        if "{" in bare or "}" in bare:
            problems.append(
                Problem(
                    facts.file,
                    where,
                    "contains a brace that is not a {fact-id} placeholder",
                    "remove it, or write {fact-id}",
                )
            )
        for char, why in MARKUP_CHARS.items():
            if char in bare:
                problems.append(
                    Problem(
                        facts.file, where, f"contains '{char}', which is not allowed because {why}", "write it in words"
                    )
                )
                break
        if CONTROL_CHARS.search(text):
            problems.append(
                Problem(facts.file, where, "contains a line break or control character", "keep the text on one line")
            )
    return problems


# Invisible characters that change what a reader sees: zero-width spaces and joiners, direction
# overrides (U+202E can make "01" read "10"), byte-order marks, soft hyphens. Unicode calls them
# format characters (Cf); these ranges are all of them (Unicode 15), as a regex, for speed.
_FORMAT_CHARS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def invisible_problems(facts: Facts, every_text: list[tuple[str, str]]) -> list[Problem]:
    problems = []
    for where, text in every_text:
        if not text.strip():
            problems.append(Problem(facts.file, where, "is blank", "write the text, or remove the field"))
        elif text != text.strip() and not where.endswith(".quote"):
            problems.append(
                Problem(facts.file, where, "starts or ends with a space", "remove the spaces before and after the text")
            )
        # Every format character is outside ASCII, and str.isascii() needs no scan of the text.
        hidden = [] if text.isascii() else sorted(set(_FORMAT_CHARS.findall(text)))
        if hidden:
            names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'format character')}" for c in hidden)
            message = f"contains an invisible character ({names})"
            problems.append(Problem(facts.file, where, message, "delete it and retype the text"))
    return problems
