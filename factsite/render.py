"""Render the Jinja2 templates into Markdown pages, citing every fact. It only renders:
the checks package has already checked the facts and the templates.

Templates name facts by id and never contain fact text:

    {{ fact("trial-approval") }}        one fact, with its footnotes
    {{ section("who-could-join") }}     every fact of this page's section, in file order
    {{ term("asia-grade-a") }}          a glossary definition, with its footnotes
    {{ cited(text, source_ids) }}       other stored text (claims), with footnotes
    {{ picture("trial-timeline") }}     a drawing from facts.json, with its text alternative

Glossary terms in fact text are linked to their definition (factsite/glossary.py), and
every page ends with schema.org data about itself (factsite/jsonld.py).

Anything a template prints that we did not generate is escaped, so fact text can
never become HTML, Markdown structure or template code.

Only template errors are the editor's to fix: an exception raised by a template's own
line (an unknown name, a wrong id) becomes a located problem. Any other exception is a
bug in this code and propagates as one, with its traceback.
"""

from __future__ import annotations

import hashlib
import os
import re
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from jinja2 import nodes
from markdown.extensions.toc import slugify

from factsite import glossary as terms
from factsite.drawing import draw, figure_html
from factsite.front_matter import blank_out, dump, split
from factsite.jsonld import claim_review, medical_web_page, script_block
from factsite.layout import (
    TEMPLATE_SUFFIX,
    facts_by_section,
    page_templates,
    pages_of_drawn_facts,
    source_page,
    source_pages,
)
from factsite.model import PLACEHOLDER, Asked, ChangelogEntry, Citation, Fact, Facts, Source
from factsite.problems import BuildFailed, Problem, closest
from factsite.text import Markdown, escape, fill_placeholders, long_date
from factsite.translations import UNTRANSLATED


class _FrontMatterLoader(jinja2.FileSystemLoader):
    """Loads templates with their front matter blanked out: front_matter.py renders that part."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return blank_out(source), filename, uptodate


class _ParseOnceEnvironment(jinja2.Environment):
    """Parses each template once: the id checks before rendering and the compile share the tree.

    With 500 page templates, parsing twice was a tenth of a 10,000-fact build. The key is the
    source and name; a changed template is new source, so it is parsed again.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._trees: dict[tuple[str, str | None], nodes.Template] = {}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        key = (source, name)
        if key not in self._trees:
            self._trees[key] = super()._parse(source, name, filename)
        return self._trees[key]


def make_environment(templates_dir: Path) -> jinja2.Environment:
    env = _ParseOnceEnvironment(
        loader=_FrontMatterLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output is Markdown; escaping is done by `finalize`
        finalize=lambda value: value if isinstance(value, Markdown) else escape(str(value)),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # One environment per build: it keeps every compiled template (the default keeps 400, and a
        # large site has more) and never asks the disk whether a template changed during the build.
        cache_size=-1,
        auto_reload=False,
    )
    env.bytecode_cache = compiled_templates_cache(env)
    return env


