"""Live editing latency: from saving facts.json to `mkdocs serve` sending the changed page."""

from __future__ import annotations

import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT_FILES = ("build_facts.py", "facts.json", "facts.schema.json", "mkdocs.yml")
PROJECT_DIRS = ("factsite", "templates", "hooks", "overrides")


@dataclass(frozen=True)
class LiveResult:
    latencies: list[float]
    broken_edit_reported: bool
    last_good_page_kept: bool

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)


def copy_project(root: Path, work: Path) -> None:
    """A working copy of what `make serve` needs, so an edit there leaves the real project alone."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy(root / name, work / name)
    for folder in PROJECT_DIRS:
        shutil.copytree(root / folder, work / folder, ignore=shutil.ignore_patterns("__pycache__"))


def measure(root: Path, work: Path, env: dict[str, str], edits: int = 5) -> LiveResult:
    copy_project(root, work)
    subprocess.run([sys.executable, "build_facts.py"], cwd=work, check=True, capture_output=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/trial/"
    log = work / "serve.log"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    command = [str(mkdocs), "serve", "--strict", "--livereload", "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=work, stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        _wait(lambda: "The trial" in fetch(url), 60)
        time.sleep(1)  # let the first build's own file events settle
        facts_path = work / "facts.json"
        data = json.loads(facts_path.read_text(encoding="utf-8"))
        fact = next(f for f in data["facts"] if f.get("page") == "trial")
        original = fact["statement"]
        latencies = []
        markers = [f"benchmark edit {chr(ord('a') + edit)}" for edit in range(edits)]
        for marker in markers:
            # Still one sentence with no typed figure: a fact is one sentence, or the build refuses the edit.
            fact["statement"] = f"{original.rstrip('.')}, {marker}."
            start = time.perf_counter()
            facts_path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
            _wait(lambda marker=marker: marker in fetch(url), 30)
            latencies.append(time.perf_counter() - start)
            time.sleep(1)
        fact["citations"] = [{"source": "nature-news", "seen": False}]  # a broken edit: an unknown source id
        facts_path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        problem = "unknown source 'nature-news'"
        reported = _wait(lambda: problem in log.read_text(), 30, fail=False)
        rebuilt = _wait(lambda: "Reloading browsers" in log.read_text().split(problem)[-1], 30, fail=False)
        kept = rebuilt and markers[-1] in fetch(url)
        return LiveResult(latencies, reported, kept)
    finally:
        server.terminate()
        server.wait(timeout=20)


def fetch(url: str) -> str:
    """The page's text, or '' while the server is not answering."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(condition: Callable[[], bool], seconds: float, fail: bool = True) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    if fail:
        raise TimeoutError(f"condition not met within {seconds} s")
    return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
