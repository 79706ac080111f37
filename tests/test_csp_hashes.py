"""The Content-Security-Policy in the built HTML, without a browser (tests/test_csp.py runs it in Chromium).

hooks/csp_hashes.py adds the sha256 hash of each inline script Material renders to that page's
script-src. Here the built pages are read with BeautifulSoup, independently of the hook's own
reading: every inline script that runs has its hash in the policy, every hash in the policy
belongs to a script on the page (no stale hashes), and nothing else loosens script-src.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.exceptions import PluginError
from support import PAGES, load_hook, soup

SITE_PAGES = [*PAGES, "404.html"]
# Types this site's pages may hold. A data block is never run, so CSP does not check it.
RUN = {"", "text/javascript", "module"}
DATA_BLOCKS = {"application/json", "application/ld+json"}


csp_hashes = load_hook("csp_hashes")


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def runs(script: Tag) -> bool:
    kind = (script.get("type") or "").strip().lower()
    if kind in DATA_BLOCKS:
        return False
    assert kind in RUN, f"a <script type={kind!r}>: decide whether browsers run it, then list it here"
    return not script.has_attr("src")


def policy_of(page: BeautifulSoup) -> dict[str, list[str]]:
    head = page.head
    first = head.find(True)  # the first element in <head>: a policy only covers what follows it
    assert first.name == "meta" and first.get("http-equiv") == "Content-Security-Policy", first
    directives = [d.split() for d in first["content"].split(";") if d.strip()]
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize("path", SITE_PAGES)
def test_the_policy_allows_exactly_the_pages_own_inline_scripts(built_site: Path, path: str) -> None:
    page = soup(built_site, path)  # parsed once, shared: read only
    script_src = policy_of(page)["script-src"]
    assert script_src[0] == "'self'"
    assert all(not s.lower().startswith("'unsafe-") for s in script_src), script_src  # no 'unsafe-inline' or such
    assert all(s.startswith("'sha256-") for s in script_src[1:]), script_src
    inline = [s.string or "" for s in page.find_all("script") if runs(s) and s.string]
    assert inline, "Material's start-up script should be inline"
    needed = {sha256_source(text) for text in inline}
    allowed = set(script_src[1:])
    assert needed - allowed == set(), "inline scripts whose hash is missing from the policy"
    assert allowed - needed == set(), "hashes in the policy that match no script on the page"
    data = [s for s in page.find_all("script") if not runs(s) and not s.has_attr("src")]
    assert data, "the page's JSON blocks (Material's config, schema.org data) were expected"


@pytest.mark.parametrize("path", SITE_PAGES)
def test_no_event_handler_or_javascript_link_needs_unsafe_inline(built_site: Path, path: str) -> None:
    """Hashes cover <script> elements only; an onclick= or javascript: link would be blocked."""
    page = soup(built_site, path)  # parsed once, shared: read only
    for tag in page.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        assert not handlers, f"{tag.name} has {handlers}"
        assert not str(tag.get("href", "")).strip().lower().startswith("javascript:"), tag


def test_every_page_names_the_search_dialog(built_site: Path) -> None:
    for path in SITE_PAGES:
        page = soup(built_site, path)  # parsed once, shared: read only
        (dialog,) = page.select("[data-md-component=search][role=dialog]")
        assert dialog.get("aria-label") == "Search", path


# --- the hook's reading of HTML, on small made-up pages --------------------------------------


def head(policy: str) -> str:
    return f'<head><meta http-equiv="Content-Security-Policy" content="{policy}">'


POLICY = head("default-src 'none'; script-src 'self'")


def script_src_after_hook(body: str) -> list[str]:
    out = csp_hashes.add_hashes(POLICY + "</head><body>" + body + "</body>", "test")
    return out.split("script-src ")[1].split('"')[0].split()


def test_the_hook_hashes_scripts_that_run_and_skips_the_rest() -> None:
    body = (
        "<script>a()</script>"
        '<script type="module">b()</script>'
        '<script type="text/javascript">a()</script>'  # the same text: one hash
        '<script type="application/ld+json">{"x": 1}</script>'
        '<script type="application/json" id="__config">{}</script>'
        '<script src="x.js">ignored()</script>'
        "<script></script>"
        "<!-- <script>commented()</script> -->"
        "<p>&lt;script&gt;text()&lt;/script&gt;</p>"
        '<p title="<script>attr()</script>">x</p>'
    )
    assert script_src_after_hook(body) == ["'self'", sha256_source("a()"), sha256_source("b()")]


def test_the_hook_hashes_what_the_browser_hashes() -> None:
    # Browsers read CR LF as LF; character references are not decoded inside a script.
    assert script_src_after_hook("<script>x()\r\n&amp;</script>") == ["'self'", sha256_source("x()\n&amp;")]


@pytest.mark.parametrize(
    "page",
    [
        "<head><title>no policy</title></head><script>x()</script>",
        head("script-src 'self'").replace("<head>", "<head><title>late</title>"),
        head("script-src 'self' 'unsafe-inline'"),
        head("default-src 'self'"),
        POLICY + "<script>if (a <!-- b) x()</script>",
    ],
    ids=["no policy", "policy not first", "unsafe-inline", "no script-src", "escaped script text"],
)
def test_the_hook_refuses_pages_it_cannot_secure(page: str) -> None:
    with pytest.raises(PluginError):
        csp_hashes.add_hashes(page, "test")


def test_only_the_local_live_preview_allows_its_inline_reload_script() -> None:
    """mkdocs serve injects a reload script that changes on every request: no hash can cover it."""
    hook = load_hook("csp_hashes")  # its own state
    policy = "default-src 'none'; script-src 'self' 'sha256-abc'; style-src 'self'"
    served = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self'"
    assert hook.for_live_preview(policy) == served
    page = f'<html><head>\n<meta http-equiv="Content-Security-Policy" content="{policy}"></head><body></body></html>'
    hook.on_startup("build", dirty=False)
    assert "'unsafe-inline'" not in hook.add_hashes(page, "index.md")
    hook.on_startup("serve", dirty=False)
    assert served in hook.add_hashes(page, "index.md")
