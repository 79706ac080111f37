"""The Japanese edition on the fixture site: translations are tracked against the English they
were made from, missing and stale ones are reported and block a publishing build, and the
Japanese pages are built under ja/ with a language switch to the same page in English."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from support import (
    FIXTURE_SITE,
    JA_SENTENCE,
    JA_TEST_PREFIX,
    ROOT,
    add_japanese_edition,
    copy_fixture_config,
    english_hash,
    fixture_with_japanese,
    read_json,
    run_main,
    soup,
    statement_of,
    write_json,
)
from support import FIXTURE_TODAY as TODAY  # inside the fixture's review interval: only translation findings


def change_statement(facts: Path, fact_id: str, new: str) -> None:
    data = read_json(facts)
    next(f for f in data["facts"] if f["id"] == fact_id)["statement"] = new
    write_json(facts, data)


def check(facts: Path, *extra: str) -> Any:
    return run_main("--facts", facts, "--templates", facts.parent / "templates", "--check", "--today", TODAY, *extra)


def test_every_build_reports_the_texts_still_to_translate(tmp_path: Path) -> None:
    facts = fixture_with_japanese(tmp_path)
    run = check(facts)
    assert run.returncode == 0, run.stderr
    assert "facts.ja.json" in run.stderr and "no current Japanese version" in run.stderr
    assert "make translations" in run.stderr


def test_the_list_shows_missing_texts_with_their_english_and_not_current_ones(tmp_path: Path) -> None:
    facts = fixture_with_japanese(tmp_path)
    run = run_main("--facts", facts, "--translations")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    title = read_json(facts)["site"]["title"]
    assert f"missing\tsite.title\tfrom={english_hash(title)}\t{title}" in lines
    assert not any("facts.participants.statement" in line for line in lines)


def test_changing_the_english_makes_its_japanese_stale_and_publishing_refuses(tmp_path: Path) -> None:
    facts = fixture_with_japanese(tmp_path)
    change_statement(facts, "participants", "{participants} adults took part in the Example trial.")
    listed = run_main("--facts", facts, "--translations")
    assert any(line.startswith("stale\tfacts.participants.statement\t") for line in listed.stdout.splitlines())
    strict = check(facts, "--strict")
    assert strict.returncode == 1
    stale = [line for line in strict.stderr.splitlines() if "facts.participants.statement" in line]
    assert len(stale) == 1 and "changed since it was translated" in stale[0]


def test_a_translation_of_a_text_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    facts = fixture_with_japanese(tmp_path, {"facts.no-such-fact.statement": {"ja": "存在しない。", "from": "0" * 12}})
    run = check(facts)
    assert run.returncode == 1
    assert "facts.ja.json: texts.facts.no-such-fact.statement: no English text has this path" in run.stderr


@pytest.mark.parametrize(
    "japanese",
    ["Exampleの研究には、5人が参加しました。", "Exampleの研究には、何人かが参加しました。"],
    ids=["typed figure", "placeholder dropped"],
)
def test_a_translation_cannot_change_a_figure(tmp_path: Path, japanese: str) -> None:
    statement = statement_of(FIXTURE_SITE / "facts.json", "participants")
    texts = {"facts.participants.statement": {"ja": japanese, "from": english_hash(statement)}}
    run = check(fixture_with_japanese(tmp_path, texts))
    assert run.returncode == 1
    assert "texts.facts.participants.statement" in run.stderr


def test_japanese_pages_are_built_under_ja_with_a_switch_to_the_same_page(tmp_path: Path) -> None:
    facts = fixture_with_japanese(tmp_path)
    site = tmp_path / "site"
    config = copy_fixture_config(tmp_path, "site_url: https://example.org/x/\n")
    run = run_main(
        "--facts", facts, "--templates", tmp_path / "templates", "--docs", tmp_path / "docs", "--site", site,
        "--today", TODAY, "--config", config,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    home = soup(site, "ja/index.html")
    assert home.html is not None and home.html["lang"] == "ja"
    participants = read_json(facts)["facts"][0]["value"]
    assert JA_SENTENCE.replace("{participants}", f"{participants:g}") in home.get_text()
    untranslated = home.select("span[lang=en]")
    assert untranslated and all("未翻訳" in span.find_previous_sibling("span").get_text() for span in untranslated)
    switch = {a["hreflang"]: a["href"] for a in soup(site, "results/index.html").select("a.md-select__link")}
    assert (site / "results" / switch["ja"] / "index.html").resolve() == (site / "ja/results/index.html").resolve()
    back = {a["hreflang"]: a["href"] for a in soup(site, "ja/results/index.html").select("a.md-select__link")}
    assert (site / "ja/results" / back["en"] / "index.html").resolve() == (site / "results/index.html").resolve()
    # hreflang: page by page in each edition's sitemap (a <head> link makes Material fetch a missing sitemap).
    assert not soup(site, "ja/results/index.html").select("link[rel=alternate][hreflang]")
    sitemap = (site / "ja" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/x/ja/results/</loc>" in sitemap
    assert 'hreflang="en" href="https://example.org/x/results/"' in sitemap
    assert 'hreflang="ja" href="https://example.org/x/ja/results/"' in (site / "sitemap.xml").read_text(
        encoding="utf-8"
    )


JA_SOURCE = {
    "id": "example-ja-news",
    "title": "Example試験の結果",
    "publisher": "例の新聞",
    "url": "https://example.org/ja/news",
    "published": "2029-06-01",
    "accessed": "2030-01",
    "kind": "news-report",
    "strength": "secondary",
    "language": "ja",
    "read": "excerpt",
}
JA_CITATION = {
    "source": "example-ja-news",
    "where": "第1段落",
    "quote": "例の研究には患者が参加した。",
    "quote_en": "Patients took part.",
}


def test_japanese_sources_are_cited_on_japanese_pages_only(tmp_path: Path) -> None:
    facts = fixture_with_japanese(tmp_path)
    store = read_json(tmp_path / "facts.ja.json")
    store["texts"]["facts.participants.statement"]["citations"] = [JA_CITATION]
    write_json(tmp_path / "facts.ja.json", {**store, "sources": [JA_SOURCE]})
    docs = tmp_path / "docs"
    run = run_main("--facts", facts, "--templates", tmp_path / "templates", "--docs", docs, "--today", TODAY)
    assert run.returncode == 0, run.stderr
    assert JA_CITATION["quote"] in (docs / "ja" / "index.md").read_text(encoding="utf-8")
    assert JA_CITATION["quote_en"] not in (docs / "ja" / "index.md").read_text(encoding="utf-8")  # shown as it is
    assert not any(JA_CITATION["quote"] in page.read_text(encoding="utf-8") for page in docs.glob("*.md"))


def test_a_japanese_citation_passes_the_checks_english_ones_pass(tmp_path: Path) -> None:
    facts = fixture_with_japanese(tmp_path)
    store = read_json(tmp_path / "facts.ja.json")
    store["texts"]["facts.participants.statement"]["citations"] = [{**JA_CITATION, "source": "no-such-source"}]
    write_json(tmp_path / "facts.ja.json", {**store, "sources": [JA_SOURCE]})
    run = check(facts)
    assert run.returncode == 1
    assert "facts.ja.json: texts.facts.participants.statement.citations[0].source" in run.stderr


def publishable_fixture(where: Path) -> Path:
    """A copy of the fixture site with a complete (TEST DATA) Japanese edition and an address."""
    shutil.copytree(FIXTURE_SITE / "templates", where / "templates")
    write_json(where / "facts.json", read_json(FIXTURE_SITE / "facts.json"))
    copy_fixture_config(where, "site_url: https://example.org/x/\n")
    add_japanese_edition(where)
    return where / "facts.json"


def make(facts: Path, *extra: str) -> Any:
    where = facts.parent
    common = ("--facts", facts, "--templates", where / "templates", "--config", where / "mkdocs.yml")
    return run_main(*common, "--docs", where / "docs", "--today", TODAY, *extra)


@pytest.mark.slow  # a real MkDocs build of both editions
def test_make_diff_lists_the_changes_of_japanese_pages_under_their_own_heading(tmp_path: Path) -> None:
    facts = publishable_fixture(tmp_path)
    first = make(facts, "--diff")
    assert first.returncode == 1 and "pages and 6 Japanese pages would be new" in first.stdout
    published = make(facts, "--site", tmp_path / "site", "--publish")
    assert published.returncode == 0, published.stderr
    assert make(facts, "--diff").stdout.startswith("No changes")

    # A Japanese wording fix: listed on the Japanese pages only, and no changelog entry is asked for.
    store = read_json(tmp_path / "facts.ja.json")
    before = store["texts"]["facts.participants.statement"]["ja"]
    after = before.replace(JA_TEST_PREFIX, "テスト（言い直し）：")
    store["texts"]["facts.participants.statement"]["ja"] = after
    write_json(tmp_path / "facts.ja.json", store)
    run = make(facts, "--diff")
    assert run.returncode == 1
    english, japanese = run.stdout.split("Japanese pages (ja/):")
    assert english.startswith("English pages: no changes.")
    participants = f"{read_json(facts)['facts'][0]['value']:g}"
    assert f"ja/index.md (Home):\n  changed: {before.replace('{participants}', participants)}\n" in japanese
    assert f"\n       to: {after.replace('{participants}', participants)}\n" in japanese
    assert "Only Japanese pages changed" in run.stdout and "warning" not in run.stdout
    assert make(facts, "--site", tmp_path / "site", "--publish").returncode == 0

    # A picture's description (what a screen reader says for the drawing) shows nowhere else: listed too.
    data = read_json(facts)
    picture = next(p for p in data["pictures"] if p["id"] == "how-it-works")
    said = picture["description"]
    picture["description"] = said.replace("Four steps", "Four short steps")
    write_json(facts, data)
    run = make(facts, "--diff")
    english, japanese = run.stdout.split("Japanese pages (ja/):")
    assert f"index.md (Home):\n  changed: picture: {split_first(said)}\n" in english
    assert f"\n       to: picture: {split_first(picture['description'])}\n" in english
    assert "ja/index.md (Home):\n  changed: picture: " in japanese  # its Japanese is stale: the English shows
    picture["description"] = said
    write_json(facts, data)

    # A published.json from before the Japanese edition was recorded is still read.
    record = read_json(tmp_path / "published.json")
    write_json(tmp_path / "published.json", {k: v for k, v in record.items() if k != "ja"})
    old = make(facts, "--diff")
    assert old.returncode == 1, old.stderr
    assert old.stdout.startswith("English pages: no changes.")
    assert "no Japanese pages were recorded at the last publish" in old.stdout
    # A damaged Japanese part is refused in one line, with the fix.
    write_json(tmp_path / "published.json", {**record, "ja": []})
    damaged = make(facts, "--diff")
    assert damaged.returncode == 1
    assert damaged.stderr.splitlines()[0].startswith("published.json: ")
    assert "git checkout published.json" in damaged.stderr


def split_first(text: str) -> str:
    """The first sentence of an English text."""
    return text.split(". ")[0].removesuffix(".") + "."


@pytest.mark.parametrize(("config", "title"), [("mkdocs.yml", "en"), ("mkdocs.ja.yml", "ja")])
def test_each_edition_shows_the_title_its_facts_give_it(config: str, title: str) -> None:
    """The header and browser tab show MkDocs' site_name; the feed, JSON-LD and share cards show the
    facts' site title. A reader must see one name for the site in each language."""
    site_name = re.search(r"^site_name:[ \t]*(.+?)[ \t]*$", (ROOT / config).read_text(encoding="utf-8"), re.M)
    facts = read_json(ROOT / "facts.json")["site"]["title"]
    wanted = facts if title == "en" else read_json(ROOT / "facts.ja.json")["texts"]["site.title"]["ja"]
    assert site_name is not None and site_name.group(1) == wanted, f"{config}: site_name differs from the facts' title"
