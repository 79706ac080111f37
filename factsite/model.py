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
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

# {fact-id} or {fact-id|frequency} inside a text: insert that fact's value.
PLACEHOLDER = re.compile(r"\{([a-z0-9]+(?:-[a-z0-9]+)*)(?:\|([a-z]+))?\}")
PLACEHOLDER_FORMATS = {"", "frequency", "weeks"}

# Fields that are keys, addresses or codes, never text a reader reads as words.
NOT_TEXT = "not-text"


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
    updated_on: str = "Updated on"  # before the date a changed section shows (factsite/updates.py)


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
class Source:
    index: int = _code(default=0)
    id: str = _code(default="")
    title: str = ""
    publisher: str = ""
    url: str = _code(default="")
    published: str | None = _code(default=None)
    accessed: str = _code(default="")
    kind: str = _code(default="")
    strength: str = _code(default="")
    language: str = _code(default="en")
    seed: str | None = _code(default=None)
    note: str | None = None


@dataclass(frozen=True)
class Citation:
    """One source given for one text. The passage that supports it comes with the evidence model."""

    source: str = _code()


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
class Fact:
    index: int = _code(default=0)
    id: str = _code(default="")
    statement: str = ""
    citations: tuple[Citation, ...] = ()
    support: str = _code(default="confirmed")
    checked: str = _code(default="")
    placement: Placement | None = None
    value: float | None = _code(default=None)
    unit: str | None = _code(default=None)
    note: str | None = None
    label: str | None = None  # a few words for a picture
    date: str | None = _code(default=None)
    outcome: Outcome | None = None

    @property
    def source_ids(self) -> list[str]:
        return [c.source for c in self.citations]


@dataclass(frozen=True)
class Appearance:
    where: str
    seed: str | None = _code(default=None)


@dataclass(frozen=True)
class Claim:
    index: int = _code(default=0)
    id: str = _code(default="")
    claim: str = ""
    appeared_in: tuple[Appearance, ...] = ()
    verdict: str = _code(default="")
    correction: str = ""
    citations: tuple[Citation, ...] = ()
    checked: str = _code(default="")

    @property
    def source_ids(self) -> list[str]:
        return [c.source for c in self.citations]


@dataclass(frozen=True)
class Term:
    index: int = _code(default=0)
    id: str = _code(default="")
    term: str = ""
    definition: str = ""
    citations: tuple[Citation, ...] = ()
    aliases: tuple[str, ...] = ()
    label: str | None = None

    @property
    def source_ids(self) -> list[str]:
        return [c.source for c in self.citations]


