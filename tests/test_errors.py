"""The broken-input corpus: every way an editor can break facts.json or a template.

Each case in tests/broken/cases/ changes the small valid site in tests/broken/base/ in
one way and lists, word for word, what the editor must see. The build runs as an
editor runs it (a separate process), so a traceback or a wrong exit code fails the case.
Cases too large to commit (50 MB, deep nesting) are made here at test time.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import run_build

from factsite.load import load_facts
from factsite.problems import BuildFailed

BROKEN = Path(__file__).resolve().parent / "broken"
BASE = BROKEN / "base"
CASES = sorted(BROKEN.glob("cases/*.json"))
TODAY = "2026-11-22"  # fixed, so currency findings do not change as time passes


def _apply_edit(data: Any, edit: dict[str, Any]) -> None:
    *parents, last = edit["at"]
    for key in parents:
        data = data[key]
    if edit.get("delete"):
        del data[last]
    else:
        data[last] = edit["set"]


def _apply_template_change(templates: Path, change: dict[str, Any]) -> None:
    path = templates / change["file"]
    if change.get("delete"):
        path.unlink()
    elif "append_hex" in change:
        path.write_bytes(path.read_bytes() + bytes.fromhex(change["append_hex"]))
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
        lines.insert(change["line"] - 1, change["insert"])  # the inserted text ends up on that line
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_case(case: dict[str, Any], where: Path) -> tuple[Path, Path]:
    """The base site with the case's change applied: (facts file, templates folder)."""
    templates = where / "templates"
    shutil.copytree(BASE / "templates", templates)
    facts = where / "facts.json"
    if "text" in case:
        facts.write_bytes(case["text"].encode("utf-8"))
    elif "hex" in case:
        facts.write_bytes(bytes.fromhex(case["hex"]))
    else:
        data = json.loads((BASE / "facts.json").read_text(encoding="utf-8"))
        for edit in case.get("edits", []):
            _apply_edit(data, edit)
        facts.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    for change in case.get("templates", []):
        _apply_template_change(templates, change)
    return facts, templates


def check(facts: Path, templates: Path, *args: str) -> tuple[int, list[str]]:
    result = run_build("--facts", str(facts), "--templates", str(templates), "--check", "--today", TODAY, *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr.splitlines()


def test_the_corpus_is_large_enough_and_each_case_says_what_it_breaks() -> None:
    assert len(CASES) >= 30
    for path in CASES:
        case = json.loads(path.read_text(encoding="utf-8"))
        assert case["about"] and case["expect"], path.name


def test_the_base_site_is_valid(tmp_path: Path) -> None:
    facts, templates = make_case({}, tmp_path)
    assert check(facts, templates, "--strict") == (0, [])


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_broken_input_gives_exact_located_messages(path: Path, tmp_path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    facts, templates = make_case(case, tmp_path)
    assert check(facts, templates, *case.get("args", [])) == (case["exit"], case["expect"])


# --- inputs too big to commit --------------------------------------------------------


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    facts, templates = make_case({}, tmp_path)
    with facts.open("ab") as stream:
        stream.truncate(50 * 1024 * 1024)
    assert check(facts, templates) == (
        1,
        [
            "facts.json: file is 52,428,800 bytes, more than the 5,242,880-byte limit. "
            "Fix: this is not a facts file; restore facts.json from git",
            "1 problem(s) found; docs/ was not changed.",
        ],
    )


def test_deeply_nested_json_is_refused_with_its_place(tmp_path: Path) -> None:
    facts, templates = make_case({}, tmp_path)
    facts.write_text('{"site":\n' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    assert check(facts, templates) == (
        1,
        [
            "facts.json: line 2, column 32: JSON is nested more than 32 levels deep. "
            "Fix: facts.json is only a few levels deep; restore it from git",
            "1 problem(s) found; docs/ was not changed.",
        ],
    )


def test_very_long_text_is_refused_with_its_length(tmp_path: Path) -> None:
    data = json.loads((BASE / "facts.json").read_text(encoding="utf-8"))
    data["facts"][1]["statement"] = "word " * 200_000
    facts, templates = make_case({}, tmp_path)
    facts.write_text(json.dumps(data), encoding="utf-8")
    assert check(facts, templates)[1][0] == (
        "facts.json: facts[1].statement: text is 1000000 characters, more than the 600 allowed. "
        "Fix: split it into shorter facts"
    )


def test_a_folder_given_as_the_facts_file(tmp_path: Path) -> None:
    _, templates = make_case({}, tmp_path)
    folder = tmp_path / "facts"
    folder.mkdir()
    code, lines = check(folder, templates)
    assert code == 1
    assert lines[0] == f"facts: {folder} is a folder, not a file. Fix: give the path of facts.json"


def test_a_missing_facts_file(tmp_path: Path) -> None:
    _, templates = make_case({}, tmp_path)
    code, lines = check(tmp_path / "fact.json", templates)
    assert code == 1
    assert lines[0] == f"fact.json: file not found at {tmp_path / 'fact.json'}. Fix: check the path"


def test_a_missing_templates_folder_is_wrong_usage(tmp_path: Path) -> None:
    facts, _ = make_case({}, tmp_path)
    code, lines = check(facts, tmp_path / "templats")
    assert code == 2
    assert lines == [f"build_facts: templates folder not found: {tmp_path / 'templats'}"]


def test_a_badly_written_date_for_today_is_wrong_usage(tmp_path: Path) -> None:
    facts, templates = make_case({}, tmp_path)
    result = run_build("--facts", str(facts), "--templates", str(templates), "--check", "--today", "22/11/2026")
    assert result.returncode == 2
    assert "'22/11/2026' is not a date in the form YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_readme_shows_what_the_editor_sees_for_every_case() -> None:
    readme = (BROKEN / "README.md").read_text(encoding="utf-8")
    for path in CASES:
        case = json.loads(path.read_text(encoding="utf-8"))
        assert f"| `{path.stem}` |" in readme, path.stem
        assert f"`{case['expect'][0].replace('|', chr(92) + '|')}`" in readme, path.stem


def test_an_unreadable_facts_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root in CI, where chmod cannot make a file unreadable; fail the read itself.
    facts, _ = make_case({}, tmp_path)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(BuildFailed) as failure:
        load_facts(facts)
    assert [str(p) for p in failure.value.problems] == [
        "facts.json: cannot be read: Permission denied. Fix: check the file's permissions"
    ]
