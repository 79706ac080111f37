"""Search loads on demand: a first visit downloads no search index and no search worker.

overrides/assets/javascripts/search_on_demand.js holds back two things Material's bundle starts
at load (the index request and the search worker) until the reader opens search. It relies on how
the installed Material does both; the first test reads the bundle and fails, with what changed,
the day a Material upgrade does them differently, so the script cannot go stale silently. The
browser tests check what a reader gets, in both editions: nothing of search on the first visit,
and results once the search box is opened by keyboard (desktop) or by the search icon (phone).
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from playwright.sync_api import Page, Request
from support import EDITIONS, ROOT

MATERIAL = Path(material.__file__).parent / "templates"
SCRIPT = ROOT / "overrides" / "assets" / "javascripts" / "search_on_demand.js"
# What opening search downloads: the index, the worker, and the language files the worker loads.
SEARCH_FILES = re.compile(r"/search/search_index\.json$|/assets/javascripts/(workers/search\.|lunr/)")


def bundle() -> str:
    """The bundle Material's base.html loads, as installed."""
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    match = re.search(r"'(assets/javascripts/bundle\.[0-9a-f]+\.min\.js)'", base)
    assert match, "Material's base.html no longer loads assets/javascripts/bundle.*.min.js"
    return (MATERIAL / match[1]).read_text(encoding="utf-8")


def drift(code: str) -> list[str]:
    """What the bundle does differently from what search_on_demand.js relies on (nothing: [])."""
    problems = []
    # The index: fetched once from search/search_index.json below the site's base (the script
    # compares that exact URL), read as text by a helper that sends XMLHttpRequest open("GET", url).
    if not re.search(r'new URL\("search/search_index\.json",\w+\.base\)', code):
        problems.append("the index URL is no longer search/search_index.json below the site's base")
    get_json = re.search(r"function (\w+)\(\w+,\w+\)\{return (\w+)\(\w+,\w+\)\.pipe\(\w+\(\w+=>\w+\.text\(\)\)", code)
    request = get_json and re.search(
        rf"function {get_json[2]}\(\w+,\w+\)\{{return new \w+\(\w+=>\{{"
        r'let (\w+)=new XMLHttpRequest;return \1\.open\("GET",',
        code,
    )
    if not (get_json and request and f'{get_json[1]}(new URL("search/search_index.json"' in code):
        problems.append("the index is no longer fetched with XMLHttpRequest open('GET', ...) then send()")
    if "fetch(" in code:
        problems.append("the bundle now calls fetch(): the script holds XMLHttpRequest only")
    # The worker: one, made with new Worker(config.search); its first message is the index (type 0,
    # sent once the index has arrived), so the stand-in can start the real worker on that message.
    if len(re.findall(r"new Worker\(", code)) != 1:
        problems.append("the bundle makes more or fewer workers than the one search worker")
    if not re.search(r"\(\{config:\w+,docs:\w+\}\)=>\w+\.next\(\{type:0,data:", code):
        problems.append("the index is no longer the first message sent to the worker")
    return problems


def test_material_still_loads_search_the_way_the_script_holds_it() -> None:
    assert drift(bundle()) == []
    assert '"search": "assets/javascripts/workers/search.' in (MATERIAL / "base.html").read_text(encoding="utf-8")


def test_the_drift_check_itself_sees_a_change() -> None:
    code = bundle()
    assert drift(code.replace("new XMLHttpRequest", "new XMLHttpRequest2", 1)) != []
    assert drift(code + ";fetch(new URL('search/search_index.json'))") != []
    assert drift(code.replace("{type:0,data:", "{type:9,data:", 1)) != []


def test_the_script_says_why_it_exists_and_what_it_relies_on() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert "XMLHttpRequest" in text and "new Worker" in text and "tests/test_search_on_demand.py" in text


def _requests(page: Page) -> list[str]:
    seen: list[str] = []

    def note(request: Request) -> None:
        seen.append(request.url)

    page.on("request", note)
    page.context.on("request", note)  # a worker's own requests (the lunr files) too
    return seen


def _title_word(page: Page) -> str:
    """A word a reader would type: the first word of the page's own heading."""
    heading = page.locator("article h1").first.inner_text()
    return re.split(r"[\s、。？?：:]+", heading.strip())[0][:4]


@pytest.mark.parametrize("edition", EDITIONS)
def test_first_visit_downloads_no_search_and_the_keyboard_opens_it(
    desktop_page: Page, site_url: str, edition: str
) -> None:
    seen = _requests(desktop_page)
    desktop_page.goto(site_url + EDITIONS[edition].prefix + "trial/", wait_until="networkidle")
    desktop_page.wait_for_timeout(1000)
    assert [url for url in seen if SEARCH_FILES.search(url)] == []
    word = _title_word(desktop_page)
    desktop_page.keyboard.press("/")
    desktop_page.keyboard.type(word)
    desktop_page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert any(url.endswith("/search/search_index.json") for url in seen)
    if edition == "ja":  # the worker loads Japanese word splitting with the index, and only then
        assert any("/lunr/tinyseg.js" in url for url in seen)


@pytest.mark.parametrize("edition", EDITIONS)
def test_on_a_phone_the_search_icon_opens_search_with_results(phone_page: Page, site_url: str, edition: str) -> None:
    seen = _requests(phone_page)
    phone_page.goto(site_url + EDITIONS[edition].prefix + "trial/", wait_until="networkidle")
    phone_page.wait_for_timeout(1000)
    assert [url for url in seen if SEARCH_FILES.search(url)] == []
    word = _title_word(phone_page)
    phone_page.locator("label.md-header__button[for=__search]").tap()
    phone_page.locator("input.md-search__input").fill(word)
    phone_page.keyboard.press("End")  # Material searches on a key press
    phone_page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert any(url.endswith("/search/search_index.json") for url in seen)


def test_a_highlight_link_loads_search_at_once(desktop_page: Page, site_url: str) -> None:
    """?h= (Material's search highlighting, the link a result gives) needs the index on arrival."""
    desktop_page.goto(site_url + "trial/", wait_until="networkidle")
    word = _title_word(desktop_page).lower()
    desktop_page.goto(site_url + f"trial/?h={word}", wait_until="networkidle")
    desktop_page.wait_for_selector("article mark", timeout=10_000)
