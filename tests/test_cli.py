"""The command line as an editor meets it: exit codes, one-line errors, no damage.

Runs build_facts.main(argv) in this process (tests/test_errors.py runs it as a process too).
Exact messages are checked on the invented fixture site, so no content edit can break them.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from support import FIXTURE_SITE, PAGES, page_source, read_json, run_main, write_json

FIXTURE_FACTS = read_json(FIXTURE_SITE / "facts.json")
FIXTURE_TEMPLATES = FIXTURE_SITE / "templates"
FIXTURE_TODAY = "2030-01-20"


@pytest.fixture
def fixture_data() -> dict[str, Any]:
    return copy.deepcopy(FIXTURE_FACTS)


def fixture_run(facts: Path, *args: str | Path) -> Any:
    return run_main("--facts", facts, "--templates", FIXTURE_TEMPLATES, "--today", FIXTURE_TODAY, *args)


def test_build_writes_every_page_then_rewrites_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    first = run_main("--docs", docs)
    assert first.returncode == 0, first.stderr
    assert sorted(p.name for p in docs.glob("*.md")) == sorted(page_source(page) for page in PAGES)
    times = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    second = run_main("--docs", docs)
    assert second.returncode == 0
    assert "0 written" in second.stdout
    assert times == {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}


def test_invalid_facts_exit_1_with_one_line_per_problem_and_docs_untouched(
    tmp_path: Path, fixture_data: dict[str, Any]
) -> None:
    docs = tmp_path / "docs"
    good = write_json(tmp_path / "good.json", fixture_data)
    assert fixture_run(good, "--docs", docs).returncode == 0
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}

    fixture_data["facts"][1]["citations"][0]["source"] = "example-new"
    fixture_data["facts"][2]["checked"] = "2030-02-31"
    broken = write_json(tmp_path / "facts.json", fixture_data)
    result = fixture_run(broken, "--docs", docs)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "facts.json: facts[1].citations[0].source: unknown source 'example-new'. Fix: did you mean 'example-news'?",
        "facts.json: facts[2].checked: '2030-02-31' is not a real date. Fix: check the month and day (YYYY-MM-DD)",
        "2 problem(s) found; docs/ was not changed.",
    ]
    assert before == {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}


def test_truncated_json_names_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "facts.json"
    broken.write_text('{\n  "site": {\n    "title": "x"\n', encoding="utf-8")
    result = run_main("--facts", broken, "--check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        "facts.json: line 4, column 1: the file ends before the JSON is complete"
    )


def test_wrong_usage_exits_2(tmp_path: Path) -> None:
    assert run_main("--no-such-flag").returncode == 2
    assert run_main("--templates", tmp_path / "missing").returncode == 2


def test_check_writes_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    result = run_main("--check", "--docs", docs)
    assert result.returncode == 0
    assert f"is valid: {len(PAGES)} pages render" in result.stdout
    assert not docs.exists()


def test_every_problem_names_the_file_the_editor_passed(tmp_path: Path, fixture_data: dict[str, Any]) -> None:
    index = next(i for i, f in enumerate(fixture_data["facts"]) if f.get("section") == "each-person")
    fixture_data["facts"][index]["section"] = "each-persn"
    draft = write_json(tmp_path / "draft-facts.json", fixture_data)
    result = fixture_run(draft, "--check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"draft-facts.json: facts[{index}].section: templates/results.md.j2 has no section('each-persn'). "
        "Fix: did you mean 'each-person'?"
    )
