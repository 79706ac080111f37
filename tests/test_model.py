"""The typed model, the split between the editor's mistakes and our bugs, and front matter as data."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from internals import model, render
from mkdocs.utils.meta import get_data
from support import FIXTURE_TEMPLATES, soup

import build_facts
from factsite import glossary

BASE = Path(__file__).resolve().parent / "broken" / "base"


def _args(tmp_path: Path) -> list[str]:
    return [
        "--facts",
        str(BASE / "facts.json"),
        "--templates",
        str(BASE / "templates"),
        "--docs",
        str(tmp_path / "docs"),
        "--today",
        "2026-11-22",
    ]


def test_the_model_is_immutable(fixture_data: dict[str, Any]) -> None:
    facts = model(fixture_data)
    fact = next(iter(facts.facts.values()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        fact.statement = "changed"  # type: ignore[misc]


def test_every_text_is_walked_with_the_path_an_editor_opens(fixture_data: dict[str, Any]) -> None:
    facts = model(fixture_data)
    paths = dict(facts.texts())
    assert paths["facts[0].statement"] == fixture_data["facts"][0]["statement"]
    assert paths["claims[0].appeared_in[0].where"] == fixture_data["claims"][0]["appeared_in"][0]["where"]
    assert paths["words.pictures.person"] == fixture_data["words"]["pictures"]["person"]
    assert not any(path.endswith((".id", ".url", ".checked")) for path in paths)


def test_a_bug_in_our_code_is_an_internal_error_with_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A KeyError in code a template calls (here: glossary marking) is ours to fix, not a template mistake."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("injected fault")

    monkeypatch.setattr(glossary, "mark", broken)
    code = build_facts.main(_args(tmp_path))
    err = capsys.readouterr().err
    assert code == build_facts.INTERNAL_ERROR == 3
    assert err.startswith("build_facts: internal error: this is a bug in the site generator")
    assert "Traceback (most recent call last)" in err and "KeyError: 'injected fault'" in err
    assert "template error" not in err and "Fix:" not in err
    assert not (tmp_path / "docs").exists()


def test_an_error_in_a_template_line_is_still_the_editor_s(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    for path in (BASE / "templates").iterdir():
        (templates / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    page = templates / "index.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + "{{ site.title + 1 }}\n", encoding="utf-8")
    args = _args(tmp_path)
    args[args.index("--templates") + 1] = str(templates)
    code = build_facts.main(args)
    lines = capsys.readouterr().err.splitlines()
    assert code == 1
    assert lines[0].startswith("templates/index.md.j2: line ")
    assert "template error: can only concatenate str" in lines[0]


def test_front_matter_is_data_that_mkdocs_reads_back_exactly(fixture_data: dict[str, Any]) -> None:
    awkward = 'Results: what we know, "quoted" — yes: no, not a comment - ok'
    fixture_data["site"]["description"] = awkward
    page = render(fixture_data, FIXTURE_TEMPLATES)["index.md"]
    _, meta = get_data(page)
    assert meta["description"] == awkward
    assert meta["title"] == "Home"


def test_the_page_language_and_the_structured_data_language_agree(built_site: Path) -> None:
    for path in sorted(built_site.rglob("index.html")):
        if "search" in path.parts or "assets" in path.parts:
            continue
        html = soup(built_site, path.relative_to(built_site).as_posix())  # parsed once, shared: read only
        block = html.select_one('script[type="application/ld+json"]')
        if block is None:
            continue
        assert json.loads(block.string)["inLanguage"] == html.html["lang"], path
