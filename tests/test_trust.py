"""Trust on every page: review dates, publisher, checker, notice, a way to report an error,
an updates page from the change log, and schema.org MedicalWebPage data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from internals import problems_for, render, unchecked
from support import FIXTURE_TEMPLATES, PAGES, soup, source_links
from support import REAL_FACTS as _REAL_FACTS

from factsite.checks.readiness import is_placeholder
from factsite.text import long_date

SITE = _REAL_FACTS["site"]
TRUST = _REAL_FACTS["trust"]


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
    says_who_is_behind_it(box, text, TRUST)


def says_who_is_behind_it(box: Any, text: str, trust: dict[str, Any]) -> None:
    """Who wrote and reviewed it, who owns and pays for it, and its licence, as facts.json says (JAMA)."""
    assert trust["ownership"] in text and trust["funding"] in text
    for person in trust["editors"] + trust["reviewers"]:
        named = f"{person['name']}, {person['role']} ({person['qualification']}), reviewed it on "
        assert named + long_date(person["reviewed"]) in text
    if not trust["editors"]:
        assert f"Written by: {trust['no_editor']}" in text
    if not any(person.get("clinician") for person in trust["reviewers"]):
        assert trust["no_clinician"] in text
    else:
        assert trust["no_clinician"] not in text
    if "licence" in trust:
        assert box.find("a", string=trust["licence"]["name"])["href"] == trust["licence"]["url"]
    else:
        assert f"Licence: {trust['no_licence']}" in text


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
    assert data["publisher"]["name"] == SITE["publisher"]
    names_the_people_behind_it(data, TRUST)
    assert data["name"] == PAGES[page]
    footnote_sources = []
    for note in html.select("div.footnote"):
        for _, source_id in source_links(note):
            if source_id not in footnote_sources:
                footnote_sources.append(source_id)
    names = {s["id"]: s["title"] for s in _REAL_FACTS["sources"]}
    assert [c["name"] for c in data["citation"]] == [names[s] for s in footnote_sources]


def names_the_people_behind_it(data: dict[str, Any], trust: dict[str, Any]) -> None:
    """author and reviewedBy name only people facts.json names; nobody named: the publisher wrote it, no review."""
    if trust["editors"]:
        assert [(a["@type"], a["name"]) for a in data["author"]] == [("Person", p["name"]) for p in trust["editors"]]
    else:
        assert data["author"] == data["publisher"]
    if trust["reviewers"]:
        reviewers = [(r["@type"], r["name"], r["jobTitle"]) for r in data["reviewedBy"]]
        assert reviewers == [("Person", p["name"], p["role"]) for p in trust["reviewers"]]
        credentials = [r["hasCredential"]["name"] for r in data["reviewedBy"]]
        assert credentials == [p["qualification"] for p in trust["reviewers"]]
    else:
        assert "reviewedBy" not in data  # no claim of a review nobody made
    assert data.get("license") == trust.get("licence", {}).get("url")
    assert "funding" not in data and "sponsor" not in data  # schema.org's are a Grant and a backer: neither fits


def test_a_site_with_named_people_shows_them_in_the_box_and_the_data(fixture_data: dict[str, Any]) -> None:
    trust = fixture_data["trust"]
    assert trust["editors"] and any(p.get("clinician") for p in trust["reviewers"]) and trust["licence"]
    page = render(fixture_data, FIXTURE_TEMPLATES)["index.md"]
    box = page.split('!!! info "About this page"')[1].split("<script")[0]
    text = " ".join(box.replace("**", "").split())
    for person in trust["editors"] + trust["reviewers"]:
        assert f"{person['name']}, {person['role']} ({person['qualification']}), reviewed it on" in text
    assert trust["no_editor"] not in text and trust["no_clinician"] not in text and trust["no_licence"] not in text
    assert f"[{trust['licence']['name']}]({trust['licence']['url']})" in box
    block = next(line for line in page.splitlines() if line.startswith('<script type="application/ld+json">'))
    ld = json.loads(block.removeprefix('<script type="application/ld+json">').removesuffix("</script>"))
    names_the_people_behind_it(ld, trust)


def test_nobody_named_means_no_reviewer_in_the_data_and_the_box_says_so(fixture_data: dict[str, Any]) -> None:
    fixture_data["trust"]["editors"], fixture_data["trust"]["reviewers"] = [], []
    fixture_data["trust"].pop("licence", None)
    page = render(fixture_data, FIXTURE_TEMPLATES)["results.md"]
    text = " ".join(page.split('!!! info "About this page"')[1].split("<script")[0].replace("**", "").split())
    assert f"Written by: {fixture_data['trust']['no_editor']}" in text
    assert f"Reviewed by: {fixture_data['trust']['no_clinician']}" in text
    assert f"Licence: {fixture_data['trust']['no_licence']}" in text
    block = next(line for line in page.splitlines() if line.startswith('<script type="application/ld+json">'))
    ld = json.loads(block.removeprefix('<script type="application/ld+json">').removesuffix("</script>"))
    assert ld["author"] == ld["publisher"] and "reviewedBy" not in ld and "license" not in ld


@pytest.mark.parametrize(
    ("address", "placeholder"),
    [
        ("mailto:corrections@ips-sci-trial.example", True),
        ("mailto:someone@example.com", True),
        ("https://www.example.org/report", True),
        ("https://help.example.net/", True),
        ("mailto:a@site.test", True),
        ("mailto:a@site.invalid", True),
        ("https://localhost/report", True),
        ("mailto:corrections@notexample.com", False),
        ("mailto:corrections@example.com.au", False),
        ("https://www.example-trial.org/report", False),
    ],
)
def test_a_contact_on_a_reserved_domain_is_a_placeholder(address: str, placeholder: bool) -> None:
    assert is_placeholder(address) is placeholder


def test_structured_data_cannot_be_broken_out_of(fixture_data: dict[str, Any]) -> None:
    evil = "</script><script>alert(1)</script><!-- & \u2028"
    next(s for s in fixture_data["sources"] if s["id"] == "example-registry")["title"] = evil
    page = render(unchecked(fixture_data), FIXTURE_TEMPLATES)["index.md"]
    block = next(line for line in page.splitlines() if line.startswith('<script type="application/ld+json">'))
    inner = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner
    data = json.loads(inner)
    assert evil in [c["name"] for c in data["citation"]]


def test_updates_page_lists_the_change_log_newest_first(fixture_data: dict[str, Any]) -> None:
    changelog = fixture_data["changelog"]
    first_day = changelog[0]["date"]
    changelog.insert(1, {"date": first_day, "change": "A second change that day.", "reason": "Same day."})
    # Out of date order in the file: the page still lists the newest first.
    changelog.insert(1, {"date": "2030-01-18", "change": "Added a newer change.", "reason": "A test."})
    changelog.insert(0, {"date": "2025-06-01", "change": "An older change.", "reason": "History."})
    page = render(fixture_data, FIXTURE_TEMPLATES)["updates.md"]
    rows = [line for line in page.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert rows[0].startswith("| 18 January 2030 | Added a newer change. | A test. |")
    assert rows[-1].startswith("| 1 June 2025 | An older change.")
    # Of two changes on one day, the one later in the file comes first.
    same_day: dict[str, list[str]] = {}
    for change in changelog:
        same_day.setdefault(change["date"], []).append(change["change"])
    day, changes = next((d, c) for d, c in same_day.items() if len(c) > 1)
    shown = [row for row in rows if row.startswith(f"| {long_date(day)} |")]
    assert [row.split(" | ")[1] for row in shown] == [" ".join(c.split()) for c in reversed(changes)]


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "mailto:no-at-sign", "http://example.org/report", 'mailto:a@b.org"><script>'],
)
def test_report_address_must_be_mailto_or_https(fixture_data: dict[str, Any], address: str) -> None:
    assert problems_for(fixture_data) == []
    fixture_data["site"]["report_error"] = address
    assert any(m.startswith("facts.json: site.report_error: ") for m in problems_for(fixture_data))


def test_each_checked_claim_is_published_as_a_claim_review(built_site: Path) -> None:
    html = soup(built_site, "claims/index.html")
    blocks = [json.loads(block.string) for block in html.select('script[type="application/ld+json"]')]
    reviews = [block for block in blocks if block["@type"] == "ClaimReview"]
    assert [r["claimReviewed"] for r in reviews] == [c["claim"] for c in _REAL_FACTS["claims"]]
    for review, claim in zip(reviews, _REAL_FACTS["claims"], strict=True):
        assert review["reviewRating"]["alternateName"] == claim["verdict"].capitalize()
        assert review["datePublished"] == claim["checked"]
        assert len(review["itemReviewed"]["appearance"]) == len(claim["appeared_in"])
