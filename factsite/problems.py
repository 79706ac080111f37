"""A problem found in the editor's input, reported as one line they can act on."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """What is wrong, where, and how to fix it."""

    file: str  # the file the editor must open, e.g. "facts.json"
    where: str  # a JSON path such as "facts[12].sources[0]" or a template line "line 14"
    message: str  # what is wrong
    hint: str = ""  # what would fix it

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        fix = f" Fix: {self.hint}" if self.hint else ""
        return f"{place}: {self.message}.{fix}"


class BuildFailed(Exception):
    """The input is invalid; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(set(problems), key=_reading_order)


def _reading_order(problem: Problem) -> tuple[str, list[object], str]:
    """Sort problems by file, then by position within it, numbers compared as numbers."""
    parts: list[object] = [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", problem.where)]
    return (problem.file, parts, problem.message)
