"""What a reader sees in a real browser: search, phone layout, accessibility, privacy, print."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_fixtures import DESKTOP, PHONE
from playwright.sync_api import Browser, Page
from pypdf import PdfReader
from support import EDITIONS, REAL_FACTS, Edition
from support import PAGES as NAV

# Each page of mkdocs.yml's nav as a path below the site's address ("" is home), and its title.
PAGES = [page.removesuffix("index.html") for page in NAV]
TITLES = {page.removesuffix("index.html"): title for page, title in NAV.items() if page != "index.html"}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}

# What a worried reader types, and the pages that answer it: the questions the site is written to
# answer, so an edit that stops the right page coming up for one of them should fail.
SEARCHES = {
    "can he walk": {"results/"},
    "side effects": {"results/"},
    "tumour": {"results/", "caveats/"},
    "what is an iPS cell": {"ips-cells/", "glossary/"},
    "how many people": {"trial/"},
    "is it available": {""},
    "how long after injury": {"ips-cells/", "trial/"},
    "who can join": {"trial/"},
    "ASIA scale": {"results/", "glossary/"},
    "natural recovery": {"results/"},
    "peer review": {"results/", "glossary/"},
    "stem cell clinic": {"join-a-trial/", "caveats/"},
    "immune system": {"trial/", "caveats/"},
    "grade D": {"results/", "glossary/"},
    "is it a cure": {"claims/"},
    "brain": {"claims/"},
    "Keio University": {"trial/"},
    "do I have to pay": {"join-a-trial/"},
    "how do I find a trial": {"join-a-trial/"},
    "daily life": {"daily-life/"},
}


def page_path(url: str, site_url: str) -> str:
    return urlsplit(url).path.removeprefix(urlsplit(site_url).path)


def search(page: Page, site_url: str, query: str) -> list[str]:
    """Type a query into the search box as a reader would; return the result pages in order."""
    page.goto(site_url)
    page.keyboard.press("/")  # Material's shortcut; the same box a click or tap opens
    # The index loads in a worker; a query typed before it is ready is not run again.
    page.wait_for_selector(".md-search-result__meta:has-text('Type to start searching')")
    # Material searches on each key press; set all but the last letter at once so that only the
    # whole query runs (results for half a query could otherwise be read).
    page.locator("input.md-search__input").fill(query[:-1])
    page.keyboard.type(query[-1])
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    # One result item per page; its first link is the page itself, the others its sections.
    items = page.locator(".md-search-result__item")
    hrefs = items.evaluate_all("items => items.map(item => item.querySelector('a').href)")
    return [page_path(href, site_url) for href in hrefs]


@pytest.mark.parametrize("query, answers", SEARCHES.items(), ids=SEARCHES.keys())
def test_search_finds_the_answer_among_the_first_three_results(
    desktop_page: Page, site_url: str, query: str, answers: set[str]
) -> None:
    results = search(desktop_page, site_url, query)
    assert answers & set(results[:3]), f"{query!r} gave {results[:3]}"


# The questions people ask (facts.json 'asked'), each with the page that answers it in full.
ASKED = REAL_FACTS.get("asked", [])


@pytest.mark.parametrize("item", ASKED, ids=[item["id"] for item in ASKED])
def test_search_puts_the_page_that_answers_each_question_people_ask_in_the_first_three(
    desktop_page: Page, site_url: str, item: dict
) -> None:
    # The questions page matches every question word for word, so it takes one of the three places.
    answer = "" if item["page"] == "index" else f"{item['page']}/"
    results = search(desktop_page, site_url, item["question"])
    assert answer in results[:3], f"{item['question']!r} is answered by {answer or 'home'}, but gave {results[:3]}"


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_phone_with_no_errors_and_nothing_from_other_hosts(
    phone_page: Page, site_url: str, artifacts: Path, path: str
) -> None:
    errors: list[str] = []
    foreign: list[str] = []
    phone_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    phone_page.on("pageerror", lambda error: errors.append(str(error)))
    phone_page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).hostname != "127.0.0.1" else None)
    phone_page.goto(site_url + path, wait_until="networkidle")
    assert errors == []
    assert foreign == []
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path or 'home'} scrolls sideways by {overflow}px at {PHONE['width']}px"
    if path in ("", "results/"):
        # A record for a reviewer, at CSS size (a quarter of the pixels of the 2x phone): a long page
        # (the results page's drawings) took over 30 s at full resolution on a busy 2-core machine.
        shot = artifacts / f"{(path or 'home').strip('/')}-phone.png"
        phone_page.screenshot(path=shot, full_page=True, scale="css", timeout=120_000)


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=EDITIONS.keys())
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_accessibility_violations(
    browser: Browser, site_url: str, scheme: str, viewport: dict, edition: Edition
) -> None:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(site_url + edition.prefix + path)
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            found[edition.prefix + path or "home"] = [(v["id"], v["nodes"][0]["target"]) for v in violations]
    context.close()
    assert found == {}


def test_dark_mode_really_is_dark(browser: Browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_url)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    context.close()


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=EDITIONS.keys())
@pytest.mark.parametrize("path", ["", "results/", "sources/"])
def test_keyboard_alone_reaches_search_and_every_link(
    desktop_page: Page, site_url: str, path: str, edition: Edition
) -> None:
    desktop_page.goto(site_url + edition.prefix + path)
    # Every link a sighted mouse user could click.
    links = set(desktop_page.locator("a[href]:visible").evaluate_all("els => els.map(e => e.href)"))
    reached: set[str] = set()
    search_reached = False
    # Enough presses for every link element (one address can stand in many links) and the page's controls.
    for _ in range(desktop_page.locator("a[href]:visible").count() * 2 + 40):
        desktop_page.keyboard.press("Tab")
        focused = desktop_page.evaluate(
            "() => { const e = document.activeElement; return [e.tagName, e.href || '', e.className || ''] }"
        )
        reached.add(focused[1])
        search_reached |= "md-search__input" in str(focused[2])
        if links <= reached and search_reached:
            break
    assert search_reached, "Tab never reaches the search box"
    assert links - reached == set()


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=EDITIONS.keys())
@pytest.mark.parametrize("path", PAGES)
def test_every_page_prints_as_a_clean_handout(
    browser: Browser, site_url: str, artifacts: Path, path: str, edition: Edition
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + edition.prefix + path)
    has_footnotes = page.locator("div.footnote").count() > 0
    assert has_footnotes or path.startswith("sources") or path == "updates/", "a fact page without citations"
    page.emulate_media(media="print")
    # The header (with the search box), the menus and the contents list are not on paper.
    shown = page.locator(".md-header, .md-sidebar, .md-search").evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.className)"
    )
    assert shown == [], f"navigation is printed: {shown}"
    pdf = page.pdf(format="A4", print_background=False)
    name = (edition.prefix.replace("/", "-") + (path or "home")).strip("/")
    (artifacts / f"{name}.pdf").write_bytes(pdf)
    context.close()
    # NFKC: a PDF's Japanese text can come out as look-alike Kangxi radicals (⾒ for 見).
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    flat = re.sub(r"\s+", "", text)
    assert edition.toc not in flat and (edition.search or "\0") not in text, "navigation is printed"
    assert re.sub(r"\s+", "", edition.reviewed) in flat, "the review date is missing from the print"
    if has_footnotes:
        assert re.sub(r"\s+", "", edition.details) in flat, "footnotes are missing from the print"
    if path == "sources/":
        address = "https://" + urlsplit(REAL_FACTS["sources"][0]["url"]).netloc
        assert address in flat, "link addresses are not printed"


# A drawing (factsite/drawing.py); a page with none has nothing to check.
PICTURE = "svg.fs-picture__drawing"

# Each drawn word's box, in the drawing's own units, and the drawing's width (its viewBox).
OUTSIDE_THE_DRAWING = """
svg => { const box = svg.viewBox.baseVal;
         return [...svg.querySelectorAll("text")].map(t => [t.textContent, t.getBBox()])
             .filter(([, b]) => b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5)
             .map(([text, b]) => `${text} (${Math.round(b.x)} to ${Math.round(b.x + b.width)} of ${box.width})`) }
