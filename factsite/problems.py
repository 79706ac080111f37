"""A problem found in the editor's input, reported as one line they can act on."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


def closest(unknown: str, known: Iterable[str], otherwise: str = "") -> str:
    """'did you mean ...?' with the closest known ids; else `otherwise`, or the known ids themselves."""
    known = list(known)
    close = _close_ids(unknown, known)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if otherwise:
        return otherwise
    if not known:
        return "there is none yet: check the spelling, or add it"
    names = [f"'{k}'" for k in known[:6]]
    return "use one of " + ", ".join(names) + (", ..." if len(known) > 6 else "")


def _close_ids(unknown: str, known: list[str]) -> list[str]:
    """Up to three ids that look like `unknown`, only the nearly-best ones (a typo has one answer)."""
    import difflib  # here, not at the top: only a build with a problem needs it, and it takes tens of ms to import

    scored = sorted(((difflib.SequenceMatcher(None, unknown, k).ratio(), k) for k in known), key=lambda pair: -pair[0])
    good = [(score, k) for score, k in scored if score >= 0.6]
    return [k for score, k in good[:3] if score >= good[0][0] - 0.05]


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise BuildFailed(problems)