@dataclass(frozen=True)
class Question:
    index: int = _code(default=0)
    id: str = _code(default="")
    question: str = ""


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
    file: str = "facts.json"  # the file's name, for problems found after loading
    sources: Mapping[str, Source] = field(init=False, repr=False)
    facts: Mapping[str, Fact] = field(init=False, repr=False)
    claims: Mapping[str, Claim] = field(init=False, repr=False)
    glossary: Mapping[str, Term] = field(init=False, repr=False)
    questions: Mapping[str, Question] = field(init=False, repr=False)
    pictures: Mapping[str, Picture] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for name, items in (
            ("sources", self.source_list),
            ("facts", self.fact_list),
            ("claims", self.claim_list),
            ("glossary", self.term_list),
            ("questions", self.question_list),
            ("pictures", self.picture_list),
        ):
            object.__setattr__(self, name, _first_by_id(items))

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every piece of reader-facing text, with its JSON path in the file ('facts[2].statement')."""
        yield from _texts(self.site, "site")
        yield from _texts(self.words, "words")
        for name, items in (
            ("sources", self.source_list),
            ("facts", self.fact_list),
            ("claims", self.claim_list),
            ("glossary", self.term_list),
            ("questions", self.question_list),
            ("pictures", self.picture_list),
            ("changelog", self.changelog),
        ):
            for position, item in enumerate(items):
                yield from _texts(item, f"{name}[{position}]")

    def cited(self) -> Iterator[tuple[str, tuple[Citation, ...]]]:
        """Every list of citations, with its JSON path ('facts[3].sources')."""
        for name, items in (("facts", self.fact_list), ("claims", self.claim_list), ("glossary", self.term_list)):
            for item in items:
                yield f"{name}[{item.index}].sources", item.citations


def _first_by_id(items: tuple[Any, ...]) -> dict[str, Any]:
    # The first of two entries with one id wins, so a duplicate is reported once, as a duplicate.
    found: dict[str, Any] = {}
    for item in items:
        found.setdefault(item.id, item)
    return found


# Model field -> JSON key, where they differ.
_JSON_KEYS = {"citations": "sources", "placement": ""}


def _texts(item: Any, path: str) -> Iterator[tuple[str, str]]:
    for spec in fields(item):
        if spec.metadata.get(NOT_TEXT) or not spec.init:
            continue
        value = getattr(item, spec.name)
        key = _JSON_KEYS.get(spec.name, spec.name)
        where = f"{path}.{key}" if key else path
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, Mapping):
            for name, inner in value.items():
                if isinstance(inner, tuple):
                    yield from ((f"{where}.{name}[{i}]", text) for i, text in enumerate(inner))
                else:
                    yield f"{where}.{name}", inner
        elif isinstance(value, tuple):
            for position, inner in enumerate(value):
                if isinstance(inner, str):
                    yield f"{where}[{position}]", inner
                elif is_dataclass(inner):
                    yield from _texts(inner, f"{where}[{position}]")
        elif is_dataclass(value):
            yield from _texts(value, where)


# --- from JSON data ---------------------------------------------------------------------

# translate(json_path, english_text) -> the text in the model's language
Translate = Callable[[str, str], str]


def _same(path: str, text: str) -> str:
    return text


def from_data(data: Mapping[str, Any], file: str = "facts.json", translate: Translate = _same) -> Facts:
    """The model of schema-valid facts data (check it with checks.schema first)."""

    def text(path: str, value: str | None) -> Any:
        # One way to write each character: a term in decomposed form (NFD) must still match its mentions.
        return None if value is None else unicodedata.normalize("NFC", translate(path, value))

    def citations(ids: list[str]) -> tuple[Citation, ...]:
        return tuple(Citation(source) for source in ids)

    site_data = data["site"]
    site = Site(
        **{key: text(f"site.{key}", site_data[key]) for key in _SITE_TEXTS},
        language=site_data["language"],
        condition_term=site_data.get("condition_term"),
        last_reviewed=site_data["last_reviewed"],
        next_review=site_data["next_review"],
        review_interval_days=site_data["review_interval_days"],
        report_error=site_data["report_error"],
    )
    words_data = data["words"]
    words = Words(
        not_confirmed=text("words.not_confirmed", words_data["not_confirmed"]),
        date_not_given=text("words.date_not_given", words_data["date_not_given"]),
        details_in_sources=text("words.details_in_sources", words_data["details_in_sources"]),
        source_kinds={
            kind: (text(f"words.source_kinds.{kind}[0]", pair[0]), text(f"words.source_kinds.{kind}[1]", pair[1]))
            for kind, pair in words_data["source_kinds"].items()
        },
        strengths={key: text(f"words.strengths.{key}", value) for key, value in words_data["strengths"].items()},
        pictures={key: text(f"words.pictures.{key}", value) for key, value in words_data["pictures"].items()},
        **({"updated_on": text("words.updated_on", words_data["updated_on"])} if "updated_on" in words_data else {}),
    )
    sources = tuple(
        Source(
            index=i,
            id=s["id"],
            title=text(f"sources[{i}].title", s["title"]),
            publisher=text(f"sources[{i}].publisher", s["publisher"]),
            url=s["url"],
            published=s["published"],
            accessed=s["accessed"],
            kind=s["kind"],
            strength=s["strength"],
            language=s.get("language", "en"),
            seed=s.get("seed"),
            note=text(f"sources[{i}].note", s.get("note")),
        )
        for i, s in enumerate(data["sources"])
    )
    facts = tuple(
        Fact(
            index=i,
            id=f["id"],
            statement=text(f"facts[{i}].statement", f["statement"]),
            citations=citations(f["sources"]),
            support=f["support"],
            checked=f["checked"],
            placement=Placement(f["page"], f["section"]) if "page" in f else None,
            value=f.get("value"),
            unit=f.get("unit"),
            note=text(f"facts[{i}].note", f.get("note")),
            label=text(f"facts[{i}].label", f.get("label")),
            date=f.get("date"),
            outcome=Outcome(f["outcome"]["before"], f["outcome"]["after"]) if "outcome" in f else None,
        )
        for i, f in enumerate(data["facts"])
    )
    claims = tuple(
        Claim(
            index=i,
            id=c["id"],
            claim=text(f"claims[{i}].claim", c["claim"]),
            appeared_in=tuple(
                Appearance(text(f"claims[{i}].appeared_in[{j}].where", a["where"]), a.get("seed"))
                for j, a in enumerate(c["appeared_in"])
            ),
            verdict=c["verdict"],
            correction=text(f"claims[{i}].correction", c["correction"]),
            citations=citations(c["sources"]),
            checked=c["checked"],
        )
        for i, c in enumerate(data["claims"])
    )
    terms = tuple(
        Term(
            index=i,
            id=t["id"],
            term=text(f"glossary[{i}].term", t["term"]),
            definition=text(f"glossary[{i}].definition", t["definition"]),
            citations=citations(t["sources"]),
            aliases=tuple(text(f"glossary[{i}].aliases[{j}]", a) for j, a in enumerate(t.get("aliases", []))),
            label=text(f"glossary[{i}].label", t.get("label")),
        )
        for i, t in enumerate(data["glossary"])
    )
    questions = tuple(
        Question(index=i, id=q["id"], question=text(f"questions[{i}].question", q["question"]))
        for i, q in enumerate(data["questions"])
    )
    pictures = tuple(
        Picture(
            index=i,
            id=p["id"],
            kind=p["kind"],
            title=text(f"pictures[{i}].title", p["title"]),
            description=text(f"pictures[{i}].description", p["description"]),
            items=tuple(p["items"]),
            icons=tuple(p["icons"]) if "icons" in p else None,
            total=p.get("total"),
        )
        for i, p in enumerate(data["pictures"])
    )
    changelog = tuple(
        ChangelogEntry(
            index=i,
            date=c["date"],
            change=text(f"changelog[{i}].change", c["change"]),
            reason=text(f"changelog[{i}].reason", c["reason"]),
            major=c.get("major", False),
        )
        for i, c in enumerate(data["changelog"])
    )
    return Facts(site, words, sources, facts, claims, terms, questions, pictures, changelog, file)


_SITE_TEXTS = (
    "title",
    "description",
    "publisher",
    "purpose",
    "independence",
    "checked_by",
    "medical_notice",
    "audience",
)


def parse_date(text: str) -> dt.date | None:
    """A real calendar date from YYYY, YYYY-MM or YYYY-MM-DD; None if impossible."""
    parts = [int(p) for p in text.split("-")]
    try:
        return dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        return None
