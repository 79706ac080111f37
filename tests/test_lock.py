"""Pinned dependencies: the environment running the tests is exactly what the lock files say."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import ROOT

from check_lock import differences, read_pins


def test_the_installed_environment_matches_the_lock_files() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "check_lock.py"), "--exact", str(ROOT / "requirements-dev.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_requirement_is_pinned_exactly() -> None:
    problems: list[str] = []
    pins = read_pins(ROOT / "requirements-dev.txt", problems)
    assert problems == []
    assert {"mkdocs", "mkdocs-material", "jinja2", "hypothesis", "playwright"} <= set(pins)


def test_a_drifted_install_is_reported_line_by_line(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.txt"
    lock.write_text("# pins\nJinja2==3.1.6\nmkdocs==1.6.1\nrequests>=2\n", encoding="utf-8")
    problems: list[str] = []
    pins = read_pins(lock, problems)
    assert problems == ["requirements.txt: line 4: 'requests>=2' is not pinned as name==version"]
    installed = {"jinja2": "3.1.5", "left-over": "1.0", "pip": "25.0"}
    assert differences(pins, installed, exact=True) == [
        "jinja2: pinned at 3.1.6 but 3.1.5 is installed",
        "mkdocs: pinned at 1.6.1 but not installed",
        "left-over: installed (1.0) but not in the lock files",
    ]
