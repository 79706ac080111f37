"""The facts file as typed, immutable objects: what every step after loading reads.

`from_data` turns schema-valid JSON data into a `Facts`. Each entry keeps its index in the
file (`index`), so a check can name the exact place (`facts[12].sources[0]`) an editor opens.

Reader-facing text is plain `str` in the model: a model is made for one language, so
rendering never has to ask which language a text is in. `from_data(..., translate=...)`
is the seam where another language's texts replace the English ones, keyed by JSON path.

The evidence (what a fact says, and the citations that support it) is kept apart from the
layout (which page and section show it; the short label a picture draws).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from functools import cache, cached_property
from typing import Any

# {fact-id} or {fact-id|frequency} inside a text: insert that fact's value.
PLACEHOLDER = re.compile(r"\{([a-z0-9]+(?:-[a-z0-9]+)*)(?:\|([a-z][a-z0-9]*))?\}")
PLACEHOLDER_FORMATS = {"", "frequency", "per100", "weeks"}

# Fields that are keys, addresses or codes, never text a reader reads as words.
NOT_TEXT = "not-text"
VERBATIM = "verbatim"  # a source's own words: kept exactly as written, never translated or normalised


def _code(**kwargs: Any) -> Any:
    """A field that holds an id, address or code: the text checks skip it."""
    return field(metadata={NOT_TEXT: True}, **kwargs)


@dataclass(frozen=True)
class Words:
    """The site's own words that the generator places around the facts (labels, column headings)."""

    not_confirmed: str
    date_not_given: str
    details_in_sources: str
    source_kinds: Mapping[str, tuple[str, str]]  # kind -> (group heading, label for one source)
    strengths: Mapping[str, str]
    pictures: Mapping[str, str]
    passage_not_seen: str
    in_english: str
    read: Mapping[str, str]
    updated_on: str  # before the date a changed section shows (factsite/updates.py)


@dataclass(frozen=True)
class Site:
    title: str
    description: str
    publisher: str
    purpose: str
    independence: str
    checked_by: str
    medical_notice: str
    audience: str
    language: str = _code()
    condition_term: str | None = _code()  # the glossary term the site is about (for schema.org)
    last_reviewed: str = _code()
    next_review: str = _code()
    review_interval_days: int = _code()
    report_error: str = _code()


@dataclass(frozen=True)
class Person:
    """Someone named as responsible for the site: an editor who wrote it, or a reviewer who checked it."""

    name: str = ""
    role: str = ""  # what they did or do, in a few words ("editor", "spinal cord injury doctor")
    qualification: str = ""  # the degree or post that lets readers judge them
    reviewed: str = _code(default="")  # the date they last reviewed the site
    clinician: bool = _code(default=False)  # a doctor or other clinician: the check a publish needs


@dataclass(frozen=True)
class Licence:
    name: str = ""
    url: str = _code(default="")


@dataclass(frozen=True)
class Trust:
    """Who is behind the site, who pays, who owns it and how it may be reused (JAMA benchmarks).

    The `no_*` sentences are what readers see in place of a missing name or licence: the site
    says plainly what is not there yet, rather than leaving a gap or inventing someone."""

    editors: tuple[Person, ...] = field(default=(), metadata={"each": Person})
    reviewers: tuple[Person, ...] = field(default=(), metadata={"each": Person})
    ownership: str = ""
    funding: str = ""
    licence: Licence | None = field(default=None, metadata={"one": Licence})
    no_editor: str = ""
    no_clinician: str = ""
    no_licence: str = ""

    @property
    def clinicians(self) -> tuple[Person, ...]:
        return tuple(person for person in self.reviewers if person.clinician)


@dataclass(frozen=True)
class Source:
    index: int = _code(default=0)
    id: str = _code(default="")
    title: str = ""
    publisher: str = ""
    url: str | None = _code(default=None)  # None only for a seed article kept in shared/seeds
    published: str | None = _code(default=None)
    accessed: str = _code(default="")
    kind: str = _code(default="")
    strength: str = _code(default="")
    language: str = _code(default="en")
    seed: str | None = _code(default=None)
    note: str | None = None
    read: str = _code(default="full text")  # what we read of it: full text, abstract only, ... not seen
    archive_url: str | None = _code(default=None)