"""


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=EDITIONS.keys())
@pytest.mark.parametrize("path", PAGES)
def test_every_word_of_a_drawing_is_inside_it_on_a_phone(
    phone_page: Page, site_url: str, path: str, edition: Edition
) -> None:
    """A drawing clips what falls outside its frame: a label longer than drawn for (Japanese) would be cut."""
    phone_page.goto(site_url + edition.prefix + path)
    drawings = phone_page.locator(PICTURE)
    cut = [text for index in range(drawings.count()) for text in drawings.nth(index).evaluate(OUTSIDE_THE_DRAWING)]
    assert cut == [], f"/{edition.prefix}{path}: words cut off at the drawing's edge: {cut}"
    widths = drawings.evaluate_all("svgs => svgs.map(s => s.getBoundingClientRect().right)")
    assert all(right <= PHONE["width"] for right in widths), f"a drawing runs off the screen: {widths}"


@pytest.mark.parametrize("title, path", [(title, path) for path, title in TITLES.items()], ids=list(TITLES))
def test_every_page_can_be_reached_through_the_search_box(
    desktop_page: Page, site_url: str, title: str, path: str
) -> None:
    results = search(desktop_page, site_url, title)
    assert path in results[:3], f"{title!r} gave {results[:3]}"
    desktop_page.locator(".md-search-result__item").nth(results.index(path)).locator("a").first.click()
    desktop_page.wait_for_load_state()
    assert desktop_page.locator("article h1").inner_text().removesuffix("¶") == title


def test_every_dialog_has_a_name(desktop_page: Page, site_url: str) -> None:
    """A screen reader announces what opened (axe and Lighthouse: aria-dialog-name)."""
    desktop_page.goto(site_url)
    dialogs = desktop_page.locator("[role=dialog]")
    assert dialogs.count() >= 1  # the search box
    for index in range(dialogs.count()):
        dialog = dialogs.nth(index)
        assert (dialog.get_attribute("aria-label") or dialog.get_attribute("aria-labelledby") or "").strip()
