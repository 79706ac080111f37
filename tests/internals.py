"""Helpers for the unit tests that call factsite's modules directly (not the command line).

Kept apart from tests/support.py, which only drives the command line and reads its output:
when factsite's modules are reorganised, this is the one support module to follow them.
They check and render pages from facts data in memory, as the build does, for tests that
change the data first.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from factsite.checks import check_all, checked_model, model_of
from factsite.model import Facts
from factsite.problems import BuildFailed
from factsite.render import make_environment, render_pages

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 29)  # fixed, so currency findings do not change as time passes


def model(data: dict[str, Any]) -> Facts:
    """The model of `data`, which must pass the schema and the integrity checks."""
    return checked_model(data)


def unchecked(data: dict[str, Any]) -> Facts:
    """The model of `data` past the schema only: text no integrity check would let through stays in."""
    return model_of(data)


def render(data: dict[str, Any] | Facts, templates: Path = ROOT / "templates") -> dict[str, str]:
    """Render only, as render.py does after the checks passed."""
    facts = data if isinstance(data, Facts) else model(data)
    return render_pages(facts, templates, make_environment(templates))


def compile_pages(data: dict[str, Any], templates: Path = ROOT / "templates", today: dt.date = TODAY) -> dict[str, str]:
    """Every check, then render: raises BuildFailed as a build would."""
    facts, env = model_of(data), make_environment(templates)
    check_all(facts, env, templates, today)
    return render_pages(facts, templates, env)


def problems_for(data: dict[str, Any]) -> list[str]:
    """What an editor would see for `data` from the schema and integrity checks (none: [])."""
    try:
        checked_model(data)
    except BuildFailed as failure:
        return [str(p) for p in failure.problems]
    return []
