"""Same inputs, same bytes: two builds give identical docs/ and site/, sitemap dates included."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from support import ROOT, run_main, write_json

from factsite.site import config_for

# Slow: real MkDocs builds, twice over. `make test` runs these; `make test-quick` leaves them out.
pytestmark = pytest.mark.slow

TODAY = "2026-11-29"


def config_with_site_url(where: Path) -> Path:
    """The real config plus a site address: MkDocs lists pages and their dates in the sitemap only then."""
    return config_for(ROOT / "mkdocs.yml", where / "docs", where, site_url="https://example.org/explainer/")


def build(where: Path, epoch: str | None, *args: str) -> tuple[Path, Path]:
    """Build in this process (MkDocs still runs as its own process), with or without SOURCE_DATE_EPOCH."""
    where.mkdir()
    docs, site = where / "docs", where / "site"
    with pytest.MonkeyPatch.context() as patch:
        if epoch is None:
            patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            patch.setenv("SOURCE_DATE_EPOCH", epoch)
        result = run_main(
            "--today", TODAY, "--docs", docs, "--site", site, "--config", config_with_site_url(where), *args
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


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first_docs, first_site = build(tmp_path / "first", "1742515200")
    second_docs, second_site = build(tmp_path / "second", "1742515200")
    assert contents(first_docs) == contents(second_docs)
    first, second = contents(first_site), contents(second_site)
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "index.html"} <= set(first)
    assert first == second
    assert sitemap_dates(first_site) == {"2025-03-21"}


def test_sitemap_dates_come_from_the_inputs_not_the_clock(tmp_path: Path, facts_data: dict[str, Any]) -> None:
    _, site = build(tmp_path / "a", "1000000000")
    assert sitemap_dates(site) == {"2001-09-09"}
    # Without SOURCE_DATE_EPOCH, the date of the last review in facts.json stands in.
    facts_data["site"]["last_reviewed"] = "2026-10-05"
    facts = write_json(tmp_path / "facts.json", facts_data)
    _, site = build(tmp_path / "b", None, "--facts", str(facts))
    assert sitemap_dates(site) == {"2026-10-05"}