@dataclass(frozen=True)
class Citation:
    """One source given for one text, with the passage in it that supports the text.

    `quote` is the source's own words (in its language; `quote_en` renders a non-English
    quote in English) and `where` says where they are. A citation of a source whose text
    could not be read has neither: `seen` is False, and the page says "passage not seen".
    """

    source: str = _code()
    where: str | None = None
    quote: str | None = field(default=None, metadata={VERBATIM: True})
    quote_en: str | None = None

    @property
    def seen(self) -> bool:
        return self.quote is not None


class _Cited:
    """A fact, claim or glossary entry: a text with its citations."""

    citations: tuple[Citation, ...]

    @property
    def source_ids(self) -> list[str]:
        return [c.source for c in self.citations]


@dataclass(frozen=True)
class Placement:
    """Where a fact is shown: a page (template name) and a section of it."""

    page: str = _code()
    section: str = _code()


@dataclass(frozen=True)
class Outcome:
    before: str = _code()
    after: str | None = _code()


@dataclass(frozen=True)
class Fact(_Cited):
    index: int = _code(default=0)
    id: str = _code(default="")
    statement: str = ""
    citations: tuple[Citation, ...] = field(default=(), metadata={"each": Citation})
    support: str = _code(default="confirmed")
    checked: str = _code(default="")
    placement: Placement | None = None
    value: float | None = _code(default=None)
    unit: str | None = _code(default=None)
    note: str | None = None
    label: str | None = None  # a few words for a picture
    date: str | None = _code(default=None)
    outcome: Outcome | None = field(default=None, metadata={"one": Outcome})


@dataclass(frozen=True)
class Appearance:
    where: str
    source: str = _code(default="")  # the source entry for the article or page where the claim appeared


@dataclass(frozen=True)
class Claim(_Cited):
    index: int = _code(default=0)
    id: str = _code(default="")
    claim: str = ""
    fact: str = ""  # the claims page's heading: the fact, said before the myth (Debunking Handbook)
    appeared_in: tuple[Appearance, ...] = field(default=(), metadata={"each": Appearance})
    verdict: str = _code(default="")
    correction: str = ""
    citations: tuple[Citation, ...] = field(default=(), metadata={"each": Citation})
    checked: str = _code(default="")


@dataclass(frozen=True)
class Term(_Cited):
    index: int = _code(default=0)
    id: str = _code(default="")
    term: str = ""
    definition: str = ""
    citations: tuple[Citation, ...] = field(default=(), metadata={"each": Citation})
    aliases: tuple[str, ...] = ()
    label: str | None = None


@dataclass(frozen=True)
class Question:
    index: int = _code(default=0)
    id: str = _code(default="")
    question: str = ""


@dataclass(frozen=True)
class Asked:
    """A question as a patient or family would type it, answered briefly by facts shown elsewhere.

    The answer is fact ids, not new text: each sentence keeps the citations it has on its own page,
    and `page` (with an optional heading `anchor`) is where the full answer is.
    """

    index: int = _code(default=0)
    id: str = _code(default="")
    question: str = ""
    group: str = ""  # the heading the question is listed under on the questions page
    answer: tuple[str, ...] = _code(default=())
    page: str = _code(default="")
    anchor: str | None = _code(default=None)


@dataclass(frozen=True)
class Mark:
    """A level that a spine picture marks: the fact whose label names it, and where it is on the spine."""

    fact: str = _code(default="")
    at: float = _code(default=0)  # in bones from the top of the neck: C3/4 (between the 3rd and 4th) is 3


@dataclass(frozen=True)
class Picture:
    index: int = _code(default=0)
    id: str = _code(default="")
    kind: str = _code(default="")
    title: str = ""
    description: str = ""
    items: tuple[str, ...] = _code(default=())
    icons: tuple[str, ...] | None = _code(default=None)
    total: str | None = _code(default=None)  # outcomes: the fact whose value they must add up to
    bands: tuple[int, ...] | None = _code(default=None)  # spine: how many bones each part in items has
    marks: tuple[Mark, ...] | None = field(default=None, metadata={"each": Mark})  # spine: levels marked
    shade: str | None = _code(default=None)  # spine: the fact that names the stretch between the outer marks


