"""Trust on every page: review dates, publisher, checker, notice, a way to report an error,
an updates page from the change log, and schema.org MedicalWebPage data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from internals import problems_for, render, unchecked
from support import PAGES, soup
from support import REAL_FACTS as _REAL_FACTS

from factsite.text import long_date

SITE = _REAL_FACTS["site"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_the_trust_box(built_site: Path, page: str) -> None:
    box = soup(built_site, page).select_one("article .admonition.info")
    assert box is not None, page
    text = " ".join(box.get_text(" ").split())
    for phrase in ("Last reviewed: 22 November 2026", "Next review due: 22 May 2027", SITE["publisher"], "Checked by"):
        assert phrase in text, f"{page}: {phrase}"
    assert "not medical advice" in text
    report = box.find("a", string="Report an error")
    assert report is not None and report["href"] == SITE["report_error"]
    updates = "./" if page.startswith("updates/") else "updates/"
    assert box.find("a", href=lambda href: bool(href) and href.removeprefix("../").endswith(updates)), page


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_medical_web_page_data_citing_its_own_sources(built_site: Path, page: str) -> None:
    html = soup(built_site, page)
    blocks = [json.loads(block.string) for block in html.select('script[type="application/ld+json"]')]
    about_page = [block for block in blocks if block["@type"] == "MedicalWebPage"]
    assert len(about_page) == 1, page
    data = about_page[0]
    assert data["@context"] == "https://schema.org"
    assert data["lastReviewed"] == SITE["last_reviewed"]
    assert data["audience"]["@type"] == "Patient"
    assert data["publisher"]["name"] == SITE["publisher"] == data["reviewedBy"]["name"]
    assert data["name"] == PAGES[page]
    footnote_sources = []
    for link in html.select("div.footnote a[href*='sources/#']"):
        source_id = link["href"].split("#")[1]
        if source_id not in footnote_sources:
            footnote_sources.append(source_id)
    names = {s["id"]: s["title"] for s in _REAL_FACTS["sources"]}
    assert [c["name"] for c in data["citation"]] == [names[s] for s in footnote_sources]


def test_structured_data_cannot_be_broken_out_of(facts_data: dict[str, Any]) -> None:
    evil = "</script><script>alert(1)</script><!-- & \u2028"
    next(s for s in facts_data["sources"] if s["id"] == "umin-registry")["title"] = evil
    page = render(unchecked(facts_data))["trial.md"]
    block = next(line for line in page.splitlines() if line.startswith('<script type="application/ld+json">'))
    inner = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner
    data = json.loads(inner)
    assert evil in [c["name"] for c in data["citation"]]


def test_updates_page_lists_the_change_log_newest_first(facts_data: dict[str, Any]) -> None:
    facts_data["changelog"].append({"date": "2027-01-05", "change": "Added a newer change.", "reason": "A test."})
    facts_data["changelog"].insert(0, {"date": "2025-06-01", "change": "An older change.", "reason": "History."})
    page = render(facts_data)["updates.md"]
    rows = [line for line in page.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert rows[0].startswith("| 5 January 2027 | Added a newer change. | A test. |")
    assert rows[-1].startswith("| 1 June 2025 | An older change.")
    # Of two changes on one day, the one later in the file comes first.
    same_day: dict[str, list[str]] = {}
    for change in facts_data["changelog"]:
        same_day.setdefault(change["date"], []).append(change["change"])
    day, changes = next((d, c) for d, c in same_day.items() if len(c) > 1)
    shown = [row for row in rows if row.startswith(f"| {long_date(day)} |")]
    assert [row.split(" | ")[1] for row in shown] == [" ".join(c.split()) for c in reversed(changes)]


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "mailto:no-at-sign", "http://example.org/report", 'mailto:a@b.org"><script>'],
)
def test_report_address_must_be_mailto_or_https(facts_data: dict[str, Any], address: str) -> None:
    facts_data["site"]["report_error"] = address
    assert any(m.startswith("facts.json: site.report_error: ") for m in problems_for(facts_data))


def test_each_checked_claim_is_published_as_a_claim_review(built_site: Path) -> None:
    html = soup(built_site, "claims/index.html")
    blocks = [json.loads(block.string) for block in html.select('script[type="application/ld+json"]')]
    reviews = [block for block in blocks if block["@type"] == "ClaimReview"]
    assert [r["claimReviewed"] for r in reviews] == [c["claim"] for c in _REAL_FACTS["claims"]]
    for review, claim in zip(reviews, _REAL_FACTS["claims"], strict=True):
        assert review["reviewRating"]["alternateName"] == claim["verdict"].capitalize()
        assert review["datePublished"] == claim["checked"]
        assert len(review["itemReviewed"]["appearance"]) == len(claim["appeared_in"])
