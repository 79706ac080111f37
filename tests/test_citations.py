"""Every factual sentence on the built site has its own footnote right after it, and every
footnote shows the source's own words (or says honestly that the passage was not seen)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Page
from support import SOURCES_PAGES, content_pages, soup, source_links

from factsite.text import sentences

MARK = "\u2063"  # an invisible separator stands in for a footnote marker while the text is split
# Not sentences of ours that state a fact: headings, the site's own framing (marked .fs-framing),
# boxes (trust box, tips), footnote lists, bibliographies, drawings and navigation.
NOT_FACTS = "h1, h2, h3, h4, h5, h6, .fs-framing, .admonition, div.footnote, .fs-bibliography, figure, nav, script"


def uncited(html: str) -> list[str]:
    """Sentences of article text that are not followed by their own footnote marker."""
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article is not None
    for node in article.select(NOT_FACTS):
        node.decompose()
    for node in article.select("a.headerlink"):
        node.decompose()
    # A Japanese text that says one fact (one English sentence) in several short sentences is one
    # cited unit: its footnotes follow its last sentence, once (factsite/render.py, ONE_FACT).
    for text in article.select("span.fs-one-fact"):
        if text.select("sup[id^='fnref']"):
            continue  # a footnote inside: each sentence is checked as usual
        text.replace_with(re.sub(r"[。？！]+(?=.)", "、", " ".join(text.get_text(" ").split())))
    for ref in article.select("sup[id^='fnref']"):
        ref.replace_with(MARK)
    found = []
    for block in article.select("p, li, td"):
        if block.find(["p", "li", "td"]):
            continue  # measured as its inner blocks
        # A table's label column ('Man 1', 'A', a date) is not selected: its cells are row headers (<th>).
        found += _uncited_in(" ".join(block.get_text(" ").split()))
    return found


def _uncited_in(text: str) -> list[str]:
    chunks = re.split(f"(?:\\s*{MARK})+", text)
    *cited, rest = chunks
    problems = [f"no footnote after: {rest.strip()!r}"] if rest.strip() else []
    for chunk in cited:
        parts = sentences(chunk.strip())
        if len(parts) > 1:
            problems += [f"no footnote after: {part!r}" for part in parts[:-1]]
    return problems


def test_the_check_itself_finds_a_sentence_without_its_own_footnote() -> None:
    page = (
        "<article><p>First fact.<sup id='fnref:a'>1</sup> Second fact, sharing it. Third fact.<sup id='fnref:b'>2"
        "</sup></p><p class='fs-framing'>Read more below.</p><ul><li>A listed fact.</li></ul></article>"
    )
    assert uncited(page) == ["no footnote after: 'Second fact, sharing it.'", "no footnote after: 'A listed fact.'"]


def test_the_check_counts_a_japanese_text_of_one_fact_as_one_sentence() -> None:
    page = (
        "<article><p><span class='fs-one-fact'>一つ目の文です。二つ目の文です。</span><sup id='fnref:a'>1</sup>"
        "<span class='fs-one-fact'>出典のない文です。これもです。</span></p>"
        "<p>印のない文です。脚注のある文です。<sup id='fnref:b'>2</sup></p></article>"
    )
    assert uncited(page) == [
        "no footnote after: '出典のない文です、これもです。'",
        "no footnote after: '印のない文です。'",
    ]


def test_every_factual_sentence_has_its_own_footnote(built_site: Path) -> None:
    problems = {}
    for path in content_pages(built_site):
        found = uncited(path.read_text(encoding="utf-8"))
        if found:
            problems[path.relative_to(built_site).as_posix()] = found
    assert problems == {}


def test_every_footnote_shows_the_passage_or_says_it_was_not_seen(built_site: Path) -> None:
    for path in content_pages(built_site):
        html = soup(built_site, path.relative_to(built_site).as_posix())  # parsed once, shared: read only
        for note in html.select("div.footnote li"):
            text = " ".join(note.get_text(" ").split())
            assert "“" in text or "passage not seen" in text, f"{path}: {text}"
            assert source_links(note), f"{path}: no link to the source's entry: {text}"


@pytest.mark.parametrize("page", SOURCES_PAGES)
def test_the_sources_page_lists_each_sentence_a_source_supports(built_site: Path, page: str) -> None:
    html = soup(built_site, page)  # parsed once, shared: read only
    entries = html.select(".fs-bibliography h3[id]")
    assert entries
    for heading in entries:
        section: list[Tag] = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            section.append(sibling)
        text = " ".join(" ".join(s.get_text(" ").split()) for s in section)
        assert "What it supports on this site" in text or "Claims it made that we checked" in text, heading["id"]


# --- in a real browser (Chromium via Playwright; fixtures in tests/browser_fixtures.py) -------------


@pytest.mark.parametrize("path", ["", "results/", "trial/", "daily-life/"])
def test_footnote_markers_are_big_enough_to_tap_on_a_phone(phone_page: Page, site_url: str, path: str) -> None:
    """WCAG 2.2, 2.5.8: each marker is a target of at least 24 by 24 CSS pixels, in tables too."""
    phone_page.goto(site_url + path)
    boxes = phone_page.eval_on_selector_all(
        "article a.footnote-ref",
        "links => links.map(a => { const r = a.getBoundingClientRect();"
        " return [r.width, r.height, !!a.closest('td')]; })",
    )
    assert boxes, path
    small = [box for box in boxes if box[0] < 24 or box[1] < 24]
    assert small == [], f"{path}: {len(small)} of {len(boxes)} markers are smaller than 24 by 24 px"
    if path == "trial/":
        assert any(in_table for _, _, in_table in boxes), "the timeline table's markers were not measured"


def test_the_passage_shows_on_hover_without_leaving_the_page(desktop_page: Page, site_url: str) -> None:
    desktop_page.goto(site_url + "results/")
    marker = desktop_page.locator("article a.footnote-ref").first
    target = marker.get_attribute("href") or ""
    expected = desktop_page.locator(f"div.footnote li[id='{target.lstrip('#')}']").inner_text()
    marker.hover()
    tip = desktop_page.locator(".md-tooltip2--active, .md-tooltip2").filter(has_text="“").first
    tip.wait_for(state="visible", timeout=10_000)
    quote = expected.split("“", 1)[1].split("”", 1)[0][:40]
    assert quote in tip.inner_text()
    assert desktop_page.url.endswith("results/")