@dataclass(frozen=True)
class ChangelogEntry:
    index: int = _code(default=0)
    date: str = _code(default="")
    change: str = ""
    reason: str = ""
    major: bool = _code(default=False)  # the home page names the newest major change


# What each collection is called in the file, and its class.
COLLECTIONS: dict[str, type] = {
    "sources": Source,
    "facts": Fact,
    "claims": Claim,
    "glossary": Term,
    "questions": Question,
    "pictures": Picture,
    "asked": Asked,
}


@dataclass(frozen=True)
class Facts:
    """The whole facts file. Each collection is a tuple in file order (duplicates included, so
    a check can report them); `sources`, `facts`... give the first entry of each id."""

    site: Site
    words: Words
    source_list: tuple[Source, ...]
    fact_list: tuple[Fact, ...]
    claim_list: tuple[Claim, ...]
    term_list: tuple[Term, ...]
    question_list: tuple[Question, ...]
    picture_list: tuple[Picture, ...]
    changelog: tuple[ChangelogEntry, ...]
    asked_list: tuple[Asked, ...] = ()  # optional in the file: a site may have no questions page
    file: str = "facts.json"  # the file's name, for problems found after loading
    trust: Trust | None = None  # the file's "trust" section; None when it has none
    sources: Mapping[str, Source] = field(init=False, repr=False)
    facts: Mapping[str, Fact] = field(init=False, repr=False)
    claims: Mapping[str, Claim] = field(init=False, repr=False)
    glossary: Mapping[str, Term] = field(init=False, repr=False)
    questions: Mapping[str, Question] = field(init=False, repr=False)
    pictures: Mapping[str, Picture] = field(init=False, repr=False)
    asked: Mapping[str, Asked] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for name, items in self.collections():
            object.__setattr__(self, name, _first_by_id(items))

    def collections(self) -> tuple[tuple[str, tuple[Any, ...]], ...]:
        """Each list of entries with ids, by its name in the file, in file order."""
        return (
            ("sources", self.source_list),
            ("facts", self.fact_list),
            ("claims", self.claim_list),
            ("glossary", self.term_list),
            ("questions", self.question_list),
            ("pictures", self.picture_list),
            ("asked", self.asked_list),
        )

    def texts(self) -> list[tuple[str, str]]:
        """Every piece of reader-facing text, with its JSON path in the file ('facts[2].statement')."""
        return self._all_texts

    @cached_property  # walked once per build: several checks read every text
    def _all_texts(self) -> list[tuple[str, str]]:
        found = _texts(self.site, "site")
        _texts(self.words, "words", found)
        if self.trust is not None:
            _texts(self.trust, "trust", found)
        for name, items in (*self.collections(), ("changelog", self.changelog)):
            for position, item in enumerate(items):
                _texts(item, f"{name}[{position}]", found)
        return found

    def cited(self) -> Iterator[tuple[str, tuple[Citation, ...]]]:
        """Every list of citations, with its JSON path ('facts[3].citations')."""
        for name, items in (("facts", self.fact_list), ("claims", self.claim_list), ("glossary", self.term_list)):
            for item in items:
                yield f"{name}[{item.index}].citations", item.citations


def _first_by_id(items: tuple[Any, ...]) -> dict[str, Any]:
    # The first of two entries with one id wins, so a duplicate is reported once, as a duplicate.
    found: dict[str, Any] = {}
    for item in items:
        found.setdefault(item.id, item)
    return found


# Model field -> JSON key, where they differ.
_JSON_KEYS = {"placement": ""}


@cache
def _text_fields(cls: type) -> tuple[tuple[str, str], ...]:
    """(attribute, JSON key) of each field of a model class that can hold reader-facing text."""
    return tuple(
        (spec.name, _JSON_KEYS.get(spec.name, spec.name))
        for spec in fields(cls)
        if spec.init and not spec.metadata.get(NOT_TEXT)
    )


