"""Shared fixtures: the real facts file, the real site and the fixture site built once per test run.

Helpers live in tests/support.py; test modules import from there, never from each other.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
from support import (
    FIXTURE_CONFIG,
    FIXTURE_FACTS,
    FIXTURE_TODAY,
    REAL_FACTS,
    fixture_with_japanese,
    once_per_run,
    run_main,
)


@pytest.fixture
def real_facts_data() -> dict[str, Any]:
    """A fresh copy of the real facts.json, for the tests of rules its content must follow."""
    return copy.deepcopy(REAL_FACTS)


@pytest.fixture
def fixture_data() -> dict[str, Any]:
    """A fresh copy of the fixture site's facts (tests/fixture_site/) for a unit test to change."""
    return copy.deepcopy(FIXTURE_FACTS)


def _build_real_site(work: Path) -> None:
    result = run_main("--docs", work / "docs", "--site", work / "site")
    assert result.returncode == 0, result.stderr


def _build_fixture_site(work: Path) -> None:
    facts = fixture_with_japanese(work / "project")
    result = run_main(
        *("--facts", facts, "--templates", facts.parent / "templates", "--today", FIXTURE_TODAY),
        *("--config", FIXTURE_CONFIG),
        *("--docs", work / "docs", "--site", work / "site"),
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real site compiled and built with `mkdocs build --strict`, once per test run: (docs, site).

    Tests read it and never change it; a test that needs to change a build copies it first.
    """
    work = once_per_run(tmp_path_factory, "real-build", _build_real_site)
    return work / "docs", work / "site"


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The fixture site with its Japanese edition, built as `make site` builds: (facts file, docs, site).

    For tests of the pipeline (safe rewrites, kills): a third of the real site's build time. Its
    templates are beside the facts file. Tests read it and never change it; copy it to change it.
    """
    work = once_per_run(tmp_path_factory, "fixture-build", _build_fixture_site)
    return work / "project" / "facts.json", work / "docs", work / "site"


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest) -> Path:
    """The real site as a reader gets it.

    FACTSITE_SITE_DIR=path checks an already built site instead (the benchmark points it
    at Zensical's output, to run the same content checks on another engine's HTML).
    """
    given = os.environ.get("FACTSITE_SITE_DIR")
    if given:
        return Path(given).resolve()
    return request.getfixturevalue("real_build")[1]


BROWSER_FIXTURES = {"browser", "phone_page", "desktop_page", "site_url"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs Chromium, so `-m "not browser"` runs the rest without listing them."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


# Browser fixtures live in their own module; importing them here makes them available to every test.
from browser_fixtures import artifacts, browser, desktop_page, phone_page, site_url  # noqa: E402, F401