def compiled_templates_cache(env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Jinja2's own file cache of compiled templates, kept between builds; None where it cannot be kept.

    With 500 page templates, turning them into Python code was a sixth of the compile (17% in
    BENCHMARKS.md's profile; 3% with this cache), on every build and every save while `make serve`
    runs. Jinja2 keeps the code in a folder of the system's temporary folder that only this user
    may use (it checks the owner and the permissions), and compiles a template again when its text
    changed (it compares a checksum). What else shapes the code, the Jinja2 version and the
    environment's settings, is in the cache files' names: a change to either never reads old code.
    A folder that cannot be written means no cache, never a failed build.
    """
    shape = (
        jinja2.__version__,
        *(env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string),
        *(env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix),
        *(env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized),
        env.autoescape if isinstance(env.autoescape, bool) else "by name",
        env.finalize is not None,
        sorted(env.extensions),
    )
    key = hashlib.sha256(repr(shape).encode("utf-8")).hexdigest()[:16]
    try:
        cache = jinja2.FileSystemBytecodeCache(pattern=f"__factsite_pages_{key}_%s.cache")
    except (OSError, RuntimeError):  # no temporary folder that only this user can use
        return None
    return cache if os.access(cache.directory, os.W_OK) else None


# Front matter is plain text, not Markdown: values are rendered without Markdown escapes.
_PLAIN = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)


# After 。？！ a Japanese sentence ends (a glossary term never holds one).
_JAPANESE_SENTENCE_END = re.compile(r"(?<=[。？！])")
ONE_FACT = "fs-one-fact"  # the class of a Japanese text that says one fact in several sentences


def _several_sentences(text: str) -> bool:
    """Whether a text (before glossary links, whose titles hold 。) says more than one sentence."""
    return sum(1 for part in _JAPANESE_SENTENCE_END.split(text) if part.strip()) > 1


class PageContext:
    """What one page's template can call. Collects the citations it shows, in order, as footnotes.

    Each citation of each text gets a footnote ('trial-approval-1'), which shows the source's own
    words; the footnote links on to the source's entry on the Sources page. Texts on one page
    that cite the very same passage share its footnote, each with its own marker.
    """

    def __init__(self, facts: Facts, page: str, sections: dict[str, list[str]], notes: Footnotes | None = None) -> None:
        self.facts = facts
        self.page = page
        self.sections = sections
        self.notes: dict[str, Citation] = {}  # footnote label -> citation, in order of first use
        self._labels: dict[Citation, str] = {}  # citation -> the label of its footnote on this page
        self.footnote_text = notes or Footnotes(facts)

    @property
    def cited_sources(self) -> list[str]:
        return list(dict.fromkeys(citation.source for citation in self.notes.values()))

    def _refs(self, owner: str, citations: Iterable[Citation]) -> list[str]:
        refs = []
        for number, citation in enumerate(citations, start=1):
            # Texts that cite the same passage (same source, place and words) share one footnote:
            # each keeps its own marker, and the page does not repeat the passage (page weight).
            label = self._labels.setdefault(citation, f"{owner}-{number}")
            self.notes.setdefault(label, citation)
            refs.append(f"[^{label}]")
        return refs

    def _borrowed(self, text: str, owner: str) -> list[str]:
        # A sentence that borrows a figure also borrows that figure's citations (its own figure: none).
        refs = []
        for fact_id in dict.fromkeys(match.group(1) for match in PLACEHOLDER.finditer(text)):
            if fact_id != owner:
                refs += self._refs(fact_id, self.facts.facts[fact_id].citations)
        return refs

    def cited(
        self, text: str, citations: Iterable[Citation], owner: str, prefix: str = "", skip_term: str | None = None
    ) -> Markdown:
        untranslated = text.startswith(UNTRANSLATED)  # Japanese edition, development build: the English, marked
        text = text.removeprefix(UNTRANSLATED)
        said = prefix + fill_placeholders(text, self.facts.facts)
        body = terms.mark(said, self.facts.glossary, skip_term)
        if untranslated:
            body = Markdown(f'<span class="fs-untranslated">未翻訳</span> <span lang="en">{body}</span>')
        # One marker per footnote: a passage cited for the text and for a figure it borrows shows once.
        refs = "".join(dict.fromkeys([*self._refs(owner, citations), *self._borrowed(text, owner)]))
        if self.facts.site.language == "ja" and not untranslated and _several_sentences(said):
            # Plain Japanese says one idea per short sentence: one English sentence (one fact) may
            # become two or three. Its sources support the fact as a whole, not one sentence of it,
            # so each footnote shows once, after the last (as Japanese writing places a note), and
            # the sentences are marked as one cited text, which the citation check counts as one.
            return Markdown(f'<span class="{ONE_FACT}">{body}</span>{refs}')
        return Markdown(f"{body}{refs}")

    def plain(self, text: str) -> Markdown:
        """Text that needs no source (a question to ask), with glossary terms marked."""
        return terms.mark(text, self.facts.glossary)

    def fact(self, fact_id: str) -> Markdown:
        fact = _lookup(self.facts.facts, fact_id, "fact")
        prefix = f"{self.facts.words.not_confirmed} " if fact.support == "disputed" else ""
        return self.cited(fact.statement, fact.citations, fact.id, prefix)

    def section(
        self, section_id: str, style: str = "paragraphs", columns: Iterable[str] = (), missing: str = ""
    ) -> Markdown:
        ids = self.sections.get(section_id, [])
        if style == "table":
            return self._table(ids, list(columns), missing)
        if style == "list":
            return Markdown("\n".join(f"- {self.fact(i)}" for i in ids))
        return Markdown("\n\n".join(self.fact(i) for i in ids))

    def _table(self, ids: list[str], columns: list[str], missing: str) -> Markdown:
        """A fact box: one row per label (facts with the same label share a row, in file order), one
        column per heading after the first; a cell no fact fills shows `missing` as the site's framing."""
        rows: dict[str, list[str]] = {}
        for fact_id in ids:
            fact = self.facts.facts[fact_id]
            if fact.label is None:
                raise jinja2.TemplateRuntimeError(f"fact '{fact_id}' in a table section has no label for its row")
            rows.setdefault(fill_placeholders(fact.label, self.facts.facts), []).append(self.fact(fact_id))
        width = max(len(columns) - 1, max((len(cells) for cells in rows.values()), default=1))
        blank = f'<span class="fs-framing">{escape(missing)}</span>' if missing else ""
        head = [f"| {' | '.join(escape(c) for c in columns)} |", "|" + " --- |" * (width + 1)] if columns else []
        body = [
            f"| {escape(label)} | " + " | ".join([*cells, *[blank] * (width - len(cells))]) + " |"
            for label, cells in rows.items()
        ]
        return Markdown("\n".join(head + body))

    def answer(self, item: Asked) -> Markdown:
        """The short answer to a question people ask: its facts, each with its own footnotes."""
        return Markdown(" ".join(self.fact(fact_id) for fact_id in item.answer))

    def term(self, term_id: str) -> Markdown:
        entry = _lookup(self.facts.glossary, term_id, "glossary term")
        return self.cited(entry.definition, entry.citations, f"term-{entry.id}", skip_term=term_id)

    def correction(self, claim_id: str) -> Markdown:
        """A checked claim's correction, with its citations."""
        entry = _lookup(self.facts.claims, claim_id, "claim")
        return self.cited(entry.correction, entry.citations, entry.id)

    def claim_fact(self, claim_id: str) -> Markdown:
        """A checked claim's fact said again after the correction, with the correction's citations
        (the same footnotes: the passages that show the claim wrong are the ones that state the fact)."""
        entry = _lookup(self.facts.claims, claim_id, "claim")
        return self.cited(as_sentence(entry.fact, self.facts.site.language), entry.citations, entry.id)

    def picture(self, picture_id: str) -> Markdown:
        """The drawing, then the same content as a table in which every row is cited."""
        picture = _lookup(self.facts.pictures, picture_id, "picture")
        drawing = draw(picture, self.facts)
        first, second = drawing.header
        table = [f"| {escape(first)} | {escape(second)} |", "| --- | --- |"]
        table += [f"| {escape(row.key)} | {self.cited(row.text, row.citations, row.owner)} |" for row in drawing.rows]
        return Markdown(figure_html(picture, drawing.svg) + "\n\n" + "\n".join(table))

    def footnotes(self) -> str:
        text = self.footnote_text.footnote
        return "\n".join(f"[^{label}]: {text(citation)}" for label, citation in self.notes.items())


class Footnotes:
    """Footnote text, made once per build for each source and each citation.

    A citation borrowed through a placeholder is shown on many pages, and the Sources page shows
    every passage again; a source's name and details open each of its footnotes.
    """

    def __init__(self, facts: Facts, kind_pages: Mapping[str, str] | None = None) -> None:
        self.facts = facts
        self.kind_pages = kind_pages or {}  # kind -> the page listing it, when not the Sources page
        self._sources: dict[str, tuple[str, str]] = {}
        self._passages: dict[Citation, Markdown] = {}
        self._footnotes: dict[Citation, Markdown] = {}

    def passage(self, citation: Citation) -> Markdown:
        text = self._passages.get(citation)
        if text is None:
            text = self._passages[citation] = passage(self.facts, citation)
        return text

    def footnote(self, citation: Citation) -> Markdown:
        text = self._footnotes.get(citation)
        if text is None:
            if citation.source not in self._sources:
                source = self.facts.sources[citation.source]
                self._sources[citation.source] = _source_parts(self.facts, source, self.kind_pages)
            opening, details = self._sources[citation.source]
            text = self._footnotes[citation] = Markdown(f"{opening} {self.passage(citation)} {details}")
        return text


def footnote(facts: Facts, citation: Citation, kind_pages: Mapping[str, str] | None = None) -> Markdown:
    """The source, where in it, and its own words; then a link to its entry on the Sources page that lists it."""
    return Footnotes(facts, kind_pages).footnote(citation)


def _source_parts(facts: Facts, source: Source, kind_pages: Mapping[str, str]) -> tuple[str, str]:
    """What a footnote says before the passage (the source) and after it (its details and link)."""
    words = facts.words
    date = long_date(source.published) if source.published else words.date_not_given
    kind = words.source_kinds[source.kind][1]
    details = f"[{escape(words.details_in_sources)}: {escape(kind)}, {escape(words.strengths[source.strength])}]"
    return (
        f"{escape(source.publisher)}, {escape(source.title)} ({escape(date)}).",
        f"{details}({source_page(source.kind, kind_pages)}.md#{source.id})",
    )


def passage(facts: Facts, citation: Citation) -> Markdown:
    """'Where: “quote”' (with an English rendering), or the honest 'passage not seen'."""
    if not citation.seen:
        return Markdown(f"({escape(facts.words.passage_not_seen)}.)")
    # A Japanese page shows a Japanese passage as it is: its English rendering is for English readers.
    english_rendering = citation.quote_en and facts.site.language != "ja"
    rendering = (
        f" ({escape(facts.words.in_english)}: “{escape(_one_line(citation.quote_en))}”)" if english_rendering else ""
    )
    return Markdown(f"{escape(citation.where or '')}: “{escape(_one_line(citation.quote))}”{rendering}")


def _one_line(text: str | None) -> str:
    """A quote as one line: a line break in the source's layout is shown as a space."""
    return " ".join((text or "").split())


def external_link(url: str, label: str) -> Markdown:
    """A link to another site that cannot break the Markdown around it."""
    safe_url = quote(url, safe=":/?#=&%+,;@!$*~.-_")
    return Markdown(f'[{escape(label)}]({safe_url}){{ rel="noopener noreferrer" }}')


def page_link(page: str, anchor: str | None, title: str) -> Markdown:
    """A link to another page of the site (and one of its headings), as MkDocs resolves it."""
    target = f"{page}.md" + (f"#{anchor}" if anchor else "")
    return Markdown(f"[{escape(title)}]({quote(target, safe='#.-_')})")


def asked_groups(facts: Facts) -> list[tuple[str, list[Asked]]]:
    """The questions people ask, under their group headings: groups in order of first use."""
    groups: dict[str, list[Asked]] = {}
    for item in facts.asked.values():
        groups.setdefault(item.group, []).append(item)
    return list(groups.items())


def newest_first(changelog: Iterable[ChangelogEntry]) -> list[ChangelogEntry]:
    """Newest date first; of two changes on one day, the one listed later in the file first."""
    return sorted(changelog, key=lambda change: (change.date, change.index), reverse=True)


def latest_major(changelog: Iterable[ChangelogEntry]) -> ChangelogEntry | None:
    """The newest change the editor marked major: the home page says in one line what is new."""
    return next((change for change in newest_first(changelog) if change.major), None)


def report_link(address: str, label: str) -> Markdown:
    """The trust box's way to report a mistake (mailto: or https:, checked by the schema)."""
    return Markdown(f"[{escape(label)}]({quote(address, safe=':/?#=&%+,;@!$*~.-_')})")


def _lookup(items: Any, item_id: str, what: str) -> Any:
    if item_id not in items:
        raise jinja2.TemplateRuntimeError(f"unknown {what} '{item_id}'; {closest(str(item_id), items)}")
    return items[item_id]


def template_globals(
    facts: Facts,
    context: PageContext,
    titles: dict[str, str],
    supported: Callable[[], dict[str, list[Supported]]],
    drawn: dict[str, str] | None = None,
) -> dict[str, Any]:
    words = facts.words
    kind_pages = context.footnote_text.kind_pages
    return {
        "site": facts.site,
        "trust": facts.trust,
        "fact": context.fact,
        "section": context.section,
        "term": context.term,
        "cited": context.cited,
        "long_date": long_date,
        # The kinds of source this page lists: the Sources pages share one list, split by kind.
        "sources_by_kind": lambda: _sources_by_kind(facts, context.page, kind_pages),
        "source_link": lambda source_id: f"{_source_page_of(facts, source_id, kind_pages)}.md#{source_id}",
        "used_by": lambda source_id: _used_by(facts, source_id, drawn or {}),
        "supported_by": lambda source_id: supported().get(source_id, []),
        "correction": context.correction,
        "claim_fact": context.claim_fact,
        "claim_review": lambda claim_id, verdict: Markdown(script_block(claim_review(facts, claim_id, str(verdict)))),
        "claims_from": lambda source_id: [
            c for c in facts.claims.values() if any(a.source == source_id for a in c.appeared_in)
        ],
        "read_label": lambda read: words.read[read],
        "page_title": lambda page: titles.get(page, page),
        "link": external_link,
        "plain": context.plain,
        "picture": context.picture,
        "report_link": lambda label: report_link(facts.site.report_error, label),
        "changelog": newest_first(facts.changelog),
        "latest_major": latest_major(facts.changelog),
        "claims": list(facts.claims.values()),
        "glossary": list(facts.glossary.values()),
        "questions": list(facts.questions.values()),
        "asked_groups": asked_groups(facts),
        "answer": context.answer,
        "page_link": lambda page, anchor=None: page_link(page, anchor, titles.get(page, page)),
        "kind_label": lambda kind: words.source_kinds[kind][1],
        "strength_label": lambda strength: words.strengths[strength],
    }


def _sources_by_kind(facts: Facts, page: str, kind_pages: Mapping[str, str]) -> list[tuple[str, list[Source]]]:
    """Group heading -> sources, for the kinds of source this page lists."""
    groups = []
    for kind, (heading, _) in facts.words.source_kinds.items():
        if source_page(kind, kind_pages) != page:
            continue
        members = [s for s in facts.sources.values() if s.kind == kind]
        if members:
            groups.append((heading, members))
    return groups


def _source_page_of(facts: Facts, source_id: str, kind_pages: Mapping[str, str]) -> str:
    """The page that lists a source (an unknown id is left to the checks, which name it)."""
    source = facts.sources.get(source_id)
    return source_page(source.kind, kind_pages) if source is not None else "sources"


def _page_of(fact: Fact, drawn: dict[str, str]) -> str | None:
    """The page that shows a fact's sentence: its own, or the page of the picture that shows it in full."""
    return fact.placement.page if fact.placement is not None else drawn.get(fact.id)


def _used_by(facts: Facts, source_id: str, drawn: dict[str, str]) -> dict[str, int]:
    """Page id -> how many facts, claims or terms on it cite this source."""
    counts: dict[str, int] = {}
    for fact in facts.facts.values():
        # A figure without a page is shown only inside facts that cite its sources too.
        page = _page_of(fact, drawn)
        if source_id in fact.source_ids and page is not None:
            counts[page] = counts.get(page, 0) + 1
    for collection, page in ((facts.claims, "claims"), (facts.glossary, "glossary")):
        n = sum(source_id in item.source_ids for item in collection.values())
        if n:
            counts[page] = n
    return counts


@dataclass(frozen=True)
class Supported:
    """One sentence a source supports, for its entry on the Sources page.

    An object, not a dict: a template's `use.page` finds an attribute at once, where on a
    dict Jinja2 first fails to find one (tens of thousands of exceptions on a large site).
    """

    page: Markdown
    page_title: Markdown
    sentence: Markdown
    passage: Markdown


def supported_sentences(
    facts: Facts, titles: dict[str, str], notes: Footnotes | None = None, drawn: dict[str, str] | None = None
) -> dict[str, list[Supported]]:
    """Source id -> every sentence on the site that cites it, with the passage: for its Sources entry.

    Built once per build (not once per source): a 10,000-fact site has tens of sources."""
    notes = notes or Footnotes(facts)
    found: dict[str, list[Supported]] = {}
    texts: list[tuple[str | None, str, tuple[Citation, ...]]] = [
        (_page_of(f, drawn or {}), f.statement, f.citations) for f in facts.facts.values()
    ]
    texts += [("claims", c.correction, c.citations) for c in facts.claims.values()]
    texts += [("claims", as_sentence(c.fact, facts.site.language), c.citations) for c in facts.claims.values()]
    texts += [("glossary", t.definition, t.citations) for t in facts.glossary.values()]
    # Each field escaped here, once per page or sentence, as the template would escape it on each use.
    escaped: dict[str, tuple[Markdown, Markdown]] = {}
    for page, text, citations in texts:
        if page is None:
            continue
        if page not in escaped:
            escaped[page] = (escape(page), escape(titles.get(page, page)))
        sentence = escape(fill_placeholders(text, facts.facts))
        for citation in citations:
            found.setdefault(citation.source, []).append(Supported(*escaped[page], sentence, notes.passage(citation)))
    return found


def as_sentence(heading: str, language: str) -> str:
    """A heading said again as a sentence: with the full stop of its language."""
    stop = "。" if language == "ja" else "."
    return heading.rstrip(".。") + stop


def page_titles(templates_dir: Path) -> dict[str, str]:
    """Page id -> the title in its template's front matter (for links between pages)."""
    titles = {}
    for page, path in page_templates(templates_dir).items():
        data, _ = split(path.read_text(encoding="utf-8"))
        titles[page] = str(data.get("title", page))
    return titles


def render_pages(facts: Facts, templates_dir: Path, env: jinja2.Environment) -> dict[str, str]:
    """Return {'trial.md': markdown, ...}. Raise BuildFailed with every template problem."""
    pages: dict[str, str] = {}
    problems: list[Problem] = []
    titles = page_titles(templates_dir)
    index = facts_by_section(facts)
    drawn = pages_of_drawn_facts(facts, templates_dir)
    kind_pages = source_pages(page_templates(templates_dir))
    shared_notes = Footnotes(facts, kind_pages)
    # built on first use, once per build
    supported = cache(lambda: supported_sentences(facts, titles, shared_notes, drawn))
    for page, path in page_templates(templates_dir).items():
        context = PageContext(facts, page, index.get(page, {}), shared_notes)
        variables = template_globals(facts, context, titles, supported, drawn)
        try:
            meta = _render_front_matter(split(path.read_text(encoding="utf-8"))[0], variables)
            body = env.get_template(path.name).render(variables)
        except Exception as err:
            problems.append(_template_problem(err, path, templates_dir))  # or re-raises a bug of ours
            continue
        body = terms.link_terms(body.lstrip("\n"), facts.glossary, facts.facts)
        data = script_block(
            medical_web_page(facts, str(meta.get("title", "")), str(meta.get("description", "")), context.cited_sources)
        )
        notes = context.footnotes()
        page_text = (
            dump(meta)
            + ("\n" if meta else "")
            + body.rstrip("\n")
            + "\n\n"
            + data
            + ("\n\n" + notes if notes else "")
            + "\n"
        )
        pages[f"{page}.md"] = page_text
    problems += asked_anchor_problems(facts, pages)
    if problems:
        raise BuildFailed(problems)
    return pages


# A Markdown heading, with its { #id } if the template gives one.
HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*(?:\{[ \t]*#([\w-]+)[^}\n]*\})?[ \t]*$", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def heading_ids(markdown: str) -> set[str]:
    """The anchor of each heading of a rendered page, as MkDocs (Python-Markdown's toc) makes it."""
    ids = set()
    for match in HEADING.finditer(markdown):
        text = re.sub(r"\\(.)", r"\1", _LINK.sub(r"\1", match.group(1)))  # a linked term or escape: its words
        ids.add(match.group(2) or slugify(text, "-"))
    return ids


def asked_anchor_problems(facts: Facts, pages: dict[str, str]) -> list[Problem]:
    """A 'Read more' link to a heading that is not there would open the page at its top, silently."""
    problems = []
    for item in facts.asked_list:
        page = pages.get(f"{item.page}.md")
        if item.anchor is None or page is None:
            continue  # an unknown page is reported by the template checks
        ids = heading_ids(page)
        if item.anchor not in ids:
            problems.append(
                Problem(
                    facts.file,
                    f"asked[{item.index}].anchor",
                    f"page '{item.page}' has no heading with the anchor '{item.anchor}'",
                    closest(item.anchor, sorted(ids)),
                )
            )
    return problems


def _render_front_matter(data: dict[str, Any], variables: dict[str, Any]) -> dict[str, Any]:
    """Text values may use template expressions; numbers and nested settings are kept as they are."""
    return {
        key: _PLAIN.from_string(value).render(variables) if isinstance(value, str) and "{" in value else value
        for key, value in data.items()
    }


def _template_problem(err: Exception, path: Path, templates_dir: Path) -> Problem:
    """Locate an error raised by a template's own code; re-raise anything else as the bug it is."""
    label, line, last_frame_is_template = f"templates/{path.name}", "", False
    for frame, lineno in traceback.walk_tb(err.__traceback__):
        filename = frame.f_code.co_filename
        last_frame_is_template = filename.endswith(TEMPLATE_SUFFIX) or filename == "<template>"
        if filename.endswith(TEMPLATE_SUFFIX) and Path(filename).parent.resolve() == templates_dir.resolve():
            label, line = f"templates/{Path(filename).name}", f"line {lineno}"
    if not isinstance(err, jinja2.TemplateError) and not last_frame_is_template:
        raise err  # raised inside our own code: a bug, not the editor's mistake
    if isinstance(err, jinja2.TemplateNotFound):
        return Problem(
            label, line, f"there is no template '{err.name}'", f"check the name, or add templates/{err.name}"
        )
    message = err.message if isinstance(err, jinja2.TemplateSyntaxError) else str(err)
    return Problem(label, line, f"template error: {message}", "check the names used in this line")
