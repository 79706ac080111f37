"""Live editing latency: from saving facts.json to `mkdocs serve` sending the changed page."""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_FILES = ("build_facts.py", "facts.json", "facts.schema.json", "mkdocs.yml")
# The Japanese edition is compiled on every save too (docs/ja/), as in the real project.
OPTIONAL_FILES = ("facts.ja.json", "mkdocs.ja.yml")
PROJECT_DIRS = ("factsite", "templates", "hooks", "overrides")


@dataclass(frozen=True)
class LiveResult:
    latencies: list[float]
    broken_edit_reported: bool
    last_good_page_kept: bool
    # CPU seconds the preview used per edit, from one save to the next (1 s after the page showed):
    # the mkdocs serve process and the compile it runs. Wall time on a busy machine waits for a core too.
    cpu: list[float] = field(default_factory=list)
    load: float = 0.0  # the load average (1 min) at the end

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu) if self.cpu else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)


def copy_project(root: Path, work: Path) -> None:
    """A working copy of what `make serve` needs, so an edit there leaves the real project alone."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy(root / name, work / name)
    for name in OPTIONAL_FILES:
        if (root / name).is_file():
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
        _wait(lambda: "The trial" in fetch(url), 180)
        time.sleep(1)  # let the first build's own file events settle
        facts_path = work / "facts.json"
        data = json.loads(facts_path.read_text(encoding="utf-8"))
        fact = next(f for f in data["facts"] if f.get("page") == "trial")
        original = fact["statement"]
        latencies, cpu = [], []
        last_used = cpu_seconds(server.pid)
        markers = [f"benchmark edit {chr(ord('a') + edit)}" for edit in range(edits)]
        for marker in markers:
            # Still one sentence with no typed figure: a fact is one sentence, or the build refuses the edit.
            fact["statement"] = f"{original.rstrip('.')}, {marker}."
            start, used = time.perf_counter(), cpu_seconds(server.pid)
            if latencies:
                cpu.append(used - last_used)
            last_used = used
            facts_path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
            _wait(lambda marker=marker: marker in fetch(url), 120)  # a busy shared machine can take this long
            latencies.append(time.perf_counter() - start)
            time.sleep(1)
        cpu.append(cpu_seconds(server.pid) - last_used)
        fact["citations"] = [{"source": "nature-news", "seen": False}]  # a broken edit: an unknown source id
        facts_path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        problem = "unknown source 'nature-news'"
        reported = _wait(lambda: problem in log.read_text(), 120, fail=False)
        rebuilt = _wait(lambda: "Reloading browsers" in log.read_text().split(problem)[-1], 120, fail=False)
        kept = rebuilt and markers[-1] in fetch(url)
        return LiveResult(latencies, reported, kept, cpu, os.getloadavg()[0])
    finally:
        server.terminate()
        server.wait(timeout=20)


def cpu_seconds(pid: int) -> float:
    """User + system time of a process and of the children it waited for (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return (utime + stime + cutime + cstime) / os.sysconf("SC_CLK_TCK")


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
