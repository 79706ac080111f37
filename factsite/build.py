"""The whole compile step: load -> validate -> render -> write."""

from __future__ import annotations

from pathlib import Path

from factsite.load import load_facts
from factsite.render import render_pages
from factsite.validate import Facts, validate_facts
from factsite.write import WriteReport, write_pages


def compile_facts(facts_path: Path, templates_dir: Path) -> tuple[Facts, dict[str, str]]:
    """Check everything and render every page in memory. Raises BuildFailed; writes nothing."""
    facts = validate_facts(load_facts(facts_path), facts_path.name)
    return facts, render_pages(facts, templates_dir) | static_files(templates_dir)


def static_files(templates_dir: Path) -> dict[str, str]:
    """Stylesheets and other assets in templates/assets/, copied into docs/assets/."""
    assets = templates_dir / "assets"
    return {
        f"assets/{path.relative_to(assets).as_posix()}": path.read_text(encoding="utf-8")
        for path in sorted(assets.rglob("*"))
        if path.is_file()
    }


def build(facts_path: Path, templates_dir: Path, docs_dir: Path) -> WriteReport:
    """Compile, and only if every check passed, update docs_dir."""
    _, pages = compile_facts(facts_path, templates_dir)
    return write_pages(pages, docs_dir)
