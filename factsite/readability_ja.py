"""How hard each page of the Japanese edition (site/ja/) is to read, with jReadability.

jReadability (Lee and Hasebe) scores Japanese text for readers of Japanese as a second
language; higher is easier: 5.5 to 6.5 lower elementary, 4.5 to 5.5 upper elementary, 3.5 to
4.5 lower intermediate. We aim for 4.5 and require 3.5 (issue 11). It runs offline: fugashi
splits the words with the unidic-lite dictionary, which ships inside its package.

The text measured is the one English pages are measured on (factsite/readability.py's
page_text: the article, without footnotes, drawings or the Sources pages' entries), less any
block still in English (marked 未翻訳): it is not Japanese text; the table counts those blocks.
jReadability ends a sentence only at 。？！, so each block is given one if it has none.

Usage: python -m factsite.readability_ja site/ja     (prints the table; exit 1 if a page is under the limit)
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from fugashi import Tagger
from jreadability import compute_readability

from factsite.readability import BLOCKS, EXCLUDED, report, site_pages
from factsite.translations import UNTRANSLATED as MARKER

MIN_SCORE = 3.5  # lower intermediate; the aim is 4.5 (upper elementary)
AIM = 4.5
UNTRANSLATED = '[lang="en"], .fs-untranslated'
ENDS = "。？！"


@dataclass(frozen=True)
class Score:
    page: str
    characters: int
    untranslated: int  # blocks left out because they are still in English
    score: float


def page_text(html: str) -> tuple[str, int]:
    """The page's Japanese text, and how many blocks were left out as untranslated."""
    article = BeautifulSoup(html, "html.parser").select_one("article")
    if article is None:
        return "", 0
    for node in article.select(EXCLUDED):
        node.decompose()
    sentences, untranslated = [], 0
    for block in article.select(BLOCKS):
        if block.find(BLOCKS.split(", ")):
            continue
        if block.select(UNTRANSLATED) or MARKER in block.get_text():
            untranslated += 1
            continue
        text = "".join(block.get_text(" ").split())  # Japanese has no spaces between words
        if text:
            sentences.append(text if text[-1] in ENDS else text + "。")
    return "".join(sentences), untranslated


def measure_site(site_dir: Path, tagger: Tagger) -> list[Score]:
    scores = []
    for path in site_pages(site_dir):
        name = path.relative_to(site_dir).parent.as_posix()
        text, untranslated = page_text(path.read_text(encoding="utf-8"))
        score = compute_readability(text, tagger) if text else 0.0
        scores.append(Score("/ja/" if name == "." else f"/ja/{name}/", len(text), untranslated, round(score, 2)))
    return scores


def table(scores: list[Score], limit: float = MIN_SCORE) -> str:
    header = (
        "jReadability of each Japanese page's main text (higher is easier); left out: blocks still in English"
        " (counted), footnotes, drawings and the Sources pages' entries.\n"
        f"Gate: {limit:g} or above (lower intermediate); aim {AIM:g} (upper elementary).\n"
    )
    rows = [f"{'page':<22} {'characters':>10} {'untranslated':>12} {'jReadability':>13}  result"]
    for score in scores:
        result = "ok" if score.score >= limit else f"UNDER {limit:g}"
        rows.append(f"{score.page:<22} {score.characters:>10} {score.untranslated:>12} {score.score:>13.2f}  {result}")
    return header + "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the jReadability score of every Japanese page.")
    parser.add_argument("site", type=Path, help="the built Japanese site folder (site/ja/)")
    parser.add_argument("--min-score", type=float, default=MIN_SCORE, help="lowest score allowed (default: 3.5)")
    parser.add_argument("--report-only", action="store_true", help="print the table but exit 0 even when under")
    args = parser.parse_args(argv)
    return report(
        "readability_ja",
        args.site,
        lambda site: measure_site(site, Tagger()),  # one tagger: loading the dictionary is the slow part
        lambda scores: table(list(scores), args.min_score),
        lambda score: score.score < args.min_score,
        f"under {args.min_score:g}",
        args.report_only,
    )


if __name__ == "__main__":
    sys.exit(main())
