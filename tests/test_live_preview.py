"""Live editing: `mkdocs serve` shows a saved fact without a second command, and survives a broken edit."""

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
from support import PAGES, REAL_FACTS, copy_project, fetch

# Slow: a real `mkdocs serve` process. `make test` runs these; `make test-quick` leaves them out.
pytestmark = pytest.mark.slow

# A page that shows facts, and the last fact on it: the test edits that fact.
FACT = next(f for f in reversed(REAL_FACTS["facts"]) if f.get("page", "index") != "index")
PAGE = FACT["page"]
TITLE = PAGES[f"{PAGE}/index.html"]

MARK = "edited while the preview ran"


@pytest.fixture
def serving(tmp_path: Path, real_build: tuple[Path, Path]) -> Iterator[tuple[str, Path, Path]]:
    """A copy of the project served by `mkdocs serve` as `make serve` runs it: (base URL, project, log)."""
    copy_project(tmp_path)
    shutil.copytree(real_build[0], tmp_path / "docs")  # what `make serve` builds first (`make docs`)
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    command = [str(mkdocs), "serve", "--strict", "--livereload", "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=tmp_path, stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(lambda: TITLE in fetch(f"{base}/{PAGE}/"), 60, log)
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
