"""The Japanese edition in a real browser: Japanese search, the language switch, the phone layout."""

from __future__ import annotations

from pathlib import Path
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
    "副作用": {"results/", "glossary/"},
    "費用": {"join-a-trial/"},
    "腫瘍": {"results/", "caveats/"},
    "人工多能性幹細胞": {"glossary/", "ips-cells/"},
    "ASIA": {"results/", "glossary/"},
    "査読": {"results/", "glossary/"},
    "免疫抑制剤": {"trial/", "caveats/", "glossary/"},
    "慶應義塾大学": {"trial/"},
    "脳": {"claims/"},
}
# Questions typed as a phrase find nothing yet: every word of the query must match, and the
# particles (が, に, の, を) split out of it do not. Strict: the day they work, move them up.
PHRASES = {
    "歩けるようになる": {"results/", "claims/"},
    "治験に参加できる": {"join-a-trial/"},
    "何年も前のけが": {"caveats/"},
    "何人が参加": {"trial/"},
    "いつ細胞を入れた": {"ips-cells/", "trial/"},
    "だれが参加できた": {"trial/"},
    "自然に回復": {"results/"},
    "幹細胞のクリニック": {"join-a-trial/", "caveats/"},
}


def ja_path(url: str, site_url: str) -> str:
    return urlsplit(url).path.removeprefix(urlsplit(site_url + JA).path)


def search_ja(page: Page, site_url: str, query: str) -> list[str]:
    """Type a query into the Japanese site's search box; return the result pages (below ja/) in order."""
    page.goto(site_url + JA)
    page.keyboard.press("/")
    page.wait_for_selector(".md-search-result__meta:has-text('検索キーワードを入力してください')")
    # Typing kanji inserts text without key events; Material searches on a key press, so press End.
    page.locator("input.md-search__input").fill(query)
    page.keyboard.press("End")
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


def choose(page: Page, lang: str) -> None:
    """Open the language menu (it opens on hover) and choose a language, as a reader would."""
    page.hover(".md-header__option .md-select")
    page.locator(f"a.md-select__link[hreflang={lang}]").click()


@pytest.mark.xfail(strict=True, reason="a Japanese phrase with particles finds nothing (see PHRASES)")
@pytest.mark.parametrize("query, answers", PHRASES.items(), ids=PHRASES.keys())
def test_japanese_search_finds_the_answer_to_a_phrase(
    desktop_page: Page, site_url: str, query: str, answers: set[str]
) -> None:
    results = search_ja(desktop_page, site_url, query)
    assert answers & set(results[:3]), f"{query!r} gave {results[:3]}"


@pytest.mark.parametrize("path", ["", "results/"])
def test_the_language_switch_goes_to_the_same_page_and_back(desktop_page: Page, site_url: str, path: str) -> None:
    desktop_page.goto(site_url + path)
    choose(desktop_page, "ja")
    desktop_page.wait_for_url(site_url + JA + path)
    assert desktop_page.locator("html").get_attribute("lang") == "ja"
    choose(desktop_page, "en")
    desktop_page.wait_for_url(site_url + path)
    assert desktop_page.locator("html").get_attribute("lang") == "en"


# Pages whose phone layout a reviewer looks at, in light and dark (the pictures and the long tables).
SHOTS = ("results/", "daily-life/")


@pytest.mark.parametrize("path", PAGES)
def test_japanese_page_fits_a_phone_with_no_errors_and_nothing_from_other_hosts(
    phone_page: Page, site_url: str, artifacts: Path, path: str
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
    for scheme in ("light", "dark") if path in SHOTS else ():
        # A fresh phone whose system setting is light or dark: Material follows it on the first page.
        context = phone_page.context.browser.new_context(  # type: ignore[union-attr]
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, color_scheme=scheme
        )
        page = context.new_page()
        page.goto(site_url + JA + path, wait_until="networkidle")
        shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == {"light": "default", "dark": "slate"}[scheme]
        shot = artifacts / f"ja-{path.strip('/')}-phone-{scheme}.png"
        page.screenshot(path=shot, full_page=True, scale="css", timeout=120_000)
        context.close()
