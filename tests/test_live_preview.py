"""Live editing: `mkdocs serve` shows a saved fact without a second command, and survives a broken edit.

It serves a copy of the project (code, mkdocs.yml, hooks, theme overrides) whose facts and templates are
the small fixture site's: the preview works the same for any content, and rebuilds it in a fraction of
the real site's time.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from support import FIXTURE_SITE, FIXTURE_TODAY, copy_project, fetch, read_json, run_main

# Slow: a real `mkdocs serve` process. `make test` runs these; `make test-quick` leaves them out.
pytestmark = pytest.mark.slow

# A page that shows facts, and the last fact on it: the test edits that fact.
FACT = next(f for f in reversed(read_json(FIXTURE_SITE / "facts.json")["facts"]) if f.get("page", "index") != "index")
PAGE = FACT["page"]

MARK = "edited while the preview ran"


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """A copy of the project served by `mkdocs serve` as `make serve` runs it: (base URL, project, log)."""
    copy_project(tmp_path)
    shutil.copy(FIXTURE_SITE / "facts.json", tmp_path / "facts.json")
    shutil.rmtree(tmp_path / "templates")
    shutil.copytree(FIXTURE_SITE / "templates", tmp_path / "templates")
    with_fixture_nav(tmp_path / "mkdocs.yml")
    # What `make serve` builds first (`make docs`).
    built = run_main(*("--facts", tmp_path / "facts.json", "--templates", tmp_path / "templates"),
                     *("--docs", tmp_path / "docs", "--today", FIXTURE_TODAY))  # fmt: skip
    assert built.returncode == 0, built.stderr
    port = _free_port()
    log = tmp_path / "serve.log"
    # FACTSITE_TODAY: the hook's builds measure the fixture's dates against a day inside its review interval.
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "FACTSITE_TODAY": FIXTURE_TODAY,
    }
    mkdocs = Path(sys.executable).parent / "mkdocs"
    command = [str(mkdocs), "serve", "--strict", "--livereload", "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=tmp_path, stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(lambda: "</article>" in fetch(f"{base}/{PAGE}/"), 60, log)
        time.sleep(1)  # the file watcher starts just after the first page is served
        yield base, tmp_path, log
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_saved_fact_and_template_show_then_a_broken_edit_keeps_the_last_good_page(
    serving: tuple[str, Path, Path],
) -> None:
    base, project, log = serving
    facts = project / "facts.json"
    data = json.loads(facts.read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f["id"] == FACT["id"])
    fact["statement"] = fact["statement"].rstrip(".") + ", " + MARK + "."  # still one sentence
    facts.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")

    _wait_for(lambda: MARK in fetch(f"{base}/{PAGE}/"), 15, log)  # target is ~2 s; the benchmark times it

    template = project / "templates" / f"{PAGE}.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nA line added to the template.\n", encoding="utf-8")
    _wait_for(lambda: "A line added to the template." in fetch(f"{base}/{PAGE}/"), 15, log)

    source = fact["citations"][0]["source"]
    fact["citations"][0]["source"] = source + "x"  # a typo in a source id
    facts.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    problem = f"unknown source '{source}x'. Fix: did you mean '{source}'?"
    _wait_for(lambda: problem in log.read_text(), 15, log)
    # Rebuilt and served again. ("Documentation built in 0.28 seconds" is no sign: MkDocs logs a text only once.)
    _wait_for(lambda: "Reloading browsers" in log.read_text().split(problem)[-1], 15, log)
    assert MARK in fetch(f"{base}/{PAGE}/")
    error_line = next(line for line in log.read_text().splitlines() if problem in line)
    assert error_line.startswith("facts.json: facts[")
    assert "Traceback" not in log.read_text()


def with_fixture_nav(config: Path) -> None:
    """The project's mkdocs.yml with the fixture site's pages as its nav: strict serving refuses a missing page."""
    nav = yaml.safe_load((FIXTURE_SITE / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("nav:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "#", "\n"))
    config.write_text("".join([*lines[:start], yaml.safe_dump({"nav": nav}), *lines[end:]]), encoding="utf-8")


def _wait_for(condition: Callable[[], bool], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out after {seconds} s; mkdocs serve said:\n{log.read_text()[-3000:]}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
