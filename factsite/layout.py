"""Where things go: which templates make pages, and which facts each page section shows."""

from __future__ import annotations

from pathlib import Path

from factsite.model import Facts

TEMPLATE_SUFFIX = ".md.j2"


def page_templates(templates_dir: Path) -> dict[str, Path]:
    """Page id -> template. Files starting with '_' are partials, not pages."""
    return {
        path.name.removesuffix(TEMPLATE_SUFFIX): path
        for path in sorted(templates_dir.glob(f"*{TEMPLATE_SUFFIX}"))
        if not path.name.startswith("_")
    }


def facts_by_section(facts: Facts) -> dict[str, dict[str, list[str]]]:
    """Page -> section -> fact ids in file order. Built once per build: scanning every
    fact for every section made a 10,000-fact, 500-page build take seconds."""
    index: dict[str, dict[str, list[str]]] = {}
    for fact in facts.facts.values():
        if fact.placement is not None:
            index.setdefault(fact.placement.page, {}).setdefault(fact.placement.section, []).append(fact.id)
    return index
