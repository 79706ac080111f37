"""The Japanese search separator (mkdocs.ja.yml) cuts a typed question into pieces that begin words.

Material splits a query only at its `separator` (no TinySegmenter on the query side), so these
pieces are what the browser looks up. The browser test (tests/test_browser_ja.py) checks the
results; this one says, fast and without a browser, which piece went wrong when it fails.
"""

from __future__ import annotations

import re

import pytest
import yaml
from support import ROOT


def separator() -> re.Pattern[str]:
    config = yaml.load((ROOT / "mkdocs.ja.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    search = next(plugin["search"] for plugin in config["plugins"] if isinstance(plugin, dict) and "search" in plugin)
    return re.compile(search["separator"])


def split(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Material's split (search/internal/_): the text between matches; an empty match cuts in place."""
    pieces: list[str] = []
    start = 0
    for match in pattern.finditer(text):
        if start < match.start():
            pieces.append(text[start : match.start()])
        start = max(start, match.end())
    if start < len(text):
        pieces.append(text[start:])
    return pieces


@pytest.mark.parametrize(
    "question, pieces",
    [
        ("治験に参加できる？", ["治験", "参加", "できる"]),
        ("何年も前のけが", ["何年", "前", "のけが"]),
        ("だれが参加できた？", ["だれが", "参加", "できた"]),
        ("幹細胞のクリニック", ["幹細胞", "クリニック"]),
        ("iPS細胞とは？", ["iPS", "細胞", "とは"]),
        ("費用", ["費用"]),
        ("けが", ["けが"]),
    ],
)
def test_a_question_is_cut_at_particles_and_where_kanji_meet_kana(question: str, pieces: list[str]) -> None:
    assert split(question, separator()) == pieces
