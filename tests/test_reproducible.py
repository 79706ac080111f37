"""Same inputs, same bytes: two builds give identical docs/ and site/, sitemap dates included.

The builds are of the fixture site with a Japanese edition (tests/support.py), through the real
mkdocs.yml and mkdocs.ja.yml (theme, hooks, search of both editions): the same pipeline as the real
site, at a third of the cost per build.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path
from typing import Any

import pytest
from support import FIXTURE_CONFIG, FIXTURE_TODAY, fixture_with_japanese, read_json, run_main, write_json

from factsite.site import config_for

# Slow: real MkDocs builds, twice over. `make test` runs these; `make test-quick` leaves them out.
pytestmark = pytest.mark.slow


@pytest.fixture
def fixture_facts(tmp_path: Path) -> Path:
    """A copy of the fixture site with its Japanese edition: the facts file (templates beside it)."""
    return fixture_with_japanese(tmp_path / "project")


def config_with_site_url(where: Path) -> Path:
    """The fixture's config plus a site address: MkDocs lists pages and their dates in the sitemap only then."""
    return config_for(FIXTURE_CONFIG, where / "docs", where, site_url="https://example.org/explainer/")


def build(where: Path, epoch: str | None, facts: Path, temporary: Path | None = None) -> tuple[Path, Path]:
    """Build in this process, with or without SOURCE_DATE_EPOCH.

    temporary: the system's temporary folder for the build, where the compiled templates are kept.
    """
    where.mkdir()
    docs, site = where / "docs", where / "site"
    with pytest.MonkeyPatch.context() as patch:
        if temporary is not None:
            patch.setattr(tempfile, "tempdir", str(temporary))  # tempfile read TMPDIR already
        if epoch is None:
            patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            patch.setenv("SOURCE_DATE_EPOCH", epoch)
        result = run_main(
            *("--facts", facts, "--templates", facts.parent / "templates", "--today", FIXTURE_TODAY),
            *("--docs", docs, "--site", site, "--config", config_with_site_url(where)),
        )
    assert result.returncode == 0, result.stderr
    return docs, site


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sitemap_dates(site: Path) -> set[str]:
    """The dates in the sitemap of each edition (site/ and, if built, the Japanese site/ja/)."""
    dates: set[str] = set()
    for edition in [site, *([site / "ja"] if (site / "ja").is_dir() else [])]:
        text = gzip.decompress((edition / "sitemap.xml.gz").read_bytes()).decode("utf-8")
        assert text == (edition / "sitemap.xml").read_text(encoding="utf-8")
        pages = [p for p in edition.rglob("index.html") if edition == site / "ja" or "ja" not in p.parts]
        assert text.count("<url>") == len(pages)  # every page of the edition is listed
        dates |= {part.split("</lastmod>")[0] for part in text.split("<lastmod>")[1:]}
    return dates


def damage(files: list[Path]) -> dict[Path, bytes]:
    """Every other file cut short, the rest overwritten with other bytes: what each now holds."""
    for number, path in enumerate(files):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if number % 2 else b"not a cache file")
    return {path: path.read_bytes() for path in files}


def test_two_builds_are_byte_identical(tmp_path: Path, fixture_facts: Path) -> None:
    # The first build compiles the templates (ours and the theme's) into an empty cache; the second
    # finds some of them there and the rest damaged. Neither changes a byte of what is built.
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    first_docs, first_site = build(tmp_path / "first", "1742515200", fixture_facts, temporary)
    cached = sorted(temporary.rglob("*.cache"))
    assert any("_pages_" in p.name for p in cached) and any("_theme_" in p.name for p in cached)
    damaged = damage(cached[::3])
    second_docs, second_site = build(tmp_path / "second", "1742515200", fixture_facts, temporary)
    assert sorted(temporary.rglob("*.cache")) == cached  # the same templates: nothing new to keep
    assert all(path.read_bytes() != held for path, held in damaged.items())  # compiled and kept again
    assert contents(first_docs) == contents(second_docs)
    first, second = contents(first_site), contents(second_site)
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "index.html"} <= set(first)
    assert {"ja/index.html", "ja/sitemap.xml", "ja/search/search_index.json"} <= set(first)  # both editions
    assert first == second
    assert sitemap_dates(first_site) == {"2025-03-21"}


def test_sitemap_dates_come_from_the_inputs_not_the_clock(tmp_path: Path, fixture_facts: Path) -> None:
    _, site = build(tmp_path / "a", "1000000000", fixture_facts)
    assert sitemap_dates(site) == {"2001-09-09"}
    # Without SOURCE_DATE_EPOCH, the date of the last review in facts.json stands in.
    data: dict[str, Any] = read_json(fixture_facts)
    assert data["site"]["last_reviewed"] != "2030-01-05"
    data["site"]["last_reviewed"] = "2030-01-05"
    write_json(fixture_facts, data)
    _, site = build(tmp_path / "b", None, fixture_facts)
    assert sitemap_dates(site) == {"2030-01-05"}
