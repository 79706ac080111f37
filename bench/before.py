"""Issue 8: today's build against commit 7e36980, before the typed-model refactor, on 10,000 facts.

7e36980 is taken out of git history (`git archive`) into .bench/before-7e36980/code; its own
bench/generate.py writes its 10,000-fact project, and its own build_facts.py builds it. Today's
build runs on two inputs: the same content (`generate(..., old_citations=True)`: the same
statements, values, placeholders, pages and sources, with no passages where today's checks
allow none) and today's full generated project (a quoted passage on every citation). The three
builds alternate in one loop, each round in a different order, so a machine that gets busier
slows all three alike. Each is timed as a whole process from scratch (docs/ deleted first), in
CPU time: the user + system time of that process, which other work on a shared machine disturbs
far less than wall time.

Run alone with `python bench/run.py --only before` (prints the section, writes nothing else).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import generate
from bench.measure import ProcessFailed, Sample, run

COMMIT = "7e36980"
TARGET = 0.10  # issue 8: at most 10% slower than before the refactor
N_FACTS, N_PAGES = 10_000, 500
PYTHON = Path(sys.executable)
# The three builds, in the order of the first round.
OLD, LIKE, FULL = "old", "like", "full"


@dataclass(frozen=True)
class Build:
    key: str
    label: str  # what the report calls it
    code: Path  # the tree whose build_facts.py runs
    facts: Path
    templates: Path

    @property
    def size(self) -> int:
        return self.facts.stat().st_size


@dataclass
class Comparison:
    missing: str | None = None  # why nothing could be measured (no history, old build broken)
    builds: list[Build] = field(default_factory=list)
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)  # files each build wrote

    def cpu(self, key: str) -> float:
        return statistics.median(s.cpu for s in self.samples[key])

    def cpu_range(self, key: str) -> tuple[float, float]:
        cpus = [s.cpu for s in self.samples[key]]
        return min(cpus), max(cpus)

    def ratio(self, key: str) -> float:
        """Today's code against 7e36980: the median of the ratios within each round. Paired runs, minutes
        apart, cancel the drift of a shared machine that a ratio of the two medians would keep."""
        return statistics.median(self.round_ratios(key))

    def round_ratios(self, key: str) -> list[float]:
        """The same ratio within each round, where both ran minutes apart at most."""
        return [new.cpu / old.cpu for new, old in zip(self.samples[key], self.samples[OLD], strict=True)]


def missing_history(root: Path) -> str | None:
    """Why the commit cannot be read here, or None when it can."""
    found = subprocess.run(
        ["git", "-C", str(root), "cat-file", "-e", f"{COMMIT}^{{commit}}"], capture_output=True, text=True, check=False
    )
    if found.returncode == 0:
        return None
    shallow = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--is-shallow-repository"], capture_output=True, text=True, check=False
    )
    if shallow.stdout.strip() == "true":
        return (
            f"commit {COMMIT} is not in this clone, which is shallow (its history is cut off): "
            "run `git fetch --unshallow`, then `make bench` again"
        )
    if shallow.returncode != 0:
        return f"this folder is not a git clone, so commit {COMMIT} cannot be read: run `make bench` in a clone"
    return f"commit {COMMIT} is not in this clone's history: fetch it from the main repository, then rerun"


def extract(root: Path, target: Path) -> None:
    """The commit's files, as `git archive COMMIT | tar -x -C target` gives them."""
    target.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", str(root), "archive", COMMIT], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout, check=True)
    assert archive.stdout is not None
    archive.stdout.close()
    if archive.wait() != 0:
        raise ProcessFailed(f"git archive {COMMIT} failed")


def old_project(code: Path, target: Path, env: dict[str, str]) -> tuple[Path, Path]:
    """7e36980's own generator, run from its own tree (it reads that tree's facts.json)."""
    script = (
        "import sys; from pathlib import Path; from bench.generate import generate; "
        "generate(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))"
    )
    command = [PYTHON, "-c", script, target, str(N_FACTS), str(N_PAGES)]
    subprocess.run([str(part) for part in command], cwd=code, env=env, check=True, capture_output=True)
    return target / "facts.json", target / "templates"


def builds(root: Path, work: Path, env: dict[str, str]) -> list[Build]:
    code = work / "code"
    extract(root, code)
    old_facts, old_templates = old_project(code, work / "old", env)
    like_facts, like_templates = generate(work / "like", N_FACTS, N_PAGES, old_citations=True)
    full_facts, full_templates = generate(work / "full", N_FACTS, N_PAGES)
    return [
        Build(OLD, f"{COMMIT} (before the refactor), its own generated input", code, old_facts, old_templates),
        Build(LIKE, "today, the same content (`--old-citations`)", root, like_facts, like_templates),
        Build(FULL, "today, today's generated input (a passage per citation)", root, full_facts, full_templates),
    ]


