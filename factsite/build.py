"""The whole pipeline: load -> model -> check -> render -> write -> mkdocs."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factsite import address as site_address
from factsite import japanese, manifest, updates
from factsite.checks import check_all, model_of
from factsite.feed import FEED_FILE, atom_feed
from factsite.load import load_facts
from factsite.model import Facts
from factsite.problems import BuildFailed, Problem
from factsite.render import make_environment, render_pages
from factsite.site import build_site
from factsite.write import WriteReport, replace_tree, staged_pages, write_pages


@dataclass(frozen=True)
class Compiled:
    facts: Facts
    pages: dict[str, str | bytes]
    warnings: list[Problem]  # printed on every build; fatal under --strict
    manifest: dict[str, Any] | None = None  # what readers are shown (factsite/manifest.py), when asked for


@dataclass(frozen=True)
class Publishing:
    """What the pages depend on besides facts.json and templates/."""

    address: str | None = None  # the site's address (mkdocs.yml's site_url), ending in '/'
    published: Path | None = None  # published.json: what the last publish showed, to date changed sections
    want_manifest: bool = False  # make diff and make publish need the manifest


def compile_facts(
    facts_path: Path, templates_dir: Path, today: dt.date, strict: bool = False, publishing: Publishing | None = None
) -> Compiled:
    """Check everything and render every page in memory. Raises BuildFailed; writes nothing."""
    publishing = publishing or Publishing()
    if not templates_dir.is_dir():
        raise BuildFailed([Problem(str(templates_dir), "", "templates folder not found", "check the path")])
    with _no_cycle_collection():
        return _compile(facts_path, templates_dir, today, strict, publishing)


def _compile(facts_path: Path, templates_dir: Path, today: dt.date, strict: bool, publishing: Publishing) -> Compiled:
    env = make_environment(templates_dir)
    data = load_facts(facts_path)
    facts = model_of(data, facts_path.name)
    warnings = check_all(facts, env, templates_dir, today, strict)
    assets = static_files(templates_dir)
    pages: dict[str, str | bytes] = {**render_pages(facts, templates_dir, env), **assets}
    previous = manifest.load(publishing.published) if publishing.published else None
    # Reading every page's sentences takes a few tenths of a second: only when they are compared.
    sections = manifest.sectioned(pages) if previous is not None or publishing.want_manifest else {}
    dates = updates.section_dates(facts, sections, previous)
    pages = updates.mark_updated(pages, dates, facts.words.updated_on)
    # The Japanese edition (docs/ja/), when facts.ja.json and templates/ja/ exist. In the manifest
    # (make diff lists its changes), but its sections are not dated: no "Updated on" under a heading.
    edition = japanese.compile_edition(facts_path, templates_dir, data, facts, assets, strict)
    shown = None
    if publishing.want_manifest:
        ja_shown = (edition.facts, manifest.sectioned(edition.pages, japanese=True)) if edition.facts else None
        shown = manifest.of(facts, sections, dates, ja_shown)
    pages |= edition.pages
    warnings = warnings + edition.warnings
    pages[FEED_FILE] = atom_feed(facts, publishing.address)
    editions = []
    if edition.facts is not None:  # its own feed, in Japanese, at its own root
        pages[f"{japanese.FOLDER}/{FEED_FILE}"] = atom_feed(edition.facts, publishing.address, f"{japanese.FOLDER}/")
        editions.append(f"{japanese.FOLDER}/")
    pages["robots.txt"] = site_address.robots_txt(publishing.address, editions)
    return Compiled(facts, pages, warnings, shown)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while the build runs.

    A build allocates hundreds of thousands of objects that live until it ends (the data, the
    model, the pages), and almost no reference cycles: the collector would walk them again and
    again for nothing (a twentieth of a 10,000-fact build). Turned back on after, so a long-running
    preview process still collects whatever a build left behind.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def static_files(templates_dir: Path) -> dict[str, bytes]:
    """Stylesheets, pictures and other assets in templates/assets/, copied as they are into docs/assets/."""
    assets = templates_dir / "assets"
    try:
        return {
            f"assets/{path.relative_to(assets).as_posix()}": path.read_bytes()
            for path in sorted(assets.rglob("*"))
            if path.is_file()
        }
    except OSError as err:
        where = Path(err.filename or assets).name
        raise BuildFailed([Problem("templates/assets", where, f"cannot be read: {err.strerror}", "check it")]) from None


def build(compiled: Compiled, docs_dir: Path, site: SiteTarget | None = None) -> WriteReport:
    """Replace docs_dir with the compiled pages, in one step; with `site`, also build the HTML site
    from the new pages and swap both in together, only once both are complete."""
    if site is None:
        return write_pages(compiled.pages, docs_dir)
    with staged_pages(compiled.pages, docs_dir) as (staging, report):
        epoch = site.source_date_epoch or _midnight(compiled.facts.site.last_reviewed)
        japanese_edition = f"{japanese.FOLDER}/index.md" in compiled.pages
        build_site(
            site.config,
            staging,
            site.site_dir,
            epoch,
            lambda: replace_tree(staging, docs_dir.resolve()),
            japanese_edition,
        )
    return report


@dataclass(frozen=True)
class SiteTarget:
    config: Path  # mkdocs.yml
    site_dir: Path
    source_date_epoch: int | None = None  # None: midnight UTC of site.last_reviewed


def _midnight(date: str) -> int:
    """A stable date for the sitemap when SOURCE_DATE_EPOCH is not set: the last review."""
    return int(dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC).timestamp())
