"""Shared fixtures: the real facts file, and builds into temporary folders."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from factsite.site import config_for

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

_REAL_FACTS = json.loads((ROOT / "facts.json").read_text(encoding="utf-8"))


@pytest.fixture
def facts_data() -> dict[str, Any]:
    """A fresh copy of the real facts file for a test to break."""
    return copy.deepcopy(_REAL_FACTS)


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run build_facts.py as an editor would, capturing what they would see."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build_facts.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, compiled and built with `mkdocs build --strict` once per test run.

    FACTSITE_SITE_DIR=path checks an already built site instead (the benchmark points it
    at Zensical's output, to run the same content checks on another engine's HTML).
    """
    given = os.environ.get("FACTSITE_SITE_DIR")
    if given:
        return Path(given).resolve()
    work = tmp_path_factory.mktemp("site-build")
    docs, site = work / "docs", work / "site"
    result = run_build("--docs", str(docs))
    assert result.returncode == 0, result.stderr
    config = config_for(ROOT / "mkdocs.yml", docs, work, site_dir=str(site))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "0"}
    mkdocs = shutil.which("mkdocs", path=str(BIN)) or "mkdocs"
    build = subprocess.run([mkdocs, "build", "--strict", "-f", str(config)], capture_output=True, text=True, env=env)
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    return site


# Browser fixtures live in their own module; importing them here makes them available to every test.
from browser_fixtures import artifacts, browser, desktop_page, phone_page, site_url  # noqa: E402, F401
