"""The built HTML, as a reader's browser gets it: nothing runs or styles that is not a file of
the site or one of Material's own inline scripts, links go only where a reader expects, and the
Content-Security-Policy comes first."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import material
from bs4 import BeautifulSoup
from support import soup

ALLOWED_SCHEMES = ("https:", "http:", "mailto:")
MATERIAL_SCRIPTS = Path(material.__file__).parent / "templates" / "partials" / "javascripts"


def material_inline_scripts() -> list[re.Pattern[str]]:
    """The inline scripts of the installed Material's partials/javascripts/, read from its templates
    (not copied): each {{ ... }} in them (a URL such as base_url) may be any text without a quote."""
    patterns = []
    for partial in sorted(MATERIAL_SCRIPTS.glob("*.html")):
        for body in re.findall(r"<script>(.*?)</script>", partial.read_text(encoding="utf-8"), re.S):
            patterns.append(re.compile('[^"<]*'.join(re.escape(part) for part in re.split(r"\{\{.*?\}\}", body))))
    assert patterns, f"no inline scripts found in {MATERIAL_SCRIPTS}"
    return patterns


def pages(site: Path) -> list[tuple[str, BeautifulSoup]]:
    """Every page, parsed once for all the tests here (support.soup): read the trees, never change them."""
    return [(name, soup(site, name)) for name in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))]


def test_no_inline_script_but_materials_and_no_inline_style_or_event_handler_anywhere(built_site: Path) -> None:
    """Material's own inline scripts run by their hash (hooks/csp_hashes.py); any other inline script is a fault."""
    materials = material_inline_scripts()
    for name, html in pages(built_site):
        for script in html.find_all("script"):
            if script.get("type") == "application/json":  # Material's settings: data, never run
                continue
            if script.get("type") == "application/ld+json":  # schema.org data for search engines, never run
                assert isinstance(json.loads(script.string), dict), f"{name}: broken structured data"
                continue
            if not script.get("src"):
                text = script.string or ""
                assert any(p.fullmatch(text) for p in materials), f"{name}: inline script {str(script)[:80]}"
                continue
            assert not script.string, f"{name}: a script with both a file and text {str(script)[:80]}"
            assert "//" not in script["src"], f"{name}: script from another host {script['src']}"
        assert not html.find_all("style"), name
        for tag in html.find_all(True):
            assert "style" not in tag.attrs, f"{name}: style attribute on <{tag.name}>"
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            assert not handlers, f"{name}: <{tag.name}> has {handlers}"


def test_links_are_only_web_mail_or_relative(built_site: Path) -> None:
    for name, html in pages(built_site):
        for tag in html.find_all(href=True):
            href = tag["href"].strip()
            assert not urlsplit(href).scheme or href.startswith(ALLOWED_SCHEMES), f"{name}: {href}"


def test_external_links_everywhere_open_safely(built_site: Path) -> None:
    for name, html in pages(built_site):
        for link in html.select("a[href^='http']"):
            if link.find_parent(class_="md-footer") or link.find_parent(class_="md-copyright"):
                continue  # the theme's own credit link, not content
            assert {"noopener", "noreferrer"} <= set(link.get("rel") or []), f"{name}: {link['href']}"


def test_every_page_states_its_policy_before_loading_anything(built_site: Path) -> None:
    for name, html in pages(built_site):
        policy = html.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None, name
        directives = dict(d.strip().split(" ", 1) for d in policy["content"].split(";"))
        # script-src: the site's files, and Material's inline scripts by hash (tests/test_csp_hashes.py checks which)
        script_src = directives["script-src"].split()
        assert script_src[0] == "'self'" and all(s.startswith("'sha256-") for s in script_src[1:]), script_src
        assert directives["style-src"] == "'self'"
        assert directives["default-src"] == "'none'" and directives["object-src"] == "'none'"
        earlier = policy.find_all_previous(["script", "link", "style"])
        assert not earlier, f"{name}: {earlier[0]} comes before the policy"
