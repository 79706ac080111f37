"""The no-op fast path: skip only when nothing an output depends on has changed.

Builds are of the small fixture site (the fast path is the same for any content), in this process;
those that change the compiler's own code or schema run it as a process, from a copy a test can edit.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import FIXTURE_SITE, FIXTURE_TODAY, ROOT, Run, run_main

# Slow: whole builds, some as processes (the fingerprint covers the code itself).
# `make test` runs these; `make test-quick` leaves them out.
pytestmark = pytest.mark.slow

SKIPPED = "(no input changed)"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the compiler with the fixture site as its inputs, so a test can edit even the code."""
    for name in ("build_facts.py", "facts.schema.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "factsite", tmp_path / "factsite", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(FIXTURE_SITE / "facts.json", tmp_path / "facts.json")
    shutil.copytree(FIXTURE_SITE / "templates", tmp_path / "templates")
    return tmp_path


def build(project: Path, process: bool = False) -> Run | subprocess.CompletedProcess[str]:
    """Build the project's copy of the fixture site into its docs/.

    In this process unless `process`: then the project's copy of build_facts.py runs, so an edit
    to its code or schema counts (in this process, the fingerprint covers the code already loaded).
    """
    if not process:
        inputs = ("--facts", project / "facts.json", "--templates", project / "templates")
        return run_main(*inputs, "--docs", project / "docs", "--today", FIXTURE_TODAY)
    return subprocess.run(
        [sys.executable, str(project / "build_facts.py"), "--today", FIXTURE_TODAY],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot(docs: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in docs.rglob("*") if p.is_file()}


def test_second_build_is_skipped_and_writes_nothing(project: Path) -> None:
    assert build(project).returncode == 0
    before = snapshot(project / "docs")
    again = build(project)
    assert again.returncode == 0
    built = sum(1 for p in (project / "docs").rglob("*") if p.is_file() and not p.name.startswith("."))
    assert SKIPPED in again.stdout and f"Built {built} files" in again.stdout
    assert snapshot(project / "docs") == before


@pytest.mark.parametrize(
    ("edit", "process"),
    [
        pytest.param(lambda p: _edit_fact(p / "facts.json"), False, id="fact"),
        pytest.param(lambda p: _append(p / "templates" / "results.md.j2", "\nA new line.\n"), False, id="template"),
        pytest.param(lambda p: _append(p / "templates" / "assets" / "example.css", "\np {}\n"), False, id="asset"),
        pytest.param(lambda p: _append(p / "factsite" / "render.py", "\n# changed\n"), True, id="code"),
        pytest.param(lambda p: _append(p / "facts.schema.json", " "), True, id="schema"),
        pytest.param(lambda p: (p / "docs" / "results.md").unlink(), False, id="deleted-output"),
        pytest.param(lambda p: _append(p / "docs" / "results.md", "hand edit\n"), False, id="edited-output"),
    ],
)
def test_any_change_to_an_input_or_output_rebuilds(project: Path, edit, process: bool) -> None:
    assert build(project, process).returncode == 0
    edit(project)
    result = build(project, process)
    assert result.returncode == 0, result.stderr
    assert SKIPPED not in result.stdout
    assert build(project, process).stdout.count(SKIPPED) == 1  # and the new state is remembered


def test_a_changed_fact_reaches_docs(project: Path) -> None:
    assert build(project).returncode == 0
    _edit_fact(project / "facts.json")
    assert build(project).returncode == 0
    assert "edited for the test." in (project / "docs" / "results.md").read_text(encoding="utf-8")


def test_an_invalid_file_is_reported_on_every_run_even_after_a_good_build(project: Path) -> None:
    assert build(project).returncode == 0
    good = (project / "facts.json").read_text(encoding="utf-8")
    (project / "facts.json").write_text(good.replace('"sources": [', '"sources": [,', 1), encoding="utf-8")
    for _ in range(2):
        result = build(project)
        assert result.returncode == 1
        assert result.stderr.startswith("facts.json: line ")
    (project / "facts.json").write_text(good, encoding="utf-8")
    assert SKIPPED in build(project).stdout  # back to what docs/ was built from


def _edit_fact(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f.get("page") == "results")
    fact["statement"] = fact["statement"].rstrip(".") + ", edited for the test."  # still one sentence
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)
