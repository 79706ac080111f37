"""The built site under its Content-Security-Policy, in a real browser (Chromium via Playwright).

Every page loads with no policy violation and no script error, the policy really blocks an
inline script, and search still finds text. The server and browser fixtures are shared
(tests/browser_fixtures.py); /usr/bin/chromium is needed (.ci/run installs it when missing).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from support import PAGES

# Collect violations from the moment a page starts, before any of its scripts run.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    e => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


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


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_with_no_policy_violation_or_script_error(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path.removesuffix("index.html"), wait_until="load")
    page.wait_for_function("() => document.querySelector('[data-md-component=search-query]') !== null")
    page.wait_for_timeout(200)  # let Material's bundle finish starting
    assert page.evaluate("window.__violations") == []
    assert page.errors == []  # type: ignore[attr-defined]
    policy = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content") or ""
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


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


def test_search_finds_results_under_the_policy(page: Page, site_url: str) -> None:
    page.goto(site_url, wait_until="load")
    query = page.locator("input[data-md-component='search-query']")
    query.click()
    query.press_sequentially("press conference")
    # Results come from the search worker, which the policy must allow; wait until they name the phrase.
    found = page.locator(".md-search-result__item", has_text="press conference")
    found.first.wait_for(timeout=30_000)
    assert found.count() >= 1
    assert page.evaluate("window.__violations") == []
    assert page.errors == [], page.errors  # type: ignore[attr-defined]
