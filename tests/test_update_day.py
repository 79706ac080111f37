"""The editor's update day, played end to end on a copy of the project.

A peer-reviewed paper appears (TEST DATA: invented, never in the real facts.json). The editor
adds it as a source, moves ten facts from news-only to confirmed with a passage from it, changes
one result figure and one claim's verdict, and marks the changelog entry major. `make diff` (the
Python it runs) must list exactly those changes, and the published site must show them.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup
from support import REAL_FACTS, ROOT, publishable, write_json

import build_facts

DAY = "2027-03-01"  # the update day: within every review interval of the real facts
ADDRESS = "https://explainer.example.org/ips-trial/"
PAPER = {
    "id": "test-paper-2027",
    "title": "TEST DATA: invented paper on the one-year results of the trial",
    "publisher": "TEST DATA: an invented journal",
    "url": "https://example.org/test-data/invented-paper",
    "published": "2027-02-15",
    "accessed": "2027-03",
    "kind": "peer-reviewed-paper",
    "strength": "primary",
    "read": "full text",
}
CONFIRMED = [
    "participants",
    "results-grade-d",
    "results-grade-c",
    "results-no-change",
    "results-improved",
    "safety-no-serious",
    "safety-no-tumour",
    "trial-first-transplant",
    "trial-follow-up-done",
    "trial-rehab",
]
FIGURE, OLD_VALUE, NEW_VALUE = "natural-any-high", 30.2, 33.3
CLAIM, OLD_VERDICT, NEW_VERDICT = "claim-mri-new-tissue", "unsupported", "wrong"
ENTRY = {
    "date": DAY,
    "change": "TEST DATA: The trial team published its results in a journal. Ten facts are now confirmed.",
    "reason": "TEST DATA: An invented paper, made up to test the update day.",
    "major": True,
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of what a build reads, so the real facts.json and published.json are never touched."""
    for folder in ("templates", "overrides", "hooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    write_json(tmp_path / "facts.json", publishable(REAL_FACTS))  # with TEST DATA people, licence, contact
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def set_address(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(f"site_url: {ADDRESS}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")


def cite(item: dict[str, Any], source: str, passage: str) -> None:
    """Add a citation with its (invented) passage."""
    item["citations"].append({"source": source, "where": "Results", "quote": passage})


def update_day(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["sources"].append(PAPER)
    for fact in data["facts"]:
        if fact["id"] in CONFIRMED:
            assert fact["support"] == "news-only", fact["id"]
            fact["support"] = "confirmed"
            cite(fact, PAPER["id"], f"TEST DATA: an invented passage that supports {fact['id']}.")
            fact["checked"] = DAY
        if fact["id"] == FIGURE:
            assert fact["value"] == OLD_VALUE
            fact["value"], fact["checked"] = NEW_VALUE, DAY
    claim = next(c for c in data["claims"] if c["id"] == CLAIM)
    assert claim["verdict"] == OLD_VERDICT
    claim["verdict"], claim["checked"] = NEW_VERDICT, DAY
    data["changelog"].append(ENTRY)
    return data


def publish(project: Path, capsys: pytest.CaptureFixture[str], today: str = DAY) -> tuple[int, str, str]:
    code = build_facts.main(
        [
            *("--facts", str(project / "facts.json"), "--templates", str(project / "templates")),
            *("--config", str(project / "mkdocs.yml"), "--docs", str(project / "docs")),
            *("--site", str(project / "site"), "--today", today, "--publish"),
        ]
    )
    out, err = capsys.readouterr()
    return code, out, err


def diff(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    argv = ["--facts", str(project / "facts.json"), "--templates", str(project / "templates")]
    code = build_facts.main([*argv, "--config", str(project / "mkdocs.yml"), "--today", DAY, "--diff"])
    return code, capsys.readouterr().out


def html(project: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((project / "site" / page).read_text(encoding="utf-8"), "html.parser")


# Exactly what `make diff` prints for the day's edits, and nothing else.
EXPECTED_DIFF = (Path(__file__).parent / "update_day_diff.txt").read_text(encoding="utf-8")


def test_the_update_day(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before the address is set, publishing refuses, with one line.
    code, _, err = publish(project, capsys)
    assert code == 1
    assert err.splitlines()[0].startswith("mkdocs.yml: site_url: not set, and a published site needs its address")
    set_address(project)
    # An overdue site refuses too; in time, the first publish records what readers see.
    assert publish(project, capsys, today="2027-06-01")[0] == 1
    code, out, err = publish(project, capsys)
    assert code == 0, err
    assert "Recorded what it shows in published.json" in out
    assert diff(project, capsys) == (0, "No changes: readers would see the same pages as at the last publish.\n")

    # The day's edits, first without a changelog entry: publishing refuses (the sections would show an old date).
    edited = update_day(json.loads((project / "facts.json").read_text(encoding="utf-8")))
    without_entry = copy.deepcopy(edited)
    without_entry["changelog"].remove(ENTRY)
    write_json(project / "facts.json", without_entry)
    code, _, err = publish(project, capsys)
    assert code == 1 and "facts.json: changelog: readers would see changed sections" in err
    write_json(project / "facts.json", edited)

    assert diff(project, capsys) == (1, EXPECTED_DIFF)

    code, _, err = publish(project, capsys)
    assert code == 0, err
    assert diff(project, capsys) == (0, "No changes: readers would see the same pages as at the last publish.\n")
    shows_the_update(project)


def claim_heading(project: Path, claim_id: str) -> str:
    """A checked claim's heading states its fact (the Debunking Handbook order), not the claim."""
    data = json.loads((project / "facts.json").read_text(encoding="utf-8"))
    return next(c["fact"] for c in data["claims"] if c["id"] == claim_id)


def shows_the_update(project: Path) -> None:
    """What readers get: the dated sections, the home page's line, the Updates page and the feed."""
    dated = {
        (page, p.find_previous(["h1", "h2"]).get_text(" ", strip=True).removesuffix(" ¶"), p.get_text(" ", strip=True))
        for page in ("index.html", "results/index.html", "claims/index.html", "trial/index.html")
        for p in html(project, page).select("p.fs-updated")
    }
    assert dated == {
        ("results/index.html", "How often do people recover on their own?", "Updated on 1 March 2027"),
        ("claims/index.html", claim_heading(project, CLAIM), "Updated on 1 March 2027"),
    }
    assert html(project, "results/index.html").select_one("p.fs-updated time")["datetime"] == DAY
    home = html(project, "index.html").select_one("article .admonition.tip").get_text(" ", strip=True)
    assert home.startswith("What is new 1 March 2027: TEST DATA: The trial team published its results")
    updates = html(project, "updates/index.html").select_one("article table").get_text(" ", strip=True)
    assert "Major update. TEST DATA: The trial team published its results in a journal." in updates
    feed = feedparser.parse((project / "site" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    newest = feed.entries[0]
    assert newest.title == "TEST DATA: The trial team published its results in a journal."
    assert newest.id == "tag:explainer.example.org,2027-03-01:/ips-trial/updates/1"
    assert newest.updated == "2027-03-01T00:00:00Z"
    assert [t.term for t in newest.tags] == ["major"]
    assert newest.link == ADDRESS + "updates/"
