"""A site publishable at a real address: the address in one place (site_url in mkdocs.yml), and with
it canonical links, a sitemap, robots.txt, share cards and an Atom feed; a 404 page that helps; and
a GitHub Pages workflow that tests before it publishes."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from support import (
    FIXTURE_CONFIG,
    FIXTURE_FACTS,
    FIXTURE_SITE,
    FIXTURE_TODAY,
    REAL_FACTS,
    ROOT,
    add_japanese_edition,
    copy_fixture_config,
    nav_pages,
    once_per_run,
    publishable,
    read_json,
    run_main,
    write_json,
)

ADDRESS = "https://explainer.example.org/ips-trial/"
JAPANESE = re.compile(r"[\u3041-\u30ff\u4e00-\u9fff]")  # kana or kanji
# The messages about a missing address or missing people do not depend on the content: the small fixture site
# (its facts, templates and mkdocs.yml, which inherits the real one) shows them at a fraction of the real build time.
FIXTURE = ("--facts", FIXTURE_SITE / "facts.json", "--templates", FIXTURE_SITE / "templates", "--today", FIXTURE_TODAY)
FIXTURE_BUILD = (*FIXTURE, "--config", FIXTURE_CONFIG)
FIXTURE_PAGES = nav_pages(FIXTURE_CONFIG)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with its Japanese edition, built with an address by the publishing build.

    Once per run, even when the tests here run in several workers (support.once_per_run).
    """
    return once_per_run(tmp_path_factory, "published", publish_fixture_site) / "site"


# TEST DATA: Japanese for the fixture's change log, so its Japanese feed reads as Japanese (the
# generated TEST DATA Japanese keeps the English after a marker).
CHANGELOG_JA = {
    "changelog.2030-01-10.change": "テスト用のサイトをつくりました。",
    "changelog.2030-01-10.reason": "テストに、自分の内容があるようにするためです。",
    "changelog.2030-01-15.change": "意見が分かれる事実と、別の主張を足しました。",
    "changelog.2030-01-15.reason": "すべての種類の裏づけと判定を見せるためです。",
}


