"""Page weight: what Chromium downloads on a first visit (empty cache), gzip-compressed, by type.

Then, on the same page, what opening search adds: the reader taps the search icon, and the page
fetches the search index, the search worker and (Japanese pages) the lunr language files, which
overrides/assets/javascripts/search_on_demand.js holds back until then.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.serve import Sent, SiteServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

# What opening search downloads: the index, the search worker, the lunr language files it loads.
SEARCH_FILES = re.compile(r"/search/search_index\.json$|/assets/javascripts/(workers/search\.|lunr/)")
TYPES = ("HTML", "CSS", "JS", "search index (JSON)", "images", "fonts", "other")


def kind(entry: Sent) -> str:
    mime = entry.content_type
    if mime == "text/html":
        return "HTML"
    if mime == "text/css":
        return "CSS"
    if "javascript" in mime:
        return "JS"
    if mime == "application/json":
        return "search index (JSON)"
    if mime.startswith("image/"):
        return "images"
    if mime.startswith("font/") or entry.path.endswith((".woff", ".woff2", ".ttf")):
        return "fonts"
    return "other"


@dataclass(frozen=True)
class Weight:
    page: str
    by_type: dict[str, int]  # bytes sent, gzip-compressed where the server compresses
    requests: int
    files: list[Sent]  # every response, for saying where the bytes go
    other_hosts: list[str]  # requests the page tried to make to any other host
    search_files: list[Sent]  # what opening search then downloaded

    @property
    def total(self) -> int:
        return sum(self.by_type.values())

    @property
    def search(self) -> int:
        return sum(entry.body_bytes for entry in self.search_files)


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, both editions ("/", "/results/", "/ja/", ...), sorted."""
    found = []
    for index in sorted(site.rglob("index.html")):
        folder = index.parent.relative_to(site).as_posix()
        if not {"assets", "search"} & set(index.parent.relative_to(site).parts):
            found.append("/" if folder == "." else f"/{folder}/")
    return sorted(found)


def measure(server: SiteServer, pages: list[str], settle_ms: int = 1500) -> list[Weight]:
    from playwright.sync_api import sync_playwright  # installed by `make bench` only

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for page_path in pages:
                results.append(_visit(browser, server, page_path, settle_ms))
        finally:
            browser.close()
    return results


def _visit(browser: Browser, server: SiteServer, page_path: str, settle_ms: int) -> Weight:
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    elsewhere: list[str] = []

    def route(request_route: Route) -> None:
        url = request_route.request.url
        if urlsplit(url).hostname not in {"127.0.0.1", None} and not url.startswith("data:"):
            elsewhere.append(url)
            request_route.abort()
        else:
            request_route.continue_()

    context.route("**/*", route)
    server.log.take()
    page = context.new_page()
    page.goto(server.url + page_path, wait_until="networkidle")
    page.wait_for_timeout(settle_ms)  # late requests, if any script starts one after load
    _open_search(page, settle_ms)
    context.close()
    # By file, not by time: on a busy machine a late favicon may arrive after search was opened.
    everything = server.log.take()
    searched = [entry for entry in everything if SEARCH_FILES.search(entry.path.split("?")[0])]
    sent = [entry for entry in everything if entry not in searched]
    totals: Counter[str] = Counter()
    for entry in sent:
        totals[kind(entry)] += entry.body_bytes
    return Weight(page_path, {t: totals.get(t, 0) for t in TYPES}, len(sent), sent, elsewhere, searched)


def _open_search(page: Page, settle_ms: int) -> None:
    """Tap the search icon (a phone's header) and wait until Material says search is ready."""
    meta = "document.querySelector('.md-search-result__meta').textContent"
    before = page.evaluate(meta)  # "Initializing search" until the worker has the index
    page.locator("label.md-header__button[for=__search]").tap()
    page.wait_for_function(f"before => {meta} !== before", arg=before)
    page.wait_for_timeout(settle_ms)


def kb(n: int) -> str:
    return f"{n / 1000:.1f} KB"
