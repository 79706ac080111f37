"""Medical content rules on the real site: every fact shown and cited on its page, nothing
unverified stated as fact, no hype in our voice, every checked claim given a verdict.

The rules read facts.json as data and never name a sentence or figure from it, so editing
the content cannot break them unless the edit breaks a rule. (Reading levels: test_readability.py.)
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import Tag
from support import PAGES, REAL_FACTS, ROOT, SOURCES_PAGES, soup

HYPE = re.compile(
    r"\b(miracle|miraculous|cure[sd]?|revolution(ary)?|breakthrough|groundbreaking|game.?changer)\b", re.I
)

# Things the research notes mark NOT FOUND or UNVERIFIED, or that the seeds got wrong.
# They may be quoted on the Claims checked page, never stated anywhere else.
NOT_TO_STATE = [
    r"jRCT\s*[0-9]",  # a jRCT registry number for this trial was not verified (the register itself may be named)
    r"half a year|six months of|6 months of",  # immunosuppression length unconfirmed
    r"HLA.?match",  # tissue matching not found
    r"Stemirac",
    r"60-year-old|\b60 years old",
    r"into (the|their|his|patients'?) (\w+ )?brains?",  # the cells went into the spinal cord
    r"shortly after",
    r"motorcycle",
    r"waist down",
    r"new tissue",
    r"two million iPS|2 million iPS",
    r"monkey",
]

OTHER_PAGES = [page for page in PAGES if not page.startswith("claims/")]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
BLOCKS = "p, li, td, th"


def shown(tag: Tag) -> str:
    """A tag's text as a reader reads it: inline links and marks joined, white space made single."""
    return " ".join(tag.get_text().split())


def html_page(page_id: str) -> str:
    return "index.html" if page_id == "index" else f"{page_id}/index.html"


def fixed_parts(text: str) -> list[str]:
    """The words of a statement around its {placeholders}, which the build fills with figures."""
    return [" ".join(part.split()) for part in PLACEHOLDER.split(text) if len(part.split()) >= 2]


def blocks_holding(html: Tag, part: str) -> list[Tag]:
    """The innermost paragraphs, list items and table cells of the page text whose text contains part
    (not the footnotes, whose quoted passages may use the same words)."""
    found = [b for b in html.select(BLOCKS) if part in shown(b) and not b.find_parent("div", class_="footnote")]
    return [b for b in found if not any(inner is not b and inner in found for inner in b.select(BLOCKS))]


def placed_facts() -> list[dict[str, Any]]:
    return [fact for fact in REAL_FACTS["facts"] if "page" in fact]


def test_every_page_a_fact_names_is_in_the_nav() -> None:
    for fact in placed_facts():
        assert html_page(fact["page"]) in PAGES, f"{fact['id']}: page {fact['page']!r} is not in mkdocs.yml's nav"


@pytest.mark.parametrize("fact", placed_facts(), ids=lambda fact: fact["id"])
def test_every_fact_is_shown_on_its_page_with_a_citation(built_site: Path, fact: dict[str, Any]) -> None:
    article = soup(built_site, html_page(fact["page"])).select_one("article")
    text = shown(article)
    parts = fixed_parts(fact["statement"])
    assert parts, f"{fact['id']}: a statement of placeholders only cannot be found on its page"
    for part in parts:
        assert part in text, f"{fact['page']}: fact {fact['id']} is missing: {part!r}"
    holding = blocks_holding(article, max(parts, key=len))
    assert holding, fact["id"]
    for block in holding:
        assert block.select("sup[id^='fnref']"), f"{fact['page']}: fact {fact['id']} is shown without a source"
        if fact["support"] == "disputed":  # never stated as plain fact
            assert shown(block).startswith("Not confirmed"), f"{fact['page']}: {fact['id']} is stated as fact"


def _own_prose(template: Path) -> bool:
    """Whether a template writes sentences of its own (not only facts, terms and headings)."""
    for line in template.read_text(encoding="utf-8").split("---", 2)[-1].splitlines():
        line = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", line).strip()
        if line and not line.startswith(("#", "|", "<", "!!!", "---")) and re.search(r"[A-Za-z][.!]", line):
            return True
    return False


FACT_ONLY_PAGES = [
    page
    for page in PAGES
    if not _own_prose(ROOT / "templates" / (("index" if page == "index.html" else page.split("/")[0]) + ".md.j2"))
]


