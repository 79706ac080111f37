"""Step 3: render the Jinja2 templates into Markdown pages, citing every fact.

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
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import yaml
from jinja2 import nodes

from factsite import glossary as terms
from factsite.front_matter import safe_front_matter
from factsite.jsonld import medical_web_page, script_block
from factsite.pictures import draw, figure_html, picture_problems
from factsite.problems import BuildFailed, Problem
from factsite.template_checks import template_file_problems
from factsite.text import Markdown, escape, fill_placeholders, long_date, placeholder_ids
from factsite.validate import Facts, closest

TEMPLATE_SUFFIX = ".md.j2"
# Functions that take an id; the id must be a quoted string so it can be checked before rendering.
ID_FUNCTIONS = {"fact": "facts", "section": "sections", "term": "glossary", "picture": "pictures"}

# kind -> (heading for the group on the Sources page, label for one source)
KIND_LABELS = {
    "peer-reviewed-paper": ("Journal papers", "peer-reviewed paper"),
    "study-protocol": ("Study protocol", "study protocol"),
    "trial-registry": ("Trial registry", "trial registry record"),
    "press-release": ("University news releases", "university press release"),
    "reference-work": ("Health agencies and guides", "reference work"),
    "news-report": ("News reports", "news report"),
}
STRENGTH_LABELS = {"primary": "primary source", "secondary": "secondary source", "weak": "weak source"}
# News-only facts need no label: each footnote says "news report". Disputed ones do.
SUPPORT_PREFIX = {"confirmed": "", "news-only": "", "disputed": "Not confirmed: "}


def page_templates(templates_dir: Path) -> dict[str, Path]:
    """Page id -> template. Files starting with '_' are partials, not pages."""
    return {
        path.name.removesuffix(TEMPLATE_SUFFIX): path
        for path in sorted(templates_dir.glob(f"*{TEMPLATE_SUFFIX}"))
        if not path.name.startswith("_")
    }


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
    return _ParseOnceEnvironment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output is Markdown; escaping is done by `finalize`
        finalize=lambda value: value if isinstance(value, Markdown) else escape(str(value)),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# --- checks before rendering -------------------------------------------------------


@dataclass
class TemplateRefs:
    """The ids a template names, each with the line it is on."""

    facts: list[tuple[str, int]] = field(default_factory=list)
    sections: list[tuple[str, int]] = field(default_factory=list)
    glossary: list[tuple[str, int]] = field(default_factory=list)
    pictures: list[tuple[str, int]] = field(default_factory=list)


def template_refs(env: jinja2.Environment, path: Path, label: str) -> tuple[TemplateRefs, list[Problem]]:
    """Find every fact(...), section(...), term(...) and picture(...) call in one template."""
    refs, problems = TemplateRefs(), []
    try:
        tree = env.parse(path.read_text(encoding="utf-8"), name=path.name, filename=str(path))
    except jinja2.TemplateSyntaxError as err:
        return refs, [
            Problem(label, f"line {err.lineno}", f"template syntax error: {err.message}", "fix the Jinja tag")
        ]
    except UnicodeDecodeError:
        return refs, [Problem(label, "", "template is not valid UTF-8", "save it as UTF-8")]
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name not in ID_FUNCTIONS:
            continue
        first = call.args[0] if call.args else None
        if not isinstance(first, nodes.Const) or not isinstance(first.value, str):
            continue  # an id computed in a loop is checked when the page renders
        getattr(refs, ID_FUNCTIONS[call.node.name]).append((first.value, call.lineno))
    return refs, problems


def check_templates(env: jinja2.Environment, templates_dir: Path, facts: Facts) -> list[Problem]:
    """Every id a template names exists, and every fact appears on its page."""
    pages = page_templates(templates_dir)
    problems: list[Problem] = template_file_problems(env, templates_dir) + picture_problems(facts)
    sections_by_page: dict[str, set[str]] = {}
    index = facts_by_section(facts)
    for page, path in pages.items():
        label = f"templates/{path.name}"
        refs, found = template_refs(env, path, label)
        problems += found
        for fact_id, line in refs.facts:
            if fact_id not in facts.facts:
                problems.append(
                    Problem(label, f"line {line}", f"unknown fact '{fact_id}'", closest(fact_id, facts.facts))
                )
        for term_id, line in refs.glossary:
            if term_id not in facts.glossary:
                problems.append(
                    Problem(
                        label, f"line {line}", f"unknown glossary term '{term_id}'", closest(term_id, facts.glossary)
                    )
                )
        for picture_id, line in refs.pictures:
            if picture_id not in facts.pictures:
                problems.append(
                    Problem(
                        label, f"line {line}", f"unknown picture '{picture_id}'", closest(picture_id, facts.pictures)
                    )
                )
        page_sections = set(index.get(page, {}))
        for section_id, line in refs.sections:
            if section_id not in page_sections:
                hint = (
                    closest(section_id, dict.fromkeys(page_sections)) if page_sections else f"no fact has page '{page}'"
                )
                problems.append(
                    Problem(label, f"line {line}", f"no fact is in section '{section_id}' of page '{page}'", hint)
                )
        if not found:  # a template that cannot be read says nothing about which sections it shows
            sections_by_page[page] = {s for s, _ in refs.sections}
    problems += _unplaced_facts(facts, pages, sections_by_page)
    return problems


def _unplaced_facts(facts: Facts, pages: dict[str, Path], sections_by_page: dict[str, set[str]]) -> list[Problem]:
    """A fact that no page shows is a fact an editor thinks is published but is not."""
    problems = []
    used_as_value = {i for text in _all_texts(facts) for i in placeholder_ids(text)}
    for index, fact in enumerate(facts.facts.values()):
        page = fact.get("page")
        if page is None:
            if fact["id"] not in used_as_value:
                problems.append(
                    Problem(
                        facts.file,
                        f"facts[{index}]",
                        f"fact '{fact['id']}' has no page and no other text uses its value",
                        "give it a page and section, or remove it",
                    )
                )
        elif page not in pages:
            problems.append(
                Problem(facts.file, f"facts[{index}].page", f"no template for page '{page}'", closest(page, pages))
            )
        elif page in sections_by_page and fact["section"] not in sections_by_page[page]:
            problems.append(
                Problem(
                    facts.file,
                    f"facts[{index}].section",
                    f"templates/{page}{TEMPLATE_SUFFIX} has no section('{fact['section']}')",
                    closest(fact["section"], dict.fromkeys(sections_by_page[page])),
                )
            )
    return problems


def _all_texts(facts: Facts) -> Iterable[str]:
    for fact in facts.facts.values():
        yield fact["statement"]
    for claim in facts.claims.values():
        yield claim["correction"]
        yield claim["claim"]


# --- rendering ---------------------------------------------------------------------


def facts_by_section(facts: Facts) -> dict[str, dict[str, list[str]]]:
    """Page -> section -> fact ids in file order. Built once per build: scanning every
    fact for every section made a 10,000-fact, 500-page build take seconds."""
    index: dict[str, dict[str, list[str]]] = {}
    for fact in facts.facts.values():
        if "page" in fact:
            index.setdefault(fact["page"], {}).setdefault(fact["section"], []).append(fact["id"])
    return index


class PageContext:
    """What one page's template can call. Collects the sources it cites, in order."""

    def __init__(self, facts: Facts, page: str, sections: dict[str, list[str]] | None = None) -> None:
        self.facts = facts
        self.page = page
        self.sections = facts_by_section(facts).get(page, {}) if sections is None else sections
        self.cited_sources: list[str] = []

    def _refs(self, source_ids: Iterable[str]) -> str:
        refs = []
        for source_id in source_ids:
            if source_id not in self.cited_sources:
                self.cited_sources.append(source_id)
            refs.append(f"[^{source_id}]")
        return "".join(refs)

    def _sources_with_values(self, text: str, own: list[str]) -> list[str]:
        # A sentence that borrows a figure also borrows that figure's sources.
        ids = list(own)
        for fact_id in placeholder_ids(text):
            ids += [s for s in self.facts.facts[fact_id]["sources"] if s not in ids]
        return ids

    def cited(self, text: str, source_ids: list[str], prefix: str = "", skip_term: str | None = None) -> Markdown:
        body = terms.mark(prefix + fill_placeholders(text, self.facts.facts), self.facts.glossary, skip_term)
        return Markdown(f"{body}{self._refs(self._sources_with_values(text, source_ids))}")

    def plain(self, text: str) -> Markdown:
        """Text that needs no source (a question to ask), with glossary terms marked."""
        return terms.mark(text, self.facts.glossary)

    def fact(self, fact_id: str) -> Markdown:
        fact = _lookup(self.facts.facts, fact_id, "fact")
        return self.cited(fact["statement"], fact["sources"], SUPPORT_PREFIX[fact["support"]])

    def section(self, section_id: str, style: str = "paragraphs") -> Markdown:
        ids = self.sections.get(section_id, [])
        if style == "list":
            return Markdown("\n".join(f"- {self.fact(i)}" for i in ids))
        return Markdown("\n\n".join(self.fact(i) for i in ids))

    def term(self, term_id: str) -> Markdown:
        entry = _lookup(self.facts.glossary, term_id, "glossary term")
        return self.cited(entry["definition"], entry["sources"], skip_term=term_id)

    def picture(self, picture_id: str) -> Markdown:
        """The drawing, then the same content as a table in which every row is cited."""
        drawing = draw(_lookup(self.facts.pictures, picture_id, "picture")["id"], self.facts)
        first, second = drawing.header
        table = [f"| {escape(first)} | {escape(second)} |", "| --- | --- |"]
        table += [f"| {escape(row.key)} | {self.cited(row.text, row.sources)} |" for row in drawing.rows]
        return Markdown(figure_html(self.facts.pictures[picture_id], drawing.svg) + "\n\n" + "\n".join(table))

    def footnotes(self) -> str:
        lines = []
        for source_id in self.cited_sources:
            source = self.facts.sources[source_id]
            date = long_date(source["published"]) if source["published"] else "date not given"
            kind = KIND_LABELS[source["kind"]][1]
            lines.append(
                f"[^{source_id}]: {escape(source['publisher'])}, {escape(source['title'])} ({date}). "
                f"[Details in Sources: {escape(kind)}, {STRENGTH_LABELS[source['strength']]}](sources.md#{source_id})"
            )
        return "\n".join(lines)