def _texts(item: Any, path: str, found: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """(JSON path, text) of every text in one entry, in field order, appended to `found`.

    A list, not a generator: a chain of nested generators cost a tenth of a second per
    10,000 facts, on every build.
    """
    found = [] if found is None else found
    for name, key in _text_fields(type(item)):
        value = getattr(item, name)
        if value is None:
            continue
        where = f"{path}.{key}" if key else path
        if isinstance(value, str):
            found.append((where, value))
        elif isinstance(value, Mapping):
            for name, inner in value.items():
                if isinstance(inner, tuple):
                    found += [(f"{where}.{name}[{i}]", text) for i, text in enumerate(inner)]
                else:
                    found.append((f"{where}.{name}", inner))
        elif isinstance(value, tuple):
            for position, inner in enumerate(value):
                if isinstance(inner, str):
                    found.append((f"{where}[{position}]", inner))
                elif is_dataclass(inner):
                    _texts(inner, f"{where}[{position}]", found)
        elif is_dataclass(value):
            _texts(value, where, found)
    return found


# --- from JSON data ---------------------------------------------------------------------

# translate(json_path, english_text) -> the text in the model's language
Translate = Callable[[str, str], str]


def _same(path: str, text: str) -> str:
    return text


@cache
def _plan(cls: type) -> tuple[tuple[str, str, Any, Any], ...]:
    """(field, how its value is made, nested class, default) per field of a model class.

    Worked out once per class: reading dataclass fields and their metadata for each of
    tens of thousands of entries was a sixth of the model's build time.
    """
    plan = []
    for spec in fields(cls):
        if not spec.init:
            continue
        nested = spec.metadata.get("each") or spec.metadata.get("one")
        if spec.name in ("index", "placement"):
            how = spec.name
        elif "each" in spec.metadata:
            how = "each"
        elif "one" in spec.metadata:
            how = "one"
        elif spec.metadata.get(NOT_TEXT) or spec.metadata.get(VERBATIM):
            how = "as-is"
        else:
            how = "text"
        plan.append((spec.name, how, nested, spec.default if spec.default is not MISSING else None))
    return tuple(plan)


def from_data(data: Mapping[str, Any], file: str = "facts.json", translate: Translate = _same) -> Facts:
    """The model of schema-valid facts data (check it with checks.schema first)."""

    def build(cls: type, item: Mapping[str, Any], path: str, index: int = 0) -> Any:
        values: dict[str, Any] = {}
        for name, how, nested, default in _plan(cls):
            if how == "index":
                values[name] = index
            elif how == "placement":
                values[name] = Placement(item["page"], item["section"]) if "page" in item else None
            elif (raw := item.get(name)) is None:
                values[name] = default
            elif how == "each":  # a list of nested entries: citations, appearances
                values[name] = tuple(build(nested, entry, f"{path}.{name}[{i}]") for i, entry in enumerate(raw))
            elif how == "one":
                values[name] = build(nested, raw, f"{path}.{name}")
            elif how == "as-is":
                values[name] = tuple(raw) if isinstance(raw, list) else raw
            else:
                values[name] = texts(raw, f"{path}.{name}")
        return cls(**values)

    def texts(raw: Any, where: str) -> Any:
        if isinstance(raw, str):
            # One way to write each character: a term in decomposed form (NFD) must still match its mentions.
            return unicodedata.normalize("NFC", translate(where, raw))
        if isinstance(raw, list):
            return tuple(texts(entry, f"{where}[{i}]") for i, entry in enumerate(raw))
        return {key: texts(entry, f"{where}.{key}") for key, entry in raw.items()}

    def collection(cls: type, name: str) -> tuple[Any, ...]:
        return tuple(build(cls, item, f"{name}[{i}]", i) for i, item in enumerate(data.get(name, ())))

    return Facts(
        build(Site, data["site"], "site"),
        build(Words, data["words"], "words"),
        collection(Source, "sources"),
        collection(Fact, "facts"),
        collection(Claim, "claims"),
        collection(Term, "glossary"),
        collection(Question, "questions"),
        collection(Picture, "pictures"),
        collection(ChangelogEntry, "changelog"),
        collection(Asked, "asked"),
        file,
        build(Trust, data["trust"], "trust") if "trust" in data else None,
    )


@cache  # a large file repeats a few dates tens of thousands of times
def parse_date(text: str) -> dt.date | None:
    """A real calendar date from YYYY, YYYY-MM or YYYY-MM-DD; None if impossible."""
    parts = [int(p) for p in text.split("-")]
    try:
        return dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        return None
