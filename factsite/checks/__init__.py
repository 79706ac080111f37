"""Every check on the editor's input, in one place. Each check returns a list of problems.

    schema_problems(data)                 facts.json's data against facts.schema.json (before the model)
    integrity_problems(facts)             ids, dates, addresses, citations, placeholders, text rules
    check_currency(facts, today)          future dates (errors) and overdue checks (warnings)
    readiness_problems(facts)             placeholder contact, no editor, no clinician reviewer, no licence (warnings)
    template_problems(env, dir, facts)    templates: readable, no typed figures, ids exist, facts placed
    picture_problems(facts)               what each picture's kind needs

`check_all` runs them in that order and returns the warnings; any error raises BuildFailed.
Warnings are printed on every build; a `--strict` (publishing) build refuses them too.
`build_facts.py --check` runs exactly these, so it finds everything a build would refuse.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2

from factsite.checks.currency import check_currency
from factsite.checks.integrity import integrity_problems
from factsite.checks.pictures import picture_problems
from factsite.checks.readiness import readiness_problems
from factsite.checks.schema import schema_problems
from factsite.checks.templates import template_problems
from factsite.model import Facts, from_data
from factsite.problems import Problem, raise_if_any

__all__ = ["check_all", "model_of", "schema_problems"]


def model_of(data: Any, name: str = "facts.json") -> Facts:
    """The model of facts data once its shapes pass the schema (the model assumes them)."""
    raise_if_any(schema_problems(data, name))
    return from_data(data, name)


def checked_model(data: Any, name: str = "facts.json") -> Facts:
    """The model of facts data that passes the schema and every integrity check."""
    facts = model_of(data, name)
    raise_if_any(integrity_problems(facts))
    return facts


def check_all(
    facts: Facts, env: jinja2.Environment, templates_dir: Path, today: dt.date, strict: bool = False
) -> list[Problem]:
    """Raise BuildFailed with every problem; return the warnings (fatal too when `strict`)."""
    raise_if_any(integrity_problems(facts))  # later checks assume ids, dates and citations are sound
    currency = check_currency(facts, today)
    warnings = currency.warnings + readiness_problems(facts)
    raise_if_any(currency.errors + (warnings if strict else []))
    raise_if_any(template_problems(env, templates_dir, facts) + picture_problems(facts))
    return warnings
