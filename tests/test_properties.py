"""Property-based tests (hypothesis): whatever an editor writes, the build either succeeds with
every piece of fact text shown exactly as written and harmless, or fails with clean messages.
Never a crash, never markup that came from facts.

The Markdown is turned into HTML with the same extensions as mkdocs.yml, in-process, so each
example takes milliseconds; tests/test_csp.py checks the real MkDocs pages in a browser.
"""

from __future__ import annotations

import copy
import json
import tempfile
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import markdown
import yaml
from bs4 import BeautifulSoup
from hypothesis import event, given
from hypothesis import strategies as st
from internals import unchecked
from mkdocs.utils.meta import get_data
from strategies import BROKEN, HOSTILE, PAST_VALIDATION, TODAY, edited_facts
from support import FIXTURE_SITE, ROOT

from factsite.build import compile_facts
from factsite.load import parse_facts
from factsite.model import PLACEHOLDER
from factsite.problems import BuildFailed
from factsite.render import make_environment, render_pages
from factsite.text import fill_placeholders

# The invented fixture site: small, so each example renders in milliseconds, and no edit to the
# real content can change what these tests try.
FIXTURE = json.loads((FIXTURE_SITE / "facts.json").read_text(encoding="utf-8"))
FIXTURE_TEMPLATES = FIXTURE_SITE / "templates"


# Compiled once: the templates are the same for every example, only the facts change.
FIXTURE_ENVIRONMENT = make_environment(FIXTURE_TEMPLATES)


@cache
def markdown_converter() -> markdown.Markdown:
    """Markdown with the extensions and settings of mkdocs.yml, loaded once (reset per page)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, settings_ = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        options[name] = settings_ or {}
    return markdown.Markdown(extensions=names, extension_configs=options)


def to_html(page: str) -> BeautifulSoup:
    """The page as MkDocs would make its body: front matter off, same Markdown extensions."""
    body, meta = get_data(page)
    assert "title" in meta, "front matter was lost"
    converter = markdown_converter()
    converter.reset()
    return BeautifulSoup(converter.convert(body), "html.parser")


def assert_harmless(html: BeautifulSoup) -> None:
    for data in html.find_all("script", type="application/ld+json"):  # schema.org data: parsed, never run
        assert isinstance(json.loads(data.string), dict)
        data.decompose()
    assert not html.find_all(["script", "style", "iframe", "object", "embed", "form", "img"])
    for tag in html.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag
        for name in ("href", "src"):
            url = tag.get(name)
            if url:
                assert url.startswith(("https:", "http:", "mailto:", "#")) or ":" not in url.split("/")[0], url


def shown(text: str) -> str:
    return " ".join(text.split())


@given(edited_facts())
def test_any_edit_builds_safely_or_fails_cleanly(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        try:
            compiled = compile_facts(path, BROKEN / "base" / "templates", TODAY)
        except BuildFailed as failure:
            event("refused with a message")
            assert failure.problems
            for problem in failure.problems:
                assert problem.file and problem.message and "\n" not in str(problem)
            return
    event("built")
    page = compiled.pages["index.md"]
    assert isinstance(page, str)
    html = to_html(page)
    assert_harmless(html)
    text = shown(html.get_text(" "))
    for fact in compiled.facts.facts.values():
        assert shown(fill_placeholders(fact.statement, compiled.facts.facts)) in text


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_parse_or_fail_cleanly(raw: bytes) -> None:
    try:
        assert isinstance(parse_facts(raw), dict)
    except BuildFailed as failure:
        assert failure.problems and all(p.message for p in failure.problems)


@given(
    statement=st.one_of(HOSTILE, PAST_VALIDATION).filter(
        lambda t: t.isprintable() and t.strip() and not PLACEHOLDER.search(t)
    ),
    # A fact placed on its own, one in a list and one in a section of paragraphs.
    fact_id=st.sampled_from(["no-comparison", "flow-donor", "timeline-next"]),
)
def test_fact_text_that_got_past_validation_still_shows_as_plain_text(statement: str, fact_id: str) -> None:
    """Escaping is the second wall: even text the validator would refuse cannot become markup."""
    data = copy.deepcopy(FIXTURE)
    fact = next(f for f in data["facts"] if f["id"] == fact_id)
    fact["statement"] = statement
    html = to_html(render_pages(unchecked(data), FIXTURE_TEMPLATES, FIXTURE_ENVIRONMENT)[f"{fact['page']}.md"])
    assert_harmless(html)
    # The model keeps one form of each character (NFC): U+FA70, a compatibility form, is shown as U+4E26 並.
    assert shown(unicodedata.normalize("NFC", statement)) in shown(html.get_text(" "))