def test_some_pages_hold_only_facts() -> None:
    assert len(FACT_ONLY_PAGES) >= 3, FACT_ONLY_PAGES


@pytest.mark.parametrize("page", FACT_ONLY_PAGES)
def test_every_paragraph_list_item_and_table_row_on_fact_pages_is_cited(built_site: Path, page: str) -> None:
    article = soup(built_site, page).select_one("article")
    for block in article.select("p, li, tbody tr > td:not(:first-child)"):  # a row's first cell is its label
        if block.find_parent(class_=["footnote", "admonition"]) or (block.find_parent("li") and block.name == "p"):
            continue
        text = block.get_text(" ").strip()
        if not text or text.endswith("?"):  # questions to ask a doctor
            continue
        assert block.select("sup[id^='fnref']"), f"{page}: uncited: {text!r}"


def our_words(site: Path, page: str) -> str:
    """The article's text without others' words: footnotes (the sources' passages) and source lists."""
    article = copy.copy(soup(site, page).select_one("article"))
    for node in article.select("div.footnote, .fs-bibliography"):
        node.decompose()
    return " ".join(article.get_text(" ").split())


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_no_hype_words_in_our_voice(built_site: Path, page: str) -> None:
    assert not HYPE.search(our_words(built_site, page))


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_nothing_unverified_is_stated(built_site: Path, page: str) -> None:
    text = our_words(built_site, page)
    for pattern in NOT_TO_STATE:
        assert not re.search(pattern, text, re.I), f"{page} states {pattern!r}"


def test_each_checked_claim_states_the_fact_warns_then_corrects_and_restates(built_site: Path) -> None:
    """The Debunking Handbook's order: fact (the heading), a warning before the myth, why it is
    wrong (cited), the fact again (cited). The heading must never repeat the myth."""
    article = soup(built_site, "claims/index.html").select_one("article")
    headings = article.select("h2")
    assert len(headings) == len(REAL_FACTS["claims"])
    for heading, claim in zip(headings, REAL_FACTS["claims"], strict=True):
        assert heading.get("id") == claim["id"], "a claim's anchor is its id, stable when the heading is reworded"
        assert claim["fact"] in shown(heading) and claim["claim"] not in shown(heading), claim["id"]
        warning = heading.find_next_sibling()
        assert warning is not None and "fs-myth" in warning.get("class", []), claim["id"]
        assert shown(warning).startswith("Myth:"), claim["id"]
        assert " ".join(claim["claim"].split()) in shown(warning), claim["id"]
        verdict = warning.find_next_sibling("p")
        assert verdict is not None, claim["id"]
        assert shown(verdict).startswith(f"Verdict: {claim['verdict'].capitalize()}."), claim["id"]
        assert verdict.select("sup[id^='fnref']"), f"{claim['id']}: correction without a source"
        for part in fixed_parts(claim["correction"]):
            assert part in shown(verdict), claim["id"]
        again = verdict.find_next_sibling("p")
        assert again is not None and shown(again).startswith("The fact:"), claim["id"]
        assert claim["fact"] in shown(again) and again.select("sup[id^='fnref']"), claim["id"]


def test_the_reference_pages_show_every_entry(built_site: Path) -> None:
    glossary = shown(soup(built_site, "glossary/index.html").select_one("article"))
    for term in REAL_FACTS["glossary"]:
        assert term["term"] in glossary, term["id"]
        assert all(part in glossary for part in fixed_parts(term["definition"])), term["id"]
    for source in REAL_FACTS["sources"]:  # each on exactly one of the Sources pages
        entries = [entry for page in SOURCES_PAGES if (entry := soup(built_site, page).find(id=source["id"]))]
        assert len(entries) == 1, f"{source['id']}: listed {len(entries)} times"
        assert source["title"] in entries[0].get_text(" "), source["id"]
    updates = shown(soup(built_site, "updates/index.html").select_one("article"))
    for change in REAL_FACTS["changelog"]:
        assert change["change"] in updates and change["reason"] in updates, change["date"]
    everything = " ".join(shown(soup(built_site, page).select_one("article")) for page in PAGES)
    for question in REAL_FACTS["questions"]:
        assert question["question"] in everything, question["id"]
