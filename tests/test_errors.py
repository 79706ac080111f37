"""The broken-input corpus: every way an editor can break facts.json or a template.

Each case in tests/broken/cases/ changes the small valid site in tests/broken/base/ in
one way and lists, word for word, what the editor must see. Cases run in this process
through the command line's `main(argv)` (an exception would fail the test with its
traceback); two run as a separate process, as an editor runs the build, to check the
exit code and that no traceback is printed. Cases too large to commit are made here.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from support import BROKEN, BROKEN_BASE, BROKEN_CASES, TODAY, Run, load_case, make_case, run_build, run_main

CASE_IDS = [p.stem for p in BROKEN_CASES]


def check(facts: Path, templates: Path, *args: str) -> tuple[int, list[str]]:
    result = run_main("--facts", facts, "--templates", templates, "--check", "--today", TODAY, *args)
    return result.returncode, result.stderr.splitlines()


def check_in_a_process(facts: Path, templates: Path, *args: str) -> Run:
    result = run_build("--facts", facts, "--templates", templates, "--check", "--today", TODAY, *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_the_corpus_is_large_enough_and_each_case_says_what_it_breaks() -> None:
    assert len(BROKEN_CASES) >= 30
    for path in BROKEN_CASES:
        case = load_case(path)
        assert case["about"] and case["expect"], path.name
        assert case["exit"] in (0, 1), path.name


def test_the_base_site_is_valid(tmp_path: Path) -> None:
    facts, templates = make_case({}, tmp_path)
    assert check(facts, templates, "--strict") == (0, [])


@pytest.mark.parametrize("path", BROKEN_CASES, ids=CASE_IDS)
def test_broken_input_gives_exact_located_messages(path: Path, tmp_path: Path) -> None:
    case = load_case(path)
    facts, templates = make_case(case, tmp_path)
    assert check(facts, templates, *case.get("args", [])) == (case["exit"], case["expect"])


# --- as a separate process: exit codes and no traceback ----------------------------------


def test_invalid_content_exits_1_with_the_exact_lines_and_no_traceback(tmp_path: Path) -> None:
    case = load_case(BROKEN / "cases" / "several-problems-at-once.json")
    facts, templates = make_case(case, tmp_path)
    result = check_in_a_process(facts, templates)
    assert (result.returncode, result.stderr.splitlines()) == (1, case["expect"])
    assert result.stdout == ""


def test_a_badly_written_date_for_today_is_wrong_usage(tmp_path: Path) -> None:
    facts, templates = make_case({}, tmp_path)
    result = run_build("--facts", facts, "--templates", templates, "--check", "--today", "22/11/2026")
    assert result.returncode == 2
    assert "'22/11/2026' is not a date in the form YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


# --- inputs too big to commit --------------------------------------------------------


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    facts, templates = make_case({}, tmp_path)
    with facts.open("ab") as stream:
        stream.truncate(50 * 1024 * 1024)
    assert check(facts, templates) == (
        1,
        [
            "facts.json: file is 52,428,800 bytes, more than the 16,777,216-byte limit. "
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
    data = json.loads((BROKEN_BASE / "facts.json").read_text(encoding="utf-8"))
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


def test_an_unknown_option_is_wrong_usage(tmp_path: Path) -> None:
    facts, templates = make_case({}, tmp_path)
    code, lines = check(facts, templates, "--no-such-option")
    assert code == 2
    assert lines[-1].endswith("error: unrecognized arguments: --no-such-option")


def test_an_unreadable_facts_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root in CI, where chmod cannot make a file unreadable; fail the read itself.
    facts, templates = make_case({}, tmp_path)
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == facts.name and self.resolve() == facts.resolve():
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert check(facts, templates) == (
        1,
        [
            "facts.json: cannot be read: Permission denied. Fix: check the file's permissions",
            "1 problem(s) found; docs/ was not changed.",
        ],
    )


# --- the corpus's README is generated from it -------------------------------------------


def test_the_readme_is_generated_from_the_corpus_and_current() -> None:
    spec = importlib.util.spec_from_file_location("make_readme", BROKEN / "make_readme.py")
    assert spec and spec.loader
    make_readme = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_readme)
    committed = (BROKEN / "README.md").read_text(encoding="utf-8")
    assert committed == make_readme.render(), (
        "tests/broken/README.md is out of date with tests/broken/cases/: run `make broken-readme` and commit it"
    )