def measure(root: Path, work: Path, runs: int, env: dict[str, str], log: Callable[[str], None]) -> Comparison:
    """Alternate the three builds `runs` times; never raises for a missing or broken old commit."""
    missing = missing_history(root)
    if missing:
        log(f"  not measured: {missing}")
        return Comparison(missing)
    shutil.rmtree(work, ignore_errors=True)
    result = Comparison(builds=builds(root, work, env))
    result.samples = {build.key: [] for build in result.builds}
    for index in range(runs):
        shift = index % len(result.builds)
        for build in result.builds[shift:] + result.builds[:shift]:  # each build takes each place in turn
            docs = build.facts.parent / "docs"
            shutil.rmtree(docs, ignore_errors=True)
            command = [PYTHON, build.code / "build_facts.py", "--facts", build.facts, "--templates", build.templates]
            try:
                sample = run([*command, "--docs", docs], build.facts.parent, env)
            except ProcessFailed as failed:
                if build.key != OLD:
                    raise  # today's build failing is a bug to see, not a gap to note
                return Comparison(f"{COMMIT}'s build did not run with today's packages: {str(failed)[-300:]}")
            result.samples[build.key].append(sample)
            result.files[build.key] = sum(1 for p in docs.rglob("*") if p.is_file())
        log(
            f"  round {index + 1}: "
            + ", ".join(f"{key} {samples[-1].cpu:.2f} s CPU" for key, samples in result.samples.items())
        )
    return result


def verdict(ratio: float) -> str:
    return "**met**" if ratio <= 1 + TARGET else "**not met**"


def summary_row(result: Comparison) -> str:
    """The line of the summary table for issue 8."""
    target = f"10,000 facts build within {TARGET:.0%} of {COMMIT} (CPU time, same content)"
    if result.missing:
        return f"| {target} | not measured: {result.missing} | |"
    ratio = result.ratio(LIKE)
    return (
        f"| {target} | x{ratio:.2f} (median of paired rounds; medians {result.cpu(LIKE):.2f} s vs "
        f"{result.cpu(OLD):.2f} s); today's full input "
        f"x{result.ratio(FULL):.2f} | {verdict(ratio)} |"
    )


def section(result: Comparison, runs: int) -> list[str]:
    out = [f"## 10,000 facts against {COMMIT}, before the typed-model refactor (issue 8)\n"]
    add = out.append
    if result.missing:
        add(f"Not measured in this run: {result.missing}.\n")
        return out
    add(f"`bench/before.py`: {COMMIT} taken from git history (`git archive`), its own `bench/generate.py` and")
    add("`build_facts.py`; today's build on the same content (`bench/generate.py --old-citations`: the same")
    add("statements, values, placeholders, pages and sources, no passages where today's checks allow none) and on")
    add(f"today's generated input. The three alternate in one loop ({runs} rounds, each in a different order), from")
    add("scratch, timed in CPU time (user + system of the whole process, Python start-up included).\n")
    add("| code and input | facts file | files written | CPU (median) | range | ratio to 7e36980 (paired) | target |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    for build in result.builds:
        low, high = result.cpu_range(build.key)
        ratio = "" if build.key == OLD else f"x{result.ratio(build.key):.2f}"
        target = (
            "" if build.key == OLD else (verdict(result.ratio(build.key)) if build.key == LIKE else "(not comparable)")
        )
        add(
            f"| {build.label} | {build.size / 1e6:.2f} MB | {result.files[build.key]} | "
            f"{result.cpu(build.key):.2f} s | {low:.2f} to {high:.2f} s | {ratio} | {target} |"
        )
    add("")
    for key, what in ((LIKE, "same content"), (FULL, "today's full input")):
        ratios = result.round_ratios(key)
        add(
            f"- {what}: ratio within each round "
            + ", ".join(f"{r:.2f}" for r in ratios)
            + f" (median {statistics.median(ratios):.2f})"
        )
    add("")
    add("What the same content still costs today that it did not at 7e36980, and cannot be left out: a fact")
    add("must rest on a passage someone read, and a confirmed fact on a primary source's passage")
    add("(`checks/integrity.py`), so each generated fact keeps one short passage and cites its other source as")
    add('`"seen": false`; each citation has its own footnote (7e36980 had one per source per page); and the')
    add('Sources page lists every sentence each source supports, with its passage or "passage not seen".')
    add("")
    return out
