"""The editor's update day, played end to end on a copy of the invented fixture site.

A peer-reviewed paper appears (TEST DATA: invented). The editor adds it as a source, moves ten
facts from news-only to confirmed with a passage from it, changes one figure and one claim's
verdict, and marks the changelog entry major; gives the entry its Japanese, and fixes the wording
of one Japanese text. `make diff` (the Python it runs) must list exactly those changes, in both
editions, and the published site must show them.

It runs on tests/fixture_site, never on the real facts.json, so editing the real content cannot
break it. The morning's state is the fixture site with ten of its facts set back to news-only
(`morning`). After a deliberate change to what `make diff` prints, delete tests/update_day_diff.txt
and run this test once: it writes the file from the fixture's data and fails, and the new
expectation is reviewed in `git diff` before it is committed.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup
from support import FIXTURE_SITE, JA_TEST_PREFIX, add_japanese_edition, copy_fixture_config, read_json, write_json

import build_facts

DAY = "2030-03-01"  # the update day: after every date in the fixture, before its next review
LATE = "2030-09-01"  # past the fixture's next review: publishing refuses
ADDRESS = "https://explainer.example.org/example-trial/"
# What a publish needs besides facts and templates, all TEST DATA. A new publishing gate
# (a named editor, a reviewer, a licence, a contact) adds its fields here, once, for every publish.
PUBLISHING_SITE_FIELDS: dict[str, Any] = {}
PAPER = {
    "id": "test-paper-2030",
    "title": "TEST DATA: invented paper on the one-year results of the Example trial",
    "publisher": "TEST DATA: an invented journal",
    "url": "https://example.org/test-data/invented-paper",
    "published": "2030-02-15",
    "accessed": "2030-03",
    "kind": "peer-reviewed-paper",
    "strength": "primary",
    "read": "full text",
}
CONFIRMED = [
    "participants",
    "no-comparison",
    "how-often-better",
    "flow-donor",
    "flow-change",
    "flow-grow",
    "flow-timing",
    "timeline-approved",
    "timeline-results",
    "outcome-better",
]
FIGURE, OLD_VALUE, NEW_VALUE = "natural-rate", 12.5, 14.3
CLAIM, OLD_VERDICT, NEW_VERDICT = "claim-soon", "overstated", "wrong"
ENTRY = {
    "date": DAY,
    "change": "TEST DATA: The trial team published its results in a journal. Ten facts are now confirmed.",
    "reason": "TEST DATA: An invented paper, made up to test the update day.",
    "major": True,
}
# The Japanese edition's part of the day (TEST DATA Japanese): the entry's texts, and one wording fix.
JA_ENTRY = {
    "change": "テスト：研究チームが結果を学術誌に発表しました。十の事実が確かになりました。",
    "reason": "テスト：テストのためにつくった論文です。",
}
JA_REWORDED = "facts.no-comparison.statement"
NO_CHANGES = "No changes: readers would see the same pages as at the last publish.\n"
EXPECTED_DIFF_FILE = Path(__file__).parent / "update_day_diff.txt"


def morning(data: dict[str, Any]) -> dict[str, Any]:
    """The fixture site before the paper: the ten facts rest on news reports only."""
    data = copy.deepcopy(data)
    for fact in data["facts"]:
        if fact["id"] in CONFIRMED:
            fact["support"] = "news-only"
    data["site"].update(PUBLISHING_SITE_FIELDS)
    return data


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture site as it was in the morning, with its MkDocs configuration."""
    shutil.copytree(FIXTURE_SITE / "templates", tmp_path / "templates")
    copy_fixture_config(tmp_path)
    fixture = json.loads((FIXTURE_SITE / "facts.json").read_text(encoding="utf-8"))
    write_json(tmp_path / "facts.json", morning(fixture))
    add_japanese_edition(tmp_path)
    return tmp_path


def update_day_japanese(project: Path) -> None:
    """The Japanese of the day's changelog entry (publishing refuses without it), and one reworded text."""
    store = read_json(project / "facts.ja.json")
    english_hash = {"change": ENTRY["change"], "reason": ENTRY["reason"]}
    for field, japanese in JA_ENTRY.items():
        store["texts"][f"changelog.{DAY}.{field}"] = {"ja": japanese, "from": _short_hash(english_hash[field])}
    reworded = store["texts"][JA_REWORDED]
    assert reworded["ja"].startswith(JA_TEST_PREFIX)
    reworded["ja"] = reworded["ja"].replace(JA_TEST_PREFIX, "テスト（言い直し）：", 1)
    write_json(project / "facts.ja.json", store)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


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


