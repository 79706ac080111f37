"""The no-op fast path: skip only when nothing an output depends on has changed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

# Slow: whole build processes (the fingerprint covers the code itself).
# `make test` runs these; `make test-quick` leaves them out.
pytestmark = pytest.mark.slow

SKIPPED = "(no input changed)"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the compiler and its inputs, so a test can edit even the code."""
    for name in ("build_facts.py", "facts.json", "facts.schema.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("factsite", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(project / "build_facts.py")], cwd=project, capture_output=True, text=True, timeout=120
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
    "edit",
    [
        pytest.param(lambda p: _edit_fact(p / "facts.json"), id="fact"),
        pytest.param(lambda p: _append(p / "templates" / "trial.md.j2", "\nA new closing line.\n"), id="template"),
        pytest.param(lambda p: _append(p / "templates" / "assets" / "extra.css", "\np { margin: 0 }\n"), id="asset"),
        pytest.param(lambda p: _append(p / "factsite" / "render.py", "\n# changed\n"), id="code"),
        pytest.param(lambda p: _append(p / "facts.schema.json", " "), id="schema"),
        pytest.param(lambda p: (p / "docs" / "trial.md").unlink(), id="deleted-output"),
        pytest.param(lambda p: _append(p / "docs" / "trial.md", "hand edit\n"), id="edited-output"),
    ],
)
def test_any_change_to_an_input_or_output_rebuilds(project: Path, edit) -> None:
    assert build(project).returncode == 0
    edit(project)
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert SKIPPED not in result.stdout
    assert build(project).stdout.count(SKIPPED) == 1  # and the new state is remembered


def test_a_changed_fact_reaches_docs(project: Path) -> None:
    assert build(project).returncode == 0
    _edit_fact(project / "facts.json")
    assert build(project).returncode == 0
    assert "edited for the test." in (project / "docs" / "trial.md").read_text(encoding="utf-8")


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
    fact = next(f for f in data["facts"] if f.get("page") == "trial")
    fact["statement"] = fact["statement"].rstrip(".") + ", edited for the test."  # still one sentence
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)
