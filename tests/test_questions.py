"""The 'Questions people ask' page: each question is a heading, answered by cited facts, with a
link to the page that answers it in full. Rules, checked on the real built site; the search test
(each question finds its answering page) is in tests/test_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import Tag
from support import REAL_FACTS, SOURCES_PAGES, soup

ASKED = REAL_FACTS.get("asked", [])
MIN_QUESTIONS = 40  # issue 10: at least 40 questions a patient or family would ask


def answer_blocks(heading: Tag) -> list[Tag]:
    """The answer (a block of its own, left out of the search index) and the 'Read more' paragraph."""
    blocks = []
    for sibling in heading.find_next_siblings():
        if sibling.name in {"h1", "h2", "h3"}:
            break
        if sibling.name == "p" or "fs-answer" in sibling.get("class", []):
            blocks.append(sibling)
    return blocks


def test_there_are_enough_questions_and_each_has_its_own_id() -> None:
    assert len(ASKED) >= MIN_QUESTIONS
    assert len({item["id"] for item in ASKED}) == len(ASKED)


@pytest.mark.parametrize("item", ASKED, ids=[item["id"] for item in ASKED])
def test_each_question_is_a_heading_with_a_cited_answer_and_a_working_link(built_site: Path, item: dict) -> None:
    page = soup(built_site, "questions/index.html")
    headings = {" ".join(h.get_text(" ").split()).removesuffix(" ¶"): h for h in page.select("article h3")}
    heading = headings.get(item["question"])
    assert heading is not None, f"{item['id']}: no heading {item['question']!r}"
    answer, read_more = answer_blocks(heading)
    # One footnote per citation, at least one per answer sentence.
    assert len(answer.select("sup[id^='fnref']")) >= len(item["answer"]), item["id"]
    link = read_more.find("a", href=True)
    assert link is not None and "fs-framing" in read_more.get("class", []), item["id"]
    path, _, anchor = link["href"].partition("#")
    target = (built_site / "questions" / path).resolve() / "index.html"
    assert target.is_file(), f"{item['id']}: {link['href']} leads nowhere"
    if anchor:
        assert soup(built_site, str(target.relative_to(built_site))).find(id=anchor), f"{item['id']}: no #{anchor}"


def test_questions_are_grouped_under_headings_in_the_order_of_the_file(built_site: Path) -> None:
    page = soup(built_site, "questions/index.html")
    groups = [" ".join(h.get_text(" ").split()).removesuffix(" ¶") for h in page.select("article h2")]
    expected = list(dict.fromkeys(item["group"] for item in ASKED))
    assert groups[: len(expected)] == expected


def test_the_search_index_leaves_out_footnotes_and_the_trust_box(built_site: Path) -> None:
    """Otherwise the last section of every page holds all its footnotes and matches any query."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    article = soup(built_site, "questions/index.html").select_one("article")
    footnote_words = article.select_one("div.footnote li").get_text(" ", strip=True)[:40]
    trust_words = article.select_one(".admonition.info p:not(.admonition-title)").get_text(" ", strip=True)[:40]
    texts = [doc["text"] for doc in index["docs"]]
    assert footnote_words and not any(footnote_words in text for text in texts)
    assert trust_words and not any(trust_words in text for text in texts)


def test_the_search_index_keeps_questions_and_source_titles_but_not_text_repeated_from_other_pages(
    built_site: Path,
) -> None:
    """Answers and the Sources page's sentences repeat other pages: indexed, they outranked the page that
    answers in full and made the index, the first visit's biggest download, four times larger."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["title"] for doc in index["docs"]}

    def indexed(page: str) -> str:  # the answer's words are on the answering page too: look at one page's entries
        return " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith(page))

    questions = soup(built_site, "questions/index.html")
    assert all(item["question"] in titles for item in ASKED)
    answer_words = questions.select_one("article .fs-answer p").get_text(" ", strip=True)[:40]
    assert answer_words and answer_words not in indexed("questions/"), answer_words
    for page in SOURCES_PAGES:  # each Sources page alike
        sources, where = soup(built_site, page), page.removesuffix("index.html")
        supported_words = sources.select_one("article .fs-supports li").get_text(" ", strip=True)[:40]
        details_words = sources.select_one("article .fs-details li").get_text(" ", strip=True)[:40]
        for words in (supported_words, details_words):
            assert words and words not in indexed(where), f"{page}: {words}"
        first_source = sources.select_one("article .fs-bibliography h3").get_text(" ", strip=True).removesuffix(" ¶")
        assert first_source in titles, page