def expected_diff(printed: str) -> str:
    """Exactly what `make diff` prints for the day's edits, from tests/update_day_diff.txt.

    Without the file (deleted after a deliberate change), write what was printed and fail, so
    the new expectation is read in `git diff` before it is committed.
    """
    if not EXPECTED_DIFF_FILE.exists():
        EXPECTED_DIFF_FILE.write_text(printed, encoding="utf-8")
        pytest.fail(f"wrote {EXPECTED_DIFF_FILE.name}: review it with git diff, then run the test again")
    return EXPECTED_DIFF_FILE.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_update_day(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before the address is set, publishing refuses, with one line.
    code, _, err = publish(project, capsys)
    assert code == 1
    assert err.splitlines()[0].startswith("mkdocs.yml: site_url: not set, and a published site needs its address")
    set_address(project)
    # An overdue site refuses too; in time, the first publish records what readers see.
    assert publish(project, capsys, today=LATE)[0] == 1
    code, out, err = publish(project, capsys)
    assert code == 0, err
    assert "Recorded what it shows in published.json" in out
    assert diff(project, capsys) == (0, NO_CHANGES)

    # The day's edits, first without a changelog entry: publishing refuses (the sections would show an old date).
    edited = update_day(json.loads((project / "facts.json").read_text(encoding="utf-8")))
    without_entry = copy.deepcopy(edited)
    without_entry["changelog"].remove(ENTRY)
    write_json(project / "facts.json", without_entry)
    code, _, err = publish(project, capsys)
    assert code == 1 and "facts.json: changelog: readers would see changed sections" in err
    write_json(project / "facts.json", edited)
    # The new entry has no Japanese yet: publishing refuses that too, naming it.
    code, _, err = publish(project, capsys)
    assert code == 1 and f"facts.ja.json: changelog.{DAY}.change: no Japanese text yet" in err
    update_day_japanese(project)

    code, printed = diff(project, capsys)
    assert (code, printed) == (1, expected_diff(printed))

    code, _, err = publish(project, capsys)
    assert code == 0, err
    assert diff(project, capsys) == (0, NO_CHANGES)
    shows_the_update(project)


def shows_the_update(project: Path) -> None:
    """What readers get: the dated sections, the home page's line, the Updates page and the feed."""
    dated = {
        (page, p.find_previous(["h1", "h2"]).get_text(" ", strip=True).removesuffix(" ¶"), p.get_text(" ", strip=True))
        for page in ("index.html", "results/index.html", "claims/index.html")
        for p in html(project, page).select("p.fs-updated")
    }
    facts = json.loads((project / "facts.json").read_text(encoding="utf-8"))
    claim_heading = next(claim["fact"] for claim in facts["claims"] if claim["id"] == CLAIM)  # it states the fact
    assert dated == {
        ("index.html", "In short", "Updated on 1 March 2030"),
        ("claims/index.html", claim_heading, "Updated on 1 March 2030"),
    }
    assert html(project, "index.html").select_one("p.fs-updated time")["datetime"] == DAY
    home = html(project, "index.html").select_one("article .admonition.tip").get_text(" ", strip=True)
    assert home.startswith("What is new 1 March 2030: TEST DATA: The trial team published its results")
    updates = html(project, "updates/index.html").select_one("article table").get_text(" ", strip=True)
    assert "TEST DATA: The trial team published its results in a journal." in updates
    feed = feedparser.parse((project / "site" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    newest = feed.entries[0]
    assert newest.title == "TEST DATA: The trial team published its results in a journal."
    assert newest.id == "tag:explainer.example.org,2030-03-01:/example-trial/updates/1"
    assert newest.updated == "2030-03-01T00:00:00Z"
    assert [t.term for t in newest.tags] == ["major"]
    assert newest.link == ADDRESS + "updates/"
    japanese = feedparser.parse((project / "site" / "ja" / "feed.xml").read_bytes())
    assert not japanese.bozo, japanese.get("bozo_exception")
    newest = japanese.entries[0]
    assert newest.title == "テスト：研究チームが結果を学術誌に発表しました。"
    assert newest.id == "tag:explainer.example.org,2030-03-01:/example-trial/ja/updates/1"
    assert newest.link == ADDRESS + "ja/updates/"
