"""The real site, built with `mkdocs build --strict`, as a reader gets it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PAGES = {
    "index.html": "Home",
    "ips-cells/index.html": "How iPS cells work",
    "trial/index.html": "The trial",
    "results/index.html": "The results",
    "caveats/index.html": "The caveats",
    "join-a-trial/index.html": "Could I join a trial?",
    "claims/index.html": "Claims checked",
    "glossary/index.html": "Glossary",
    "sources/index.html": "Sources",
    "updates/index.html": "Updates",
}


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def main_text(site: Path, page: str) -> str:
    return " ".join(soup(site, page).select_one("article").get_text(" ").split())


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


def test_search_index_holds_every_page(built_site: Path) -> None:
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {page.removesuffix("index.html") for page in PAGES} <= locations
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "press conference" in texts and "grade D" in texts


def test_every_footnote_links_to_an_existing_source_entry(built_site: Path) -> None:
    sources = soup(built_site, "sources/index.html")
    anchors = {tag["id"] for tag in sources.select("[id]")}
    for page in PAGES:
        for note in soup(built_site, page).select("div.footnote li"):
            links = [a["href"] for a in note.select("a[href*='sources/#']")]
            assert links, f"{page}: footnote without a Sources link: {note.get_text()!r}"
            for href in links:
                assert href.split("#")[1] in anchors, f"{page}: {href} has no target"


def test_every_paragraph_and_list_item_on_fact_pages_has_a_citation(built_site: Path) -> None:
    for page in ("ips-cells/index.html", "trial/index.html", "results/index.html", "caveats/index.html"):
        article = soup(built_site, page).select_one("article")
        for block in article.select("p, li, td:nth-of-type(2)"):
            if block.find_parent(class_=["footnote", "admonition"]) or (block.find_parent("li") and block.name == "p"):
                continue
            text = block.get_text(" ").strip()
            if not text or text.endswith("?"):  # questions to ask a doctor
                continue
            assert block.select("sup[id^='fnref']"), f"{page}: uncited: {text!r}"


@pytest.mark.parametrize(
    "page, expected",
    [
        ("index.html", ["4 men had the treatment", "no comparison group", "Last reviewed: 22 November 2026"]),
        ("ips-cells/index.html", ["neural precursor cells", "came from a donor", "forming tumours"]),
        ("trial/index.html", ["18 February 2019", "between 14 and 28 days", "at least 18 years old", "2 million"]),
        (
            "results/index.html",
            ["grade A to grade D", "grade A to grade C", "other 2 men", "press conference", "1 in 9"],
        ),
        ("caveats/index.html", ["cells survived", "tumours", "larger trial", "Could I join a trial?"]),
        (
            "join-a-trial/index.html",
            ["likely being deceived", "Questions to ask your doctor", "ICTRP search portal", "ClinicalTrials.gov"],
        ),
        ("claims/index.html", ["put into the patients' brains", "two million iPS cells", "new tissue growth"]),
        ("glossary/index.html", ["Grade A", "Grade E", "Immunosuppression", "Peer review", "Control group"]),
        ("sources/index.html", ["UMIN Clinical Trials Registry", "News reports", "Study protocol"]),
        ("updates/index.html", ["What changed", "22 November 2026", "four pictures"]),
    ],
)
def test_key_facts_are_on_the_right_pages(built_site: Path, page: str, expected: list[str]) -> None:
    text = main_text(built_site, page)
    for phrase in expected:
        assert phrase in text, f"{page} lacks {phrase!r}"


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
