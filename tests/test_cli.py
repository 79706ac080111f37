"""The command line as an editor meets it: exit codes, one-line errors, no damage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support import run_build, write_json


def test_build_writes_every_page_then_rewrites_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    first = run_build("--docs", str(docs))
    assert first.returncode == 0, first.stderr
    names = sorted(p.name for p in docs.glob("*.md"))
    assert names == sorted(
        [
            "index.md",
            "ips-cells.md",
            "trial.md",
            "results.md",
            "caveats.md",
            "join-a-trial.md",
            "claims.md",
            "glossary.md",
            "sources.md",
            "updates.md",
        ]
    )
    times = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    second = run_build("--docs", str(docs))
    assert second.returncode == 0
    assert "0 written" in second.stdout
    assert times == {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}


def test_invalid_facts_exit_1_with_one_line_per_problem_and_docs_untouched(
    tmp_path: Path, facts_data: dict[str, Any]
) -> None:
    docs = tmp_path / "docs"
    assert run_build("--docs", str(docs)).returncode == 0
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}

    facts_data["facts"][1]["sources"] = ["nature-news"]
    facts_data["facts"][2]["checked"] = "2026-02-31"
    broken = write_json(tmp_path / "facts.json", facts_data)
    result = run_build("--facts", str(broken), "--docs", str(docs))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "facts.json: facts[1].sources[0]: unknown source 'nature-news'. Fix: did you mean 'nature-news-2025'?",
        "facts.json: facts[2].checked: '2026-02-31' is not a real date. Fix: check the month and day (YYYY-MM-DD)",
        "2 problem(s) found; docs/ was not changed.",
    ]
    assert before == {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}


def test_truncated_json_names_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "facts.json"
    broken.write_text('{\n  "site": {\n    "title": "x"\n', encoding="utf-8")
    result = run_build("--facts", str(broken), "--check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        "facts.json: line 4, column 1: the file ends before the JSON is complete"
    )


def test_wrong_usage_exits_2(tmp_path: Path) -> None:
    assert run_build("--no-such-flag").returncode == 2
    assert run_build("--templates", str(tmp_path / "missing")).returncode == 2


def test_check_writes_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    result = run_build("--check", "--docs", str(docs))
    assert result.returncode == 0
    assert "is valid: 10 pages render" in result.stdout
    assert not docs.exists()


def test_every_problem_names_the_file_the_editor_passed(tmp_path: Path, facts_data: dict[str, Any]) -> None:
    index = next(i for i, f in enumerate(facts_data["facts"]) if f["id"] == "trial-rehab")
    facts_data["facts"][index]["section"] = "what-they-gott"
    draft = write_json(tmp_path / "draft-facts.json", facts_data)
    result = run_build("--facts", str(draft), "--check")
    assert result.returncode == 1
    assert result.stderr.startswith(f"draft-facts.json: facts[{index}].section: ")
