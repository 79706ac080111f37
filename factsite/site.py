"""Step 5: `mkdocs build --strict` into a folder beside site/, swapped in only if it succeeded."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from factsite.output_safety import stamp
from factsite.problems import BuildFailed, Problem
from factsite.write import clean_leftovers, keep_unchanged, new_staging, replace_tree

LEVEL = re.compile(r"^(WARNING|ERROR)\s*-\s*")


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
    result = subprocess.run(
        [_mkdocs(), "build", "--strict", "--quiet", "-f", str(child), "-d", str(into)],
        capture_output=True,
        text=True,
        env=_environment(source_date_epoch),
        check=False,
    )
    if result.returncode != 0:
        raise BuildFailed(_problems(result.stderr, config))


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


def _mkdocs() -> str:
    # The mkdocs installed beside this Python (the project's .venv), not whatever is on PATH.
    return shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"


def _environment(source_date_epoch: int) -> dict[str, str]:
    # Same inputs, same bytes: the sitemap's dates come from SOURCE_DATE_EPOCH, not the clock.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch))
    return env


def _problems(stderr: str, config: Path) -> list[Problem]:
    """MkDocs's own warnings and errors, one line each, without its log-level prefix."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    found = [line for line in lines if LEVEL.match(line)] or lines[-1:] or ["it failed without saying why"]
    return [Problem(config.name, "", f"mkdocs: {LEVEL.sub('', line)}", "fix what it names") for line in found]
