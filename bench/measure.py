"""Time whole processes: wall time, CPU time and peak memory of one child, and medians over runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds, start to exit
    cpu: float  # seconds of user + system time: less disturbed by other work on a shared machine
    peak_kb: int  # peak resident memory of the process, in KiB (ru_maxrss on Linux)
    output: str


class ProcessFailed(RuntimeError):
    pass


def run(command: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Run one process to the end and measure it (os.wait4 gives this child's own usage)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise ProcessFailed(f"{' '.join(map(str, command))} exited {process.returncode}:\n{output[-2000:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, output)


@dataclass(frozen=True)
class Summary:
    wall: float
    cpu: float
    peak_kb: int
    walls: list[float]


def summarise(samples: list[Sample]) -> Summary:
    return Summary(
        wall=statistics.median(s.wall for s in samples),
        cpu=statistics.median(s.cpu for s in samples),
        peak_kb=max(s.peak_kb for s in samples),
        walls=[s.wall for s in samples],
    )


def repeat(runs: int, before: Callable[[], None], command: Sequence[str | Path], cwd: Path, **kw: object) -> Summary:
    """Run `before` (untimed), then the command (timed), `runs` times; the median of each measure."""
    samples = []
    for _ in range(runs):
        before()
        samples.append(run(command, cwd, **kw))  # type: ignore[arg-type]
    return summarise(samples)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def growth_ok(sizes: list[int], times: list[float]) -> bool:
    """No worse than linear: each step up in size costs at most proportionally more time."""
    steps = range(len(sizes) - 1)
    return all(times[i + 1] / times[i] <= sizes[i + 1] / sizes[i] for i in steps)
