"""Medical content rules: no hype in our voice, nothing unverified stated as fact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_site import PAGES, main_text

HYPE = re.compile(
    r"\b(miracle|miraculous|cure[sd]?|revolution(ary)?|breakthrough|groundbreaking|game.?changer)\b", re.I
)

# Things the research notes mark NOT FOUND or UNVERIFIED, or that the seeds got wrong.
# They may be quoted on the Claims checked page, never stated anywhere else.
NOT_TO_STATE = [
    r"jRCT",  # registry number not verified
    r"half a year|six months of|6 months of",  # immunosuppression length unconfirmed
    r"HLA.?match",  # tissue matching not found
    r"Stemirac",
    r"60-year-old|\b60 years old",
    r"into (the|their|his|patients'?) (\w+ )?brains?",  # the cells went into the spinal cord
    r"shortly after",
    r"motorcycle",
    r"waist down",
    r"new tissue",
    r"two million iPS|2 million iPS",
    r"monkey",
]

OTHER_PAGES = [page for page in PAGES if not page.startswith("claims/")]


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_no_hype_words_in_our_voice(built_site: Path, page: str) -> None:
    assert not HYPE.search(main_text(built_site, page))


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_nothing_unverified_is_stated(built_site: Path, page: str) -> None:
    text = main_text(built_site, page)
    for pattern in NOT_TO_STATE:
        assert not re.search(pattern, text, re.I), f"{page} states {pattern!r}"


def test_claims_page_quotes_the_wrong_claims_and_corrects_them(built_site: Path) -> None:
    text = main_text(built_site, "claims/index.html")
    assert "brains" in text and "spinal cord, not the brain" in text
    assert "Verdict: Wrong." in text and "Verdict: Overstated." in text


def test_the_limits_are_said_plainly_on_the_home_page(built_site: Path) -> None:
    text = main_text(built_site, "index.html")
    for phrase in ("4 men", "no comparison group", "peer review", "recover on their own"):
        assert phrase in text, phrase
