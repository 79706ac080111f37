"""Property-based tests (hypothesis): whatever an editor writes, the build either succeeds with
every piece of fact text shown exactly as written and harmless, or fails with clean messages.
Never a crash, never markup that came from facts.

The Markdown is turned into HTML with the same extensions as mkdocs.yml, in-process, so each
example takes milliseconds; tests/test_csp.py checks the real MkDocs pages in a browser.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import markdown
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from pages import render, unchecked

from factsite.build import compile_facts
from factsite.load import parse_facts
from factsite.model import PLACEHOLDER
from factsite.problems import BuildFailed
from factsite.text import fill_placeholders

TODAY = dt.date(2026, 11, 22)
BROKEN = ROOT / "tests" / "broken"
BASE = json.loads((BROKEN / "base" / "facts.json").read_text(encoding="utf-8"))
REAL = json.loads((ROOT / "facts.json").read_text(encoding="utf-8"))
# Bounded, so `make test` stays fast; HYPOTHESIS_PROFILE=thorough runs many more examples by hand.
settings.register_profile("factsite", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", settings.get_profile("factsite"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "factsite"))

# Text an editor (or an attacker) might type: markup of every kind, and ordinary words.
HOSTILE = st.one_of(
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<style>body{display:none}</style>",
            "<!-- ",
            "[link](javascript:alert(1))",
            "[^nature-news-2025]",
            "{{ 7*7 }}",
            "{% include 'x' %}",
            "# ",
            "\n\n- ",
            "*emph*",
            "`code`",
            "| a | b |",
            "&amp; &lt;",
            '" onmouseover="alert(1)',
            "javascript:alert(1)",
            "\\",
            ": ",
            "{participants}",
            "{participants|frequency}",
            "}{",
            "é 🙂 中文",
        ]
    ),
    st.text(min_size=1, max_size=30),
)
# Text the validator accepts: letters and digits in any script, and everyday punctuation.
PLAIN = st.text(
    st.characters(whitelist_categories=["L", "N", "Zs"]) | st.sampled_from(".,;:'\"?!()-/%&"), min_size=1, max_size=60
).filter(lambda t: t.strip() == t and t)
TEXT = st.one_of(PLAIN, PLAIN, st.lists(st.one_of(PLAIN, HOSTILE), min_size=1, max_size=4).map(" ".join))
VALUES = st.one_of(TEXT, st.integers(), st.floats(allow_nan=False), st.none(), st.booleans(), st.lists(TEXT))
DATES = st.one_of(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)).map(str), st.text(max_size=12)
)
# Where an edit lands in the base facts file: (path, values it may take).
FIELDS = [
    (("facts", 0, "statement"), TEXT),
    (("facts", 1, "statement"), TEXT),
    (("facts", 2, "statement"), VALUES),
    (("facts", 0, "value"), VALUES),
    (("facts", 1, "sources", 0), TEXT),
    (("facts", 2, "checked"), DATES),
    (("claims", 0, "claim"), TEXT),
    (("claims", 0, "correction"), TEXT),
    (("glossary", 0, "definition"), TEXT),
    (("sources", 0, "title"), TEXT),
    (("sources", 1, "url"), st.one_of(TEXT, st.sampled_from(["javascript:alert(1)", "http://x.org", "data:,x"]))),
    (("site", "description"), TEXT),
    (("site", "next_review"), DATES),
]


@st.composite
def edited_facts(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for index in draw(st.lists(st.integers(0, len(FIELDS) - 1), min_size=1, max_size=4, unique=True)):
        path, values = FIELDS[index]
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = draw(values)
    return data


def to_html(page: str) -> BeautifulSoup:
    """The page as MkDocs would make its body: front matter off, same Markdown extensions."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, settings_ = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        options[name] = settings_ or {}
    body, meta = get_data(page)
    assert "title" in meta, "front matter was lost"
    return BeautifulSoup(markdown.markdown(body, extensions=names, extension_configs=options), "html.parser")


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


# Printable text with every markup character, no line breaks (the validator refuses those anyway).
PAST_VALIDATION = st.text(
    st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]) | st.sampled_from("<>&\"'`*_{}[]#|!~\\:()/="),
    min_size=1,
    max_size=80,
).filter(lambda t: not PLACEHOLDER.search(t) and t.strip())


@given(
    statement=st.one_of(HOSTILE, PAST_VALIDATION).filter(
        lambda t: t.isprintable() and t.strip() and not PLACEHOLDER.search(t)
    ),
    fact_id=st.sampled_from(["participants", "trial-rehab", "safety-no-serious"]),
)
def test_fact_text_that_got_past_validation_still_shows_as_plain_text(statement: str, fact_id: str) -> None:
    """Escaping is the second wall: even text the validator would refuse cannot become markup."""
    data = copy.deepcopy(REAL)
    fact = next(f for f in data["facts"] if f["id"] == fact_id)
    fact["statement"] = statement
    html = to_html(render(unchecked(data))[f"{fact['page']}.md"])
    assert_harmless(html)
    assert shown(statement) in shown(html.get_text(" "))
