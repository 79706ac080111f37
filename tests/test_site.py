"""The real site, built with `mkdocs build --strict`, as a reader gets it.

These tests check rules that any content must follow, never a sentence or figure of
facts.json: an edit to the content cannot break them unless it breaks a rule. Exact
output is checked on the invented fixture site (tests/test_golden.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from support import PAGES, ROOT, SOURCES_PAGES, soup, source_links

TEMPLATES = ROOT / "templates"


def test_the_nav_lists_every_page_template() -> None:
    """PAGES comes from mkdocs.yml's nav: it must name exactly the pages the templates make."""
    made = {p.name.removesuffix(".md.j2") for p in TEMPLATES.glob("*.md.j2") if not p.name.startswith("_")}
    listed = {"index" if page == "index.html" else page.removesuffix("/index.html") for page in PAGES}
    assert listed == made


def test_every_page_is_built_and_linked_from_home(built_site: Path) -> None:
    home = soup(built_site, "index.html")
    # "./trial/" and "trial/" are the same link (Zensical writes the first, MkDocs the second).
    content_links = {a["href"].split("#")[0].removeprefix("./") for a in home.select("article a[href]")}
    nav_links = {a["href"].removeprefix("./") for a in home.select("nav.md-nav--primary a[href]")}
    for page, title in PAGES.items():
        assert (built_site / page).is_file(), page
        if page != "index.html":
            target = page.removesuffix("index.html")
            assert target in content_links, f"home does not link to {title} in its text"
            assert target in nav_links, f"navigation lacks {title}"


def test_each_page_has_its_nav_title_as_its_heading(built_site: Path) -> None:
    for page, title in PAGES.items():
        html = soup(built_site, page)
        assert html.select_one("article h1"), page
        assert (html.title and title in html.title.get_text()) or page == "index.html", page


def test_search_index_holds_every_page_and_its_text(built_site: Path) -> None:
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {page.removesuffix("index.html") for page in PAGES} <= locations
    texts = " ".join(" ".join(doc["text"].split()) for doc in index["docs"])
    for page in PAGES:  # the first paragraph of each page can be found
        first = soup(built_site, page).select_one("article p")
        words = " ".join(first.get_text(" ").split()[:4])
        assert re.sub(r"\s+", " ", words) in texts, f"{page}: {words!r} is not in the search index"


def test_every_footnote_links_to_an_existing_source_entry(built_site: Path) -> None:
    anchors = {page: {tag["id"] for tag in soup(built_site, page).select("[id]")} for page in SOURCES_PAGES}
    for page in PAGES:
        for note in soup(built_site, page).select("div.footnote li"):
            links = source_links(note)
            assert links, f"{page}: footnote without a Sources link: {note.get_text()!r}"
            for target, source_id in links:
                assert source_id in anchors.get(target, set()), f"{page}: {target}#{source_id} has no target"


def test_no_page_requests_anything_from_another_host(built_site: Path) -> None:
    for page in PAGES:
        html = soup(built_site, page)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in html.find_all(tag):
                url = element.get(attribute) or ""
                if tag == "link" and "canonical" in (element.get("rel") or []):
                    continue
                assert not re.match(r"^(https?:)?//", url), f"{page}: {tag} loads {url}"


def test_external_links_are_opened_safely(built_site: Path) -> None:
    for page in PAGES:
        for link in soup(built_site, page).select("article a[href^='http']"):
            assert {"noopener", "noreferrer"} <= set(link.get("rel") or []), f"{page}: {link['href']}"
