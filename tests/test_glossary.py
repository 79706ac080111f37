"""Glossary terms are marked in page text, link to their definition, and never break escaping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
from bs4 import BeautifulSoup
from internals import render, unchecked
from support import FIXTURE_TEMPLATES, PAGES, soup

from factsite.glossary import link_terms, mark
from factsite.model import Term

GLOSSARY = {
    "ips-cell": Term(id="ips-cell", term="iPS cell", definition="A changed adult cell."),
    "asia-grade-a": Term(id="asia-grade-a", term="Grade A", definition="Complete."),
    "control-group": Term(
        id="control-group", term="Control group", aliases=("comparison group",), definition="People who do not."
    ),
}


def _linked(text: str) -> str:
    return link_terms(mark(text, GLOSSARY), GLOSSARY, {})


def test_terms_plurals_and_aliases_are_linked_once_per_section() -> None:
    page = (
        _linked("Two iPS cells and an iPS cell. There was no comparison group.") + "\n## Next\n" + _linked("iPS cells")
    )
    assert page.count("](glossary.md#ips-cell ") == 2  # once in each section
    assert '[iPS cells](glossary.md#ips-cell "A changed adult cell.")' in page
    assert "[comparison group](glossary.md#control-group " in page
    assert "and an iPS cell." in page


def test_only_whole_words_with_the_right_capital_letters_are_marked() -> None:
    assert "glossary" not in _linked("An upgrade a person made. A grade as given. iPS-cell-derived cells.")
    assert "glossary.md#asia-grade-a" in _linked("He started at grade A.")


def test_a_japanese_term_is_not_marked_inside_a_longer_word_with_another_meaning() -> None:
    glossary = {"complete": Term(id="complete", term="完全損傷", definition="けがの下の感覚も動きもない。")}
    assert "glossary.md#complete" not in link_terms(mark("不完全損傷の人", glossary), glossary, {})  # incomplete
    assert "glossary.md#complete" in link_terms(mark("完全損傷の人", glossary), glossary, {})
    assert "glossary.md#complete" in link_terms(mark("男性は完全損傷でした", glossary), glossary, {})


def test_the_longest_term_wins_and_english_and_japanese_terms_are_marked_in_one_text() -> None:
    glossary = {
        "cord": Term(id="cord", term="spinal cord", definition="The nerves in the back."),
        "injury": Term(id="injury", term="spinal cord injury", definition="Damage to them."),
        "complete": Term(id="complete", term="完全損傷", aliases=("Complete-injury",), definition="全部。"),
        "ips": Term(id="ips", term="iPS細胞", definition="作った細胞。"),
    }
    page = link_terms(mark("A spinal cord injury, 完全損傷, iPS細胞 and the spinal cord.", glossary), glossary, {})
    assert "[spinal cord injury](glossary.md#injury " in page
    assert "[spinal cord](glossary.md#cord " in page  # the shorter term, where it stands alone
    assert "[完全損傷](glossary.md#complete " in page and "[iPS細胞](glossary.md#ips " in page
    assert link_terms(mark("A complete-injury case", glossary), glossary, {}).count("glossary.md#complete") == 1


def test_a_term_in_a_heading_is_not_marked(fixture_data: dict[str, Any]) -> None:
    pages = render(fixture_data, FIXTURE_TEMPLATES)
    # The Glossary's headings name its terms: headings a term could wrongly be marked in.
    headings = [line for line in pages["glossary.md"].splitlines() if line.startswith("## ")]
    assert any(term["term"] in line for term in fixture_data["glossary"] for line in headings)
    for name, page in pages.items():
        for line in page.splitlines():
            if line.startswith(("#", "[^")):
                assert "glossary.md#" not in line or line.startswith("[^"), f"{name}: {line}"
            assert "\x02" not in line and "\x03" not in line, f"{name}: a marker was left in the page"


def test_hostile_definitions_and_fact_text_stay_text(fixture_data: dict[str, Any]) -> None:
    hostile = 'x" onmouseover="alert(1)" <script>alert(2)</script> ](javascript:y) *b* {: .z}'
    next(t for t in fixture_data["glossary"] if t["id"] == "glimmer-cell")["definition"] = hostile
    fact = next(f for f in fixture_data["facts"] if f["id"] == "participants")  # the first text on its page
    fact["statement"] = "A Glimmer cell \x02glimmer-cell\x1f[x](javascript:z)\x03 here."
    page = render(unchecked(fixture_data), FIXTURE_TEMPLATES)["index.md"]
    html = markdown.markdown(page, extensions=["attr_list", "footnotes", "md_in_html", "tables", "admonition"])
    parsed = BeautifulSoup(html, "html.parser")
    assert not parsed.select("script:not([type='application/ld+json'])")
    assert not parsed.select("[onmouseover]") and not parsed.select("a[href^='javascript']")
    titles = [a["title"] for a in parsed.select("a.fs-term[href='glossary.md#glimmer-cell']")]
    assert titles and all(title == hostile for title in titles)


def test_built_pages_link_terms_to_glossary_entries_that_exist(built_site: Path) -> None:
    glossary = soup(built_site, "glossary/index.html")
    anchors = {tag["id"]: tag for tag in glossary.select("h2[id]")}
    seen_terms = set()
    for page in PAGES:
        for link in soup(built_site, page).select("article a.fs-term"):
            target = link["href"].split("#")[1]
            assert target in anchors, f"{page}: {link['href']}"
            assert link["title"], f"{page}: term link without a definition"
            assert not link.find_parent(["h1", "h2", "h3", "div.footnote"]), page
            seen_terms.add(target)
    assert {"ips-cell", "asia-scale", "peer-review", "control-group", "side-effect"} <= seen_terms


def test_glossary_entry_does_not_link_to_itself(built_site: Path) -> None:
    glossary = soup(built_site, "glossary/index.html")
    for heading in glossary.select("h2[id]"):
        definition = heading.find_next_sibling("p")
        links = [a["href"] for a in definition.select("a.fs-term")] if definition else []
        assert f"#{heading['id']}" not in " ".join(links), heading["id"]
