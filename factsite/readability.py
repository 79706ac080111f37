"""Step 6 (after `mkdocs build`): measure how hard each built page is to read.

We measure the rendered HTML in site/, not the Markdown, because that is the text a
reader actually gets: filled-in figures, no Markdown syntax, no footnote markers.

What counts as the page's text: the article (main content) as a reader sees it,
including headings, lists, tables and the "About this page" box. Left out, and said
so in the table header: the footnote list (publisher names and source titles are
bibliographic data, not our sentences), the picture drawings (their words repeat the
text alternative beside them), permalink symbols and footnote numbers.

Each block (heading, paragraph, list item, table cell) is measured as at least one
sentence: a heading without a full stop is a short sentence to a reader, and joining
it to the next paragraph would make one long sentence that nobody reads.

Gate: Flesch-Kincaid, Coleman-Liau and SMOG all at grade 8 or below (SMOG is the one health-literacy
guidance uses most; shared/reference/patient-communication.md).

Usage: python -m factsite.readability site/     (prints the table; exit 1 if a page is over the limit)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import textstat
from bs4 import BeautifulSoup

MAX_GRADE = 8.0  # NIH: below 8th grade; our aim is 6 to 7 (shared/reference/quality-criteria.md A8)
BLOCKS = "h1, h2, h3, h4, p, li, td, th, dt, dd, figcaption"
EXCLUDED = "div.footnote, .fs-bibliography, svg, a.headerlink, sup, script, style"
EXCLUDED_NOTE = (
    "left out: footnote lists, the Sources pages' entries (titles, publishers, links) and where a checked claim"
    " appeared and the support groups' website links (names of websites),"
    " picture drawings (their text alternative is counted), footnote numbers and permalinks"
)
textstat.set_lang("en_US")


class _PageResult(Protocol):
    page: str


T = TypeVar("T", bound=_PageResult)


@dataclass(frozen=True)
class Level:
    page: str
    words: int
    flesch_kincaid: float
    coleman_liau: float
    smog: float
    gunning_fog: float

    @property
    def worst(self) -> float:
        """The three formulas we gate on measure different things, so all must pass: Flesch-Kincaid
        counts syllables, Coleman-Liau letters, and SMOG long words per sentence (the formula
        health-literacy guidance uses most; it grades higher than the other two on the same text)."""
        return max(self.flesch_kincaid, self.coleman_liau, self.smog)


def page_text(html: str) -> str:
    """The article's readable text, one sentence-ending per block."""
    article = BeautifulSoup(html, "html.parser").select_one("article")
    if article is None:
        return ""
    for node in article.select(EXCLUDED):
        node.decompose()
    sentences = []
    for block in article.select(BLOCKS):
        if block.find(BLOCKS.split(", ")):  # a list item holding a paragraph: measure the inner block once
            continue
        text = " ".join(block.get_text(" ").split())
        if text:
            sentences.append(text if text[-1] in ".?!" else text + ".")  # a block is at least one sentence
    return " ".join(sentences)


def measure(page: str, text: str) -> Level:
    return Level(
        page=page,
        words=textstat.lexicon_count(text),
        flesch_kincaid=round(textstat.flesch_kincaid_grade(text), 1),
        coleman_liau=round(textstat.coleman_liau_index(text), 1),
        smog=round(textstat.smog_index(text), 1),
        gunning_fog=round(textstat.gunning_fog(text), 1),
    )


def site_pages(site_dir: Path) -> list[Path]:
    """Every content page of the built site (not the 404 page or search assets)."""
    skipped = {"assets", "search", "ja"}  # ja/: the Japanese edition, measured by factsite/readability_ja.py
    return sorted(p for p in site_dir.rglob("index.html") if not skipped & set(p.relative_to(site_dir).parts))


def measure_site(site_dir: Path) -> list[Level]:
    levels = []
    for path in site_pages(site_dir):
        name = path.relative_to(site_dir).parent.as_posix()
        levels.append(measure("/" if name == "." else f"/{name}/", page_text(path.read_text(encoding="utf-8"))))
    return levels


def table(levels: list[Level], limit: float = MAX_GRADE) -> str:
    header = (
        f"Reading level (US school grade) of each page's main text; {EXCLUDED_NOTE}.\n"
        f"Gate: Flesch-Kincaid, Coleman-Liau and SMOG must all be {limit:g} or below (aim 6 to 7).\n"
    )
    rows = [
        f"{'page':<22} {'words':>6} {'Flesch-Kincaid':>15} {'Coleman-Liau':>13} {'SMOG':>5} {'Gunning fog':>12}  result"
    ]
    for level in levels:
        result = "ok" if level.worst <= limit else f"OVER {limit:g}"
        rows.append(
            f"{level.page:<22} {level.words:>6} {level.flesch_kincaid:>15.1f} {level.coleman_liau:>13.1f} "
            f"{level.smog:>5.1f} {level.gunning_fog:>12.1f}  {result}"
        )
    return header + "\n".join(rows)


def report(
    tool: str,
    site: Path,
    measure: Callable[[Path], Sequence[T]],
    render: Callable[[Sequence[T]], str],
    failing: Callable[[T], bool],
    failure: str,
    report_only: bool,
) -> int:
    """Print a page table for both editions' command lines: exit 2 without pages, 1 if a page fails."""
    if not site.is_dir():
        print(f"{tool}: site folder not found: {site}. Fix: run `make site` first.", file=sys.stderr)
        return 2
    results = measure(site)
    if not results:
        print(f"{tool}: no pages found in {site}. Fix: run `make site` first.", file=sys.stderr)
        return 2
    print(render(results))
    failed = [result.page for result in results if failing(result)]
    if failed:
        print(f"{len(failed)} page(s) {failure}: {', '.join(failed)}", file=sys.stderr)
        return 0 if report_only else 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the reading level of every page of a built site.")
    parser.add_argument("site", type=Path, help="the built site folder (site/)")
    parser.add_argument("--max-grade", type=float, default=MAX_GRADE, help="highest grade allowed (default: 8)")
    parser.add_argument("--report-only", action="store_true", help="print the table but exit 0 even when over")
    args = parser.parse_args(argv)
    return report(
        "readability",
        args.site,
        measure_site,
        lambda levels: table(list(levels), args.max_grade),
        lambda level: level.worst > args.max_grade,
        f"above grade {args.max_grade:g}",
        args.report_only,
    )


if __name__ == "__main__":
    sys.exit(main())
