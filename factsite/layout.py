"""Where things go: which templates make pages, and which facts each page section shows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from factsite.model import Facts

TEMPLATE_SUFFIX = ".md.j2"
PICTURE_CALL = re.compile(r"""\bpicture\(\s*["']([a-z0-9]+(?:-[a-z0-9]+)*)["']""")


def page_templates(templates_dir: Path) -> dict[str, Path]:
    """Page id -> template. Files starting with '_' are partials, not pages."""
    return {
        path.name.removesuffix(TEMPLATE_SUFFIX): path
        for path in sorted(templates_dir.glob(f"*{TEMPLATE_SUFFIX}"))
        if not path.name.startswith("_")
    }


def facts_by_section(facts: Facts) -> dict[str, dict[str, list[str]]]:
    """Page -> section -> fact ids in file order. Built once per build: scanning every
    fact for every section made a 10,000-fact, 500-page build take seconds."""
    index: dict[str, dict[str, list[str]]] = {}
    for fact in facts.facts.values():
        if fact.placement is not None:
            index.setdefault(fact.placement.page, {}).setdefault(fact.placement.section, []).append(fact.id)
    return index


def drawn_in_full(facts: Facts) -> dict[str, str]:
    """Fact id -> picture id, for facts a spine picture shows in full (sentence and sources) in its
    table: the page that shows the picture shows them, so they need no section of their own."""
    found: dict[str, str] = {}
    for picture in facts.picture_list:
        if picture.kind == "spine":
            marks = [mark.fact for mark in picture.marks or ()]
            for fact_id in (*picture.items, *marks, *([picture.shade] if picture.shade else [])):
                found.setdefault(fact_id, picture.id)
    return found


def pages_of_drawn_facts(facts: Facts, templates_dir: Path) -> dict[str, str]:
    """Fact id -> the page that shows it in a picture: the first page, in page order, that draws the picture."""
    picture_page: dict[str, str] = {}
    for page, path in page_templates(templates_dir).items():
        for picture_id in PICTURE_CALL.findall(path.read_text(encoding="utf-8", errors="replace")):
            picture_page.setdefault(picture_id, page)
    return {fact_id: picture_page[p] for fact_id, p in drawn_in_full(facts).items() if p in picture_page}


# Which page lists each kind of source. One Sources page over 100 KB (gzip) on a first visit was
# too heavy on a phone, so news reports, and health agencies' guides with support groups, have a
# page each. A kind not named here, or whose page a site has no template for, stays on "sources".
SOURCES_PAGE = "sources"
SOURCE_KIND_PAGES = {
    "reference-work": "sources-guides",
    "organisation": "sources-guides",
    "news-report": "sources-news",
}


def source_pages(pages: Iterable[str]) -> dict[str, str]:
    """Kind -> page id, for the kinds listed apart from the Sources page on this site's pages."""
    have = set(pages)
    return {kind: page for kind, page in SOURCE_KIND_PAGES.items() if page in have}


def source_page(kind: str, pages: Mapping[str, str]) -> str:
    """The page that lists a source of this kind (from source_pages)."""
    return pages.get(kind, SOURCES_PAGE)
