#!/usr/bin/env python3
"""The fixture site's golden docs/: what the build must write for tests/fixture_site/.

tests/fixture_site/ is a small invented site (facts.json and templates/) that uses every
feature of the build. Its compiled docs/ is committed in tests/fixture_site/golden/, and
tests/test_golden.py compares a fresh build with it file by file.

After a deliberate change to the output (a template helper, the footnote format, ...):

    make golden          # or: .venv/bin/python tests/golden.py --refresh

rebuilds the fixture site through the command line, replaces golden/ with the result
(removing files the build no longer writes), and lists what changed. Review it with
`git diff tests/fixture_site/golden` and commit it with the change that caused it.
"""

from __future__ import annotations

import difflib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from support import FIXTURE_SITE, GOLDEN, run_main

FACTS = FIXTURE_SITE / "facts.json"
TEMPLATES = FIXTURE_SITE / "templates"
TODAY = "2030-01-20"  # fixed: inside the fixture's review interval, so the build is warning-free
COMMAND = "make golden"


def build(docs: Path) -> None:
    """Compile the fixture site into docs through the command line; raise if it fails or warns."""
    result = run_main("--facts", FACTS, "--templates", TEMPLATES, "--docs", docs, "--today", TODAY, "--strict")
    if result.returncode != 0 or result.stderr:
        raise RuntimeError(f"the fixture site did not build cleanly (exit {result.returncode}):\n{result.stderr}")


def outputs(folder: Path) -> dict[str, bytes]:
    """The files of a docs/ folder that make up the site (not the build's own records, like its fingerprint)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """A readable account of each difference: missing and extra files, and a unified diff per changed file."""
    report = []
    for name in sorted(expected.keys() - actual.keys()):
        report.append(f"missing from the build: {name}")
    for name in sorted(actual.keys() - expected.keys()):
        report.append(f"new in the build, not in golden/: {name}")
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name] == actual[name]:
            continue
        try:
            old, new = expected[name].decode("utf-8"), actual[name].decode("utf-8")
        except UnicodeDecodeError:
            report.append(f"{name}: binary content differs")
            continue
        diff = difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"golden/{name}", f"build/{name}"
        )
        report.append("".join(diff))
    return report


def refresh() -> int:
    with tempfile.TemporaryDirectory() as work:
        docs = Path(work) / "docs"
        try:
            build(docs)
        except RuntimeError as err:
            print(err, file=sys.stderr)
            print(f"{GOLDEN} was not changed.", file=sys.stderr)
            return 1
        new = outputs(docs)
        old = outputs(GOLDEN) if GOLDEN.is_dir() else {}
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        GOLDEN.mkdir(parents=True)
        for name, data in new.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    changed = sorted(name for name in new.keys() | old.keys() if new.get(name) != old.get(name))
    for name in changed:
        state = "added" if name not in old else "removed" if name not in new else "changed"
        print(f"  {state}: {name}")
    print(f"{GOLDEN}: {len(new)} files, {len(changed)} changed. Review: git diff {os.path.relpath(GOLDEN)}")
    return 0


def main(argv: list[str]) -> int:
    if argv != ["--refresh"]:
        print(f"usage: {COMMAND}  (python tests/golden.py --refresh)", file=sys.stderr)
        return 2
    return refresh()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
