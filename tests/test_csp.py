"""The built site under its Content-Security-Policy, in a real browser (Chromium via Playwright).

Every page (the 404 page too) loads with no policy violation and no script error, the hashes
hooks/csp_hashes.py put in each page's policy are those of the inline scripts Chromium itself
parsed, the policy really blocks an inline script, search still finds text, and the chosen colour
scheme (Material's inline palette script) persists across pages. tests/test_csp_hashes.py checks
the same policy in the built HTML without a browser. The server and browser fixtures are shared
(tests/browser_fixtures.py); /usr/bin/chromium is needed (.ci/run installs it when missing).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from support import EDITIONS, PAGES

# Collect violations from the moment a page starts, before any of its scripts run.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    e => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


# The text of each inline script Chromium parsed and would run (JSON data blocks are never run).
INLINE_SCRIPTS = """
() => [...document.querySelectorAll("script:not([src])")]
    .filter(s => ["", "text/javascript", "module"].includes((s.getAttribute("type") || "").trim().toLowerCase()))
    .map(s => s.text).filter(text => text !== "")
"""


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    page.errors: list[str] = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
    yield page
    context.close()


# Every page of both editions (issue 11: the Japanese pages run the same checks), and each 404 page.
EVERY_PAGE = [edition.prefix + path for edition in EDITIONS.values() for path in [*PAGES, "404.html"]]

# A phrase on a page of each edition that its search finds.
FOUND_BY_SEARCH = {"en": "press conference", "ja": "慶應義塾大学"}


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_every_page_loads_with_no_policy_violation_or_script_error(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path.removesuffix("index.html"), wait_until="load")
    page.wait_for_function("() => document.querySelector('[data-md-component=search-query]') !== null")
    page.wait_for_timeout(200)  # let Material's bundle finish starting
    assert page.evaluate("window.__violations") == []
    assert page.errors == []  # type: ignore[attr-defined]
    policy = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content") or ""
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # The hook read the page as Chromium does: its hashes are exactly those of the scripts Chromium parsed.
    (script_src,) = [d.split()[1:] for d in policy.split(";") if d.split()[:1] == ["script-src"]]
    assert set(script_src) - {"'self'"} == {sha256_source(text) for text in page.evaluate(INLINE_SCRIPTS)}


def test_the_policy_blocks_an_inline_script(page: Page, site_url: str) -> None:
    """If facts ever reached the page as a script, the browser would refuse to run it."""
    page.goto(site_url, wait_until="load")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__ran = true"; document.body.append(s); }"""
    )
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("window.__ran === undefined")
    assert page.evaluate("window.__violations") == ["script-src-elem inline"]


@pytest.mark.parametrize("lang, phrase", FOUND_BY_SEARCH.items(), ids=FOUND_BY_SEARCH.keys())
def test_search_finds_results_under_the_policy(page: Page, site_url: str, lang: str, phrase: str) -> None:
    page.goto(site_url + EDITIONS[lang].prefix, wait_until="load")
    query = page.locator("input[data-md-component='search-query']")
    query.click()
    query.press_sequentially(phrase)
    # Typing kanji inserts text without key events; Material searches on a key press.
    query.press("End")
    # Results come from the search worker, which the policy must allow; wait until they name the phrase.
    found = page.locator(".md-search-result__item", has_text=phrase)
    found.first.wait_for(timeout=30_000)
    assert found.count() >= 1
    assert page.evaluate("window.__violations") == []
    assert page.errors == [], page.errors  # type: ignore[attr-defined]


def _scheme(page: Page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def test_the_chosen_colour_scheme_persists_across_pages(browser: Browser, site_url: str) -> None:
    """Material's inline palette script (allowed by its hash) restores the reader's choice on the next page.

    The next pages load with Material's bundle blocked, so only that inline script can restore it.
    """
    context = browser.new_context(color_scheme="light")
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    bundle = "**/assets/javascripts/bundle.*.min.js"
    for path, toggle, scheme in [("", "__palette_1", "slate"), ("results/", "__palette_0", "default")]:
        page.unroute(bundle)
        page.goto(site_url + path, wait_until="load")
        page.locator(f"label[for='{toggle}']").click()
        page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
        page.route(bundle, lambda route: route.abort())
        page.goto(site_url + "trial/", wait_until="load")
        assert _scheme(page) == scheme, f"the choice of {scheme!r} was not restored"
        assert page.evaluate("window.__violations") == []
    context.close()
