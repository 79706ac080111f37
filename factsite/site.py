"""Step 5: `mkdocs build --strict` into a folder beside site/, swapped in only if it succeeded."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from factsite.output_safety import stamp
from factsite.problems import BuildFailed, Problem
from factsite.write import clean_leftovers, keep_unchanged, new_staging, replace_tree


def _nothing() -> None:
    pass


def build_site(
    config: Path,
    docs_dir: Path,
    site_dir: Path,
    source_date_epoch: int,
    before_swap: Callable[[], None] = _nothing,
    japanese: bool = False,
) -> None:
    """Build the HTML site from docs_dir. Raise BuildFailed with MkDocs's warnings; site_dir is then unchanged.

    `before_swap` runs once the new site is complete, just before it replaces the old one: the
    caller swaps the new docs/ in there, so docs/ and site/ change together or not at all.
    """
    site_dir = site_dir.resolve()  # MkDocs reads relative paths from the config file's folder
    clean_leftovers(site_dir)
    staging = new_staging(site_dir)
    try:
        japanese = japanese and japanese_config(config) is not None
        extra = {"extra": {"alternate": ALTERNATE["en"], **edition_roots(config)}} if japanese else {}
        _mkdocs_build(config, config_for(config, docs_dir, staging, **extra), staging / "site", source_date_epoch)
        ja_config = japanese_config(config) if japanese else None
        if ja_config is not None:  # after the English build, which empties its folder, site/ja/ included
            settings = japanese_settings(config, ja_config)
            child = config_for(config, docs_dir / "ja", staging, name=JA_CONFIG, **settings)
            _mkdocs_build(ja_config, child, staging / "site" / "ja", source_date_epoch)
        stamp(staging / "site", "site")  # marks it as ours: a later build may replace it
        keep_unchanged(staging / "site", site_dir)  # unchanged pages keep their modification time
        before_swap()
        replace_tree(staging / "site", site_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def _mkdocs_build(config: Path, child: Path, into: Path, source_date_epoch: int) -> None:
    """`mkdocs build --strict` in this process: any warning or error of MkDocs fails the build.

    Not `mkdocs build --strict --quiet` in a child process, as before: --quiet raises MkDocs's log
    level above WARNING, so strict mode never counted a warning, and a page with a broken link was
    published (mkdocs/mkdocs#4126). Here its warnings are collected, not printed, and each one is a
    problem. In this process, MkDocs's imports are paid once for both editions.
    """
    import jinja2
    from mkdocs.commands.build import build  # the slow imports: only a site build needs them
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _mkdocs_messages() as messages, _source_date_epoch(source_date_epoch):
        try:
            build(load_config(str(child), site_dir=str(into), strict=True))
        except MkDocsException as failure:  # a bad config, or strict mode stopping at a warning
            if not messages:  # its own summary ("Aborted with 1 warnings in strict mode!") says less
                messages.append(" ".join(str(failure).split()))
        except jinja2.TemplateError as failure:  # a theme override (overrides/) that does not render
            raise BuildFailed([_template_problem(failure)]) from None
    if messages:
        raise BuildFailed([Problem(config.name, "", f"mkdocs: {line}", "fix what it names") for line in messages])


class _Collected(logging.Handler):
    """Each record MkDocs logs at WARNING or above, as one line."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(" ".join(record.getMessage().split()).removesuffix("."))  # Problem adds its own


@contextlib.contextmanager
def _mkdocs_messages() -> Iterator[list[str]]:
    """MkDocs's warnings and errors, collected instead of printed; its INFO lines are not wanted."""
    logger = logging.getLogger("mkdocs")  # every MkDocs, Material and hook logger is below this one
    collected = _Collected()
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(collected)
    try:
        yield collected.lines
    finally:
        logger.removeHandler(collected)
        logger.setLevel(level)
        logger.propagate = propagate


@contextlib.contextmanager
def _source_date_epoch(value: int) -> Iterator[None]:
    """Same inputs, same bytes: MkDocs dates the sitemap from SOURCE_DATE_EPOCH, not the clock."""
    if "SOURCE_DATE_EPOCH" in os.environ:  # the caller's (make sets it from the last commit)
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(value)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _template_problem(failure: Exception) -> Problem:
    """A theme override that MkDocs could not render: its file and line."""
    name = getattr(failure, "filename", None) or getattr(failure, "name", None) or "overrides"
    line = getattr(failure, "lineno", None)
    return Problem(str(name), f"line {line}" if line else "", f"mkdocs: {failure}", "fix the template")


# The Japanese edition's own settings (title, nav, language, search), on top of mkdocs.yml's.
JA_CONFIG = "mkdocs.ja.yml"
# The language switch: each edition's home, relative to this edition's root (hooks/alternate_pages.py adds
# the page, so the switch and the hreflang links go to the same page in the other language).
ALTERNATE = {
    "en": [{"name": "English", "link": "", "lang": "en"}, {"name": "日本語", "link": "ja/", "lang": "ja"}],
    "ja": [{"name": "English", "link": "../", "lang": "en"}, {"name": "日本語", "link": "", "lang": "ja"}],
}


def japanese_config(config: Path) -> Path | None:
    """mkdocs.ja.yml beside the config, or beside the config it inherits from; None: no Japanese site."""
    seen: set[Path] = set()
    current: Path | None = config.resolve()
    while current is not None and current not in seen and current.is_file():
        seen.add(current)
        if (found := current.with_name(JA_CONFIG)).is_file() and found != current:
            return found
        parent = (yaml.safe_load(current.read_text(encoding="utf-8")) or {}).get("INHERIT")
        current = (current.parent / parent).resolve() if isinstance(parent, str) else None
    return None


def japanese_settings(config: Path, path: Path) -> dict[str, object]:
    """mkdocs.ja.yml's settings, less the ones the build decides (where to read and write)."""
    settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key in ("INHERIT", "docs_dir", "site_dir"):
        settings.pop(key, None)
    site_url = _site_url(config)
    if site_url:
        settings["site_url"] = site_url + "ja/"
    settings["extra"] = {**settings.get("extra", {}), "alternate": ALTERNATE["ja"], **edition_roots(config)}
    return settings


def edition_roots(config: Path) -> dict[str, object]:
    """Each edition's absolute address, for the hreflang links in the sitemaps (overrides/sitemap.xml)."""
    site_url = _site_url(config)
    return {"edition_roots": {"en": site_url, "ja": site_url + "ja/"}} if site_url else {}


def _site_url(config: Path) -> str | None:
    """site_url of the config, or of the config it inherits from, ending in '/'."""
    current: Path | None = config.resolve()
    while current is not None and current.is_file():
        data = yaml.safe_load(current.read_text(encoding="utf-8")) or {}
        if data.get("site_url"):
            return str(data["site_url"]).rstrip("/") + "/"
        parent = data.get("INHERIT")
        current = (current.parent / parent).resolve() if isinstance(parent, str) else None
    return None


def config_for(config: Path, docs_dir: Path, folder: Path, name: str = "mkdocs.yml", **extra: object) -> Path:
    """Write folder/mkdocs.yml: the project's config, reading pages from docs_dir, plus `extra` settings.

    MkDocs has no option for docs_dir, so a small config that inherits the project's is the way.
    """
    base = config.resolve()
    settings: dict[str, object] = {"INHERIT": str(base), "docs_dir": str(docs_dir.resolve()), **extra}
    # Paths in the project config are relative to its folder; this config lives elsewhere.
    paths = _paths(base)
    if "custom_dir" in paths:
        extra_theme = extra.get("theme")
        settings["theme"] = {
            **(extra_theme if isinstance(extra_theme, dict) else {}),
            "custom_dir": paths["custom_dir"],
        }
    settings |= {key: value for key, value in paths.items() if key != "custom_dir"}
    child = folder / name
    child.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return child


def _paths(config: Path) -> dict[str, Any]:
    """theme.custom_dir, hooks and watch as absolute paths, from the config or the configs it inherits."""
    found: dict[str, Any] = {}
    current: Path | None = config
    while current is not None and current.is_file():
        data = yaml.safe_load(current.read_text(encoding="utf-8")) or {}
        theme = data.get("theme")
        if isinstance(theme, dict) and theme.get("custom_dir"):
            found.setdefault("custom_dir", str(current.parent / theme["custom_dir"]))
        for key in ("hooks", "watch"):
            if isinstance(data.get(key), list):
                found.setdefault(key, [str(current.parent / path) for path in data[key]])
        parent = data.get("INHERIT")
        current = (current.parent / parent).resolve() if isinstance(parent, str) else None
    return found
