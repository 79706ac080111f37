"""The Japanese edition in a real browser: Japanese search, the language switch, the phone layout."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_fixtures import PHONE
from playwright.sync_api import Page
from support import PAGES as NAV

JA = "ja/"
PAGES = [page.removesuffix("index.html") for page in NAV]

# What a Japanese patient or family types, and the Japanese pages that answer it (issue 11).
# Material splits Japanese into words with TinySegmenter, in the browser, offline.
SEARCHES = {
    "歩けるようになる": {"results/", "claims/"},
    "副作用": {"results/", "glossary/"},
    "治験に参加できる": {"join-a-trial/"},
    "費用": {"join-a-trial/"},
    "何年も前のけが": {"caveats/"},
    "腫瘍": {"results/", "caveats/"},
    "人工多能性幹細胞": {"glossary/", "ips-cells/"},
    "何人が参加": {"trial/"},
    "いつ細胞を入れた": {"ips-cells/", "trial/"},
    "だれが参加できた": {"trial/"},
    "ASIA": {"results/", "glossary/"},
    "自然に回復": {"results/"},
    "査読": {"results/", "glossary/"},
    "幹細胞のクリニック": {"join-a-trial/", "caveats/"},
    "免疫抑制剤": {"trial/", "caveats/", "glossary/"},
    "慶應義塾大学": {"trial/"},
    "脳": {"claims/"},
}


def ja_path(url: str, site_url: str) -> str:
    return urlsplit(url).path.removeprefix(urlsplit(site_url + JA).path)


def search_ja(page: Page, site_url: str, query: str) -> list[str]:
    """Type a query into the Japanese site's search box; return the result pages (below ja/) in order."""
    page.goto(site_url + JA)
    page.keyboard.press("/")
    page.wait_for_selector(".md-search-result__meta:has-text('検索キーワードを入力してください')")
    page.locator("input.md-search__input").fill(query[:-1])
    page.keyboard.type(query[-1])
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    items = page.locator(".md-search-result__item")
    hrefs = items.evaluate_all("items => items.map(item => item.querySelector('a').href)")
    return [ja_path(href, site_url) for href in hrefs]


@pytest.mark.parametrize("query, answers", SEARCHES.items(), ids=SEARCHES.keys())
def test_japanese_search_finds_the_answer_among_the_first_three_results(
    desktop_page: Page, site_url: str, query: str, answers: set[str]
) -> None:
    results = search_ja(desktop_page, site_url, query)
    assert answers & set(results[:3]), f"{query!r} gave {results[:3]}"


@pytest.mark.parametrize("path", ["", "results/"])
def test_the_language_switch_goes_to_the_same_page_and_back(desktop_page: Page, site_url: str, path: str) -> None:
    desktop_page.goto(site_url + path)
    desktop_page.locator("a.md-select__link[hreflang=ja]").click(force=True)  # the menu opens on hover
    desktop_page.wait_for_url(site_url + JA + path)
    assert desktop_page.locator("html").get_attribute("lang") == "ja"
    desktop_page.locator("a.md-select__link[hreflang=en]").click(force=True)
    desktop_page.wait_for_url(site_url + path)
    assert desktop_page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("path", PAGES)
def test_japanese_page_fits_a_phone_with_no_errors_and_nothing_from_other_hosts(
    phone_page: Page, site_url: str, path: str
) -> None:
    errors: list[str] = []
    foreign: list[str] = []
    phone_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    phone_page.on("pageerror", lambda error: errors.append(str(error)))
    phone_page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).hostname != "127.0.0.1" else None)
    phone_page.goto(site_url + JA + path, wait_until="networkidle")
    assert errors == []
    assert foreign == []
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"/ja/{path} scrolls sideways by {overflow}px at {PHONE['width']}px"