def publish_fixture_site(work: Path) -> None:
    shutil.copytree(FIXTURE_SITE, work, ignore=shutil.ignore_patterns("golden"), dirs_exist_ok=True)
    write_json(work / "facts.json", publishable(FIXTURE_FACTS))  # with TEST DATA people, licence and contact
    config = copy_fixture_config(work, f"site_url: {ADDRESS}\n")
    add_japanese_edition(work)  # every text translated as TEST DATA, as publishing requires
    store = read_json(work / "facts.ja.json")
    for key, japanese in CHANGELOG_JA.items():
        store["texts"][key]["ja"] = japanese
    write_json(work / "facts.ja.json", store)
    result = run_main(
        *("--facts", work / "facts.json", "--templates", work / "templates", "--config", config),
        *("--docs", work / "docs", "--site", work / "site", "--today", FIXTURE_TODAY, "--publish"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no warning: the address is set


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow  # a real MkDocs build
def test_without_an_address_a_site_build_warns_in_one_line_and_publishing_refuses(tmp_path: Path) -> None:
    built = run_main(*FIXTURE_BUILD, "--docs", tmp_path / "docs", "--site", tmp_path / "local")
    assert built.returncode == 0
    # Only this one about the address (facts.json's own warnings are tested below).
    assert [line for line in built.stderr.splitlines() if line.startswith("warning: mkdocs.yml")] == [
        "warning: mkdocs.yml: site_url: not set, so the site is built for reading on this computer only: no "
        "canonical links, no addresses in the sitemap, robots.txt or feed, no link in shared-link cards. "
        "Fix: set site_url in mkdocs.yml to the address where the site will be published"
    ]
    refused = run_main(
        *FIXTURE, "--config", FIXTURE_CONFIG, "--publish", "--site", tmp_path / "site", "--docs", tmp_path / "d2"
    )
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0] == (
        "mkdocs.yml: site_url: not set, and a published site needs its address (canonical links, sitemap, feed, "
        "share cards). Fix: set site_url in mkdocs.yml to the address where the site will be published"
    )
    assert not (tmp_path / "site").exists() and not (FIXTURE_SITE / "published.json").exists()


# What make publish needs before readers can check who stands behind the site (facts.json "trust").
GAPS = [
    "facts.json: site.report_error: 'mailto:corrections@ips-sci-trial.example' is a placeholder (a reserved domain "
    "no one can be reached at), so readers could not report a mistake. Fix: set it to the project's real mailto: "
    "address or https:// page for corrections",
    "facts.json: trust.editors: no editor is named, so readers cannot see who wrote the site. Fix: add each editor "
    'who agreed to be named: "name", "role", "qualification" and "reviewed" (the date they reviewed the site)',
    "facts.json: trust.licence: not set, so readers cannot tell whether they may copy or share the text. Fix: add "
    'the licence the owners chose: "licence": {"name": ..., "url": "https://..."}',
    "facts.json: trust.reviewers: no clinician reviewer is named, so readers cannot see that a doctor checked the "
    'site. Fix: add a doctor or other clinician who reviewed it, with "clinician": true: "name", "role", '
    '"qualification" and "reviewed" (the date they reviewed the site)',
]


def test_a_site_with_placeholders_builds_with_warnings_and_publishing_refuses_it(tmp_path: Path) -> None:
    data = publishable(read_json(FIXTURE_SITE / "facts.json"))
    data["site"]["report_error"] = "mailto:corrections@ips-sci-trial.example"
    data["trust"]["editors"] = []
    data["trust"]["reviewers"][0]["clinician"] = False  # a reviewer, but not a clinician
    del data["trust"]["licence"]
    facts = write_json(tmp_path / "facts.json", data)
    config = copy_fixture_config(tmp_path, f"site_url: {ADDRESS}\n")
    common = (*FIXTURE, "--facts", facts, "--config", config, "--docs", tmp_path / "docs")

    built = run_main(*common, "--site", tmp_path / "site")
    assert built.returncode == 0
    assert sorted(built.stderr.splitlines()) == sorted(f"warning: {line}" for line in GAPS)
    assert (tmp_path / "site" / "index.html").is_file()

    refused = run_main(*common, "--site", tmp_path / "published", "--publish")
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [*GAPS, "4 problem(s) found; docs/ and site/ were not changed."]
    assert not (tmp_path / "published").exists() and not (tmp_path / "published.json").exists()


def test_a_wrong_address_is_refused_with_its_place(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_url: example.org/explainer\n", encoding="utf-8")
    result = run_main(*FIXTURE, "--docs", tmp_path / "docs", "--config", config)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "mkdocs.yml: site_url: 'example.org/explainer' is not a web address. "
        "Fix: write the full address, such as https://example.org/explainer/"
    )


def english_pages(site: Path) -> list[Path]:
    """The English edition's pages: the Japanese edition (ja/) has its own address, sitemap and card."""
    return [p for p in site.rglob("index.html") if "ja" not in p.relative_to(site).parts]


def test_every_page_has_a_canonical_link_a_feed_link_and_a_share_card(published: Path) -> None:
    pages = sorted(p.relative_to(published).as_posix() for p in english_pages(published))
    assert pages == sorted(FIXTURE_PAGES)  # every page in the nav
    for page in pages:
        head = soup(published, page).head
        address = ADDRESS + page.removesuffix("index.html")
        assert head.find("link", rel="canonical")["href"] == address
        feed = head.find("link", rel="alternate", type="application/atom+xml")
        assert feed is not None and feed["href"].endswith("feed.xml")
        card = {m.get("property") or m.get("name"): m["content"] for m in head.find_all("meta", content=True)}
        assert card["og:url"] == address
        assert card["og:locale"] == "en"
        assert card["og:title"] and card["og:description"] and card["twitter:title"] == card["og:title"]
        assert card["twitter:card"] == "summary"
        assert card["og:description"] == card["description"]  # the page's own description, not a generic one


def test_the_home_page_card_says_what_the_site_is(built_site: Path) -> None:
    """The real site's card: its name and its description, not a page's (a rule, not a sentence)."""
    head = soup(built_site, "index.html").head
    card = {m.get("property") or m.get("name"): m["content"] for m in head.find_all("meta", content=True)}
    assert card["og:title"] == yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
    assert card["og:description"] == REAL_FACTS["site"]["description"]


def test_the_sitemap_lists_every_page_and_robots_txt_points_to_it(published: Path) -> None:
    sitemap = ET.parse(published / "sitemap.xml").getroot()
    listed = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {ADDRESS + p.relative_to(published).as_posix().removesuffix("index.html") for p in english_pages(published)}
    assert listed == pages
    # MkDocs writes no sitemap index: the Japanese edition's sitemap is found only through its own line.
    assert (published / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nAllow: /\nSitemap: {ADDRESS}sitemap.xml\nSitemap: {ADDRESS}ja/sitemap.xml\n"
    )
    japanese = ET.parse(published / "ja" / "sitemap.xml").getroot()
    listed_ja = {loc.text for loc in japanese.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert listed_ja == {ADDRESS + "ja/" + page.removeprefix(ADDRESS) for page in pages}


def test_the_feed_validates_and_has_stable_ids_and_dates_from_the_changelog(published: Path) -> None:
    feed = feedparser.parse((published / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == FIXTURE_FACTS["site"]["title"]
    assert feed.feed.link == ADDRESS + "updates/"
    # One entry per change-log entry, newest first; ids from the date and the entry's place that day.
    changelog = FIXTURE_FACTS["changelog"]
    expected = []
    for date in sorted({c["date"] for c in changelog}, reverse=True):
        count = sum(c["date"] == date for c in changelog)
        expected += [f"tag:explainer.example.org,{date}:/ips-trial/updates/{n}" for n in range(count, 0, -1)]
    assert [e.id for e in feed.entries] == expected
    assert {e.updated for e in feed.entries} == {f"{c['date']}T00:00:00Z" for c in changelog}


def reads_as_japanese(entry: Any) -> bool:
    """A feed entry in Japanese: a title is the change's first sentence, and no English sentence is left."""
    return (
        bool(JAPANESE.search(entry.title))
        and not re.search(r"[A-Za-z]{4,}\s+[a-z]{3,}\s+[a-z]{3,}", entry.summary)
        and entry.summary.startswith(entry.title)
        and entry.title[-1] in "。！？"
    )


def test_the_japanese_edition_has_its_own_feed_in_japanese_linked_from_its_pages(published: Path) -> None:
    feed = feedparser.parse((published / "ja" / "feed.xml").read_bytes())
    english = feedparser.parse((published / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == "ja" and english.feed.language == "en"
    assert feed.feed.link == ADDRESS + "ja/updates/"
    assert {e.link for e in feed.entries} == {ADDRESS + "ja/updates/"}
    # The same changes on the same days, each with an id of its own: a reader of both feeds sees no clash.
    assert [e.updated for e in feed.entries] == [e.updated for e in english.entries]
    assert [e.id for e in feed.entries] == [e.id.replace("/ips-trial/", "/ips-trial/ja/") for e in english.entries]
    assert not {e.id for e in feed.entries} & {e.id for e in english.entries}
    # Japanese texts (a publishing build refuses untranslated ones): a title is the change's first sentence.
    assert feed.entries and all(reads_as_japanese(entry) for entry in feed.entries)
    pages = sorted(p.relative_to(published).as_posix() for p in (published / "ja").rglob("index.html"))
    for page in pages:
        link = soup(published, page).head.find("link", rel="alternate", type="application/atom+xml")
        assert (
            link is not None
            and (published / page).parent.joinpath(link["href"]).resolve() == (published / "ja" / "feed.xml").resolve()
        ), page


def test_the_real_japanese_feed_reads_as_japanese(built_site: Path) -> None:
    feed = feedparser.parse((built_site / "ja" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(REAL_FACTS["changelog"])
    assert [entry.title for entry in feed.entries if not reads_as_japanese(entry)] == []


def test_the_feed_is_the_same_bytes_from_the_same_inputs(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, project, ignore=shutil.ignore_patterns("golden"))
    add_japanese_edition(project)  # each edition has its feed
    inputs = ("--facts", project / "facts.json", "--templates", project / "templates")
    first = run_main(*inputs, "--docs", tmp_path / "a", "--today", FIXTURE_TODAY)
    second = run_main(*inputs, "--docs", tmp_path / "b", "--today", "2030-06-01")  # another day: same feed
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    for feed in ("feed.xml", "ja/feed.xml"):  # each edition's
        assert (tmp_path / "a" / feed).read_bytes() == (tmp_path / "b" / feed).read_bytes(), feed


def test_the_404_page_helps_a_lost_reader(published: Path) -> None:
    page = soup(published, "404.html")
    article = page.select_one("article")
    assert "Sorry, this page is not here" in article.get_text()
    # Absolute paths from site_url: this page is served at any wrong address. ("x/." is "x/".)
    links = [(a["href"].removesuffix("."), a.get_text(strip=True)) for a in article.find_all("a")]
    every_page = [("/ips-trial/" + page.removesuffix("index.html"), title) for page, title in FIXTURE_PAGES.items()]
    assert links == [("/ips-trial/", "Go to the home page"), *every_page]
    assert "search box" in article.get_text()
    policy = page.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert page.head.find("meta") is policy  # first in <head>, as on every page
    assert "'unsafe-inline'" not in policy["content"]
    inline = [s for s in page.find_all("script") if not s.get("src") and s.get("type") != "application/ld+json"]
    assert all("'sha256-" in policy["content"] for _ in inline)  # Material's own, by hash (hooks/csp_hashes.py)


def test_the_github_pages_workflow_tests_then_publishes_then_deploys() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on") or workflow.get(True)  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    assert uses[0] == "actions/checkout"
    assert any("apt-get install" in r and "chromium" in r for r in runs)
    test_step = next(i for i, r in enumerate(runs) if r.strip() == "make test")
    publish_step = next(i for i, r in enumerate(runs) if r.strip() == "make publish")
    upload_step = uses.index("actions/upload-pages-artifact")
    assert test_step < publish_step < upload_step
    assert build["steps"][upload_step]["with"]["path"] == "site/"
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"