def page_titles(templates_dir: Path) -> dict[str, str]:
    """Page id -> the title in its template's front matter (for links between pages)."""
    titles = {}
    for page, path in page_templates(templates_dir).items():
        match = re.search(r"^title: (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        titles[page] = match.group(1).strip() if match else page
    return titles


def external_link(url: str, label: str) -> Markdown:
    """A link to another site that cannot break the Markdown around it."""
    safe_url = quote(url, safe=":/?#=&%+,;@!$*~.-_")
    return Markdown(f'[{escape(label)}]({safe_url}){{ rel="noopener noreferrer" }}')


def newest_first(changelog: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest date first; of two changes on one day, the one listed later in the file first."""
    order = sorted(enumerate(changelog), key=lambda pair: (pair[1]["date"], pair[0]), reverse=True)
    return [change for _, change in order]


def report_link(address: str, label: str) -> Markdown:
    """The trust box's way to report a mistake (mailto: or https:, checked by the schema)."""
    return Markdown(f"[{escape(label)}]({quote(address, safe=':/?#=&%+,;@!$*~.-_')})")


def _lookup(items: dict[str, dict[str, Any]], item_id: str, what: str) -> dict[str, Any]:
    if item_id not in items:
        raise jinja2.TemplateRuntimeError(f"unknown {what} '{item_id}'; {closest(str(item_id), items)}")
    return items[item_id]


def template_globals(facts: Facts, context: PageContext, titles: dict[str, str]) -> dict[str, Any]:
    return {
        "site": facts.site,
        "fact": context.fact,
        "section": context.section,
        "term": context.term,
        "cited": context.cited,
        "long_date": long_date,
        "sources_by_kind": lambda: _sources_by_kind(facts),
        "used_by": lambda source_id: _used_by(facts, source_id),
        "page_title": lambda page: titles.get(page, page),
        "link": external_link,
        "plain": context.plain,
        "picture": context.picture,
        "report_link": lambda label: report_link(facts.site["report_error"], label),
        "changelog": newest_first(facts.changelog),
        "claims": list(facts.claims.values()),
        "glossary": list(facts.glossary.values()),
        "questions": list(facts.questions.values()),
        "kind_label": lambda kind: KIND_LABELS[kind][1],
        "strength_label": lambda strength: STRENGTH_LABELS[strength],
    }


def _sources_by_kind(facts: Facts) -> list[tuple[str, list[dict[str, Any]]]]:
    return [
        (heading, [s for s in facts.sources.values() if s["kind"] == kind])
        for kind, (heading, _) in KIND_LABELS.items()
        if any(s["kind"] == kind for s in facts.sources.values())
    ]


def _used_by(facts: Facts, source_id: str) -> dict[str, int]:
    """Page id -> how many facts, claims or terms on it cite this source."""
    counts: dict[str, int] = {}
    for fact in facts.facts.values():
        # A figure without a page is shown only inside facts that cite its sources too.
        if source_id in fact["sources"] and "page" in fact:
            counts[fact["page"]] = counts.get(fact["page"], 0) + 1
    for collection, page in ((facts.claims, "claims"), (facts.glossary, "glossary")):
        n = sum(source_id in item["sources"] for item in collection.values())
        if n:
            counts[page] = n
    return counts


def render_pages(facts: Facts, templates_dir: Path) -> dict[str, str]:
    """Return {'trial.md': markdown, ...}. Raise BuildFailed with every template problem."""
    env = make_environment(templates_dir)
    problems = check_templates(env, templates_dir, facts)
    if problems:
        raise BuildFailed(problems)
    pages: dict[str, str] = {}
    titles = page_titles(templates_dir)
    index = facts_by_section(facts)
    for page, path in page_templates(templates_dir).items():
        context = PageContext(facts, page, index.get(page, {}))
        try:
            body = env.get_template(path.name).render(template_globals(facts, context, titles))
        except Exception as err:  # any error in a template is the editor's to fix, never a traceback
            problems.append(_runtime_problem(err, path, templates_dir))
            continue
        body = terms.link_terms(body, facts.glossary, facts.facts)
        notes = context.footnotes()
        body = safe_front_matter(body)
        data = script_block(medical_web_page(facts, *_front_matter(body), context.cited_sources))
        pages[f"{page}.md"] = body.rstrip("\n") + "\n\n" + data + ("\n\n" + notes if notes else "") + "\n"
    if problems:
        raise BuildFailed(problems)
    return pages


def _front_matter(body: str) -> tuple[str, str]:
    """The page's title and description, as its (already safe) front matter gives them."""
    found = {}
    if body.startswith("---\n"):
        for line in body[4:].split("\n---\n", 1)[0].split("\n"):
            key, _, value = line.partition(": ")
            if key in ("title", "description"):
                # safe_front_matter left plain text as is and quoted anything else as YAML.
                found[key] = str(yaml.safe_load(value)) if value.startswith('"') else value
    return found.get("title", ""), found.get("description", "")


def _runtime_problem(err: Exception, path: Path, templates_dir: Path) -> Problem:
    """Locate an error raised while rendering: Jinja maps its frames to template lines."""
    label, line = f"templates/{path.name}", ""
    for frame, lineno in traceback.walk_tb(err.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIX) and Path(filename).parent.resolve() == templates_dir.resolve():
            label, line = f"templates/{Path(filename).name}", f"line {lineno}"
    if isinstance(err, jinja2.TemplateNotFound):
        return Problem(
            label, line, f"there is no template '{err.name}'", f"check the name, or add templates/{err.name}"
        )
    message = err.message if isinstance(err, jinja2.TemplateSyntaxError) else str(err)
    return Problem(label, line, f"template error: {message}", "check the names used in this line")
