"""Japanese pages: each at jReadability 3.5 or above, measured on the built HTML as readers get it."""

from __future__ import annotations

from pathlib import Path

import yaml
from fugashi import Tagger
from jreadability import compute_readability
from support import ROOT

from factsite.readability_ja import MIN_SCORE, measure_site, page_text, table


def japanese_nav_pages() -> int:
    config = yaml.load((ROOT / "mkdocs.ja.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return len(config["nav"])


def test_every_japanese_page_is_measured_and_at_3_5_or_above(built_site: Path) -> None:
    scores = measure_site(built_site / "ja", Tagger())
    assert len(scores) == japanese_nav_pages(), table(scores)  # every page of the Japanese menu
    assert not [s for s in scores if s.score < MIN_SCORE], "\n" + table(scores)


def test_a_page_of_long_hard_sentences_falls_under_the_gate() -> None:
    hard = "脊髄損傷後亜急性期における人工多能性幹細胞由来神経前駆細胞移植の安全性評価を主要評価項目とした。" * 5
    easy = "けがをしました。ゆっくり休みます。家族と話します。" * 5
    scores = [compute(f"<article><p>{text}</p></article>") for text in (hard, easy)]
    assert scores[0] < MIN_SCORE <= scores[1]


def compute(html: str) -> float:
    text, _ = page_text(html)
    return compute_readability(text, Tagger())
