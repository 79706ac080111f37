"""Pictures are drawn from facts.json, say what the facts say, and are accessible SVG."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from internals import compile_pages, model, render, unchecked
from support import FIXTURE_TEMPLATES, FIXTURE_TODAY, soup

from factsite.checks.pictures import picture_problems
from factsite.drawing import draw
from factsite.model import Facts
from factsite.problems import BuildFailed
from factsite.text import long_date

PICTURES = {
    "how-the-cells-are-made": "ips-cells/index.html",
    "trial-timeline": "trial/index.html",
    "asia-ladder": "results/index.html",
    "each-man": "results/index.html",
    "spine-levels": "daily-life/index.html",
}
SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date.fromisoformat(FIXTURE_TODAY)  # inside the fixture site's review interval


def _facts(data: dict[str, Any]) -> Facts:
    return model(data)


def _svg(data: dict[str, Any], picture_id: str) -> ET.Element:
    facts = _facts(data)
    return ET.fromstring(draw(facts.pictures[picture_id], facts).svg)


def _texts(svg: ET.Element) -> str:
    """All words drawn, one space between wrapped lines."""
    return " ".join(" ".join(" ".join(t.itertext()).split()) for t in svg.iter(f"{SVG}text"))


def _fact(data: dict[str, Any], fact_id: str) -> dict[str, Any]:
    return next(f for f in data["facts"] if f["id"] == fact_id)


def _term(data: dict[str, Any], term_id: str) -> dict[str, Any]:
    return next(t for t in data["glossary"] if t["id"] == term_id)


@pytest.mark.parametrize("picture_id, page", PICTURES.items())
def test_each_picture_is_accessible_svg_with_a_cited_table_beside_it(
    built_site: Path, picture_id: str, page: str
) -> None:
    figure = soup(built_site, page).select_one(f"figure#picture-{picture_id}")
    assert figure is not None, f"{picture_id} is not on {page}"
    svg = figure.find("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text(strip=True)
    assert svg.find("desc", id=desc_id).get_text(strip=True)
    assert not figure.find(["script", "image", "foreignobject", "a"])
    assert "http" not in str(svg).replace('xmlns="http://www.w3.org/2000/svg"', "")
    table = figure.find_next_sibling("table")
    assert table is not None, "no text alternative after the picture"
    rows = table.select("tbody tr")
    cells = [cell for row in rows for cell in row.select(":scope > :not(:first-child)")]  # after each row's label
    assert rows and len(cells) >= len(rows) and all(cell.select("sup[id^='fnref']") for cell in cells)


def test_outcome_picture_shows_each_person_and_invents_no_grade(fixture_data: dict[str, Any]) -> None:
    svg = _svg(fixture_data, "each-person")
    text = _texts(svg)
    words = fixture_data["words"]["pictures"]
    participants = _fact(fixture_data, "participants")["value"]
    unreported = _fact(fixture_data, "outcome-none")["value"]
    assert 0 < unreported < participants, "the fixture needs people with and without a new grade"
    person = words["person"]
    assert re.findall(rf"{person} \d", text) == [f"{person} {n}" for n in range(1, participants + 1)]
    assert text.count(words["no_outcome"]) == unreported
    # one filled 'after' marker per person with a reported grade, plus the legend's
    filled = [c for c in svg.iter(f"{SVG}circle") if c.get("fill") == "currentColor"]
    assert len(filled) == participants - unreported + 1


def test_outcome_picture_follows_the_facts(fixture_data: dict[str, Any]) -> None:
    _fact(fixture_data, "outcome-better")["outcome"]["after"] = "B"
    svg = _svg(fixture_data, "each-person")
    xs = {t.text: float(t.get("x")) for t in svg.iter(f"{SVG}text") if t.text in list("ABCDE")}
    filled_x = sorted(float(c.get("cx")) for c in svg.iter(f"{SVG}circle") if c.get("fill") == "currentColor")
    assert xs["B"] in filled_x and xs["C"] not in filled_x
    # The unchanged fact's people are still drawn as it says: no grade after one year.
    no_outcome = fixture_data["words"]["pictures"]["no_outcome"]
    assert _texts(svg).count(no_outcome) == _fact(fixture_data, "outcome-none")["value"]


def test_timeline_dates_and_cell_figures_come_from_the_facts(fixture_data: dict[str, Any]) -> None:
    timeline = _texts(_svg(fixture_data, "trial-timeline"))
    for fact_id in ("timeline-approved", "timeline-results"):
        assert long_date(_fact(fixture_data, fact_id)["date"]) in timeline
    assert timeline.index("1 March 2027") < timeline.index("June 2029")
    cells = _texts(_svg(fixture_data, "how-it-works"))
    assert "Given within 3 weeks" in cells  # {dose-window|weeks}: 21 days
    _fact(fixture_data, "dose-window")["value"] = 28
    assert "Given within 4 weeks" in _texts(_svg(fixture_data, "how-it-works"))


def test_ladder_has_every_grade_with_e_on_top(fixture_data: dict[str, Any]) -> None:
    (ladder,) = [p for p in fixture_data["pictures"] if p["id"] == "grade-ladder"]
    grades = [_term(fixture_data, term_id)["term"][-1] for term_id in ladder["items"]]
    assert len(grades) > 2, "the fixture's ladder needs a grade between the top and the bottom"
    svg = _svg(fixture_data, "grade-ladder")
    letters = [(float(t.get("y")), t.text) for t in svg.iter(f"{SVG}text") if t.text in list("ABCDE")]
    assert [letter for _, letter in sorted(letters)] == sorted(grades, reverse=True) == list("ECA")
    grade_a = _term(fixture_data, "grade-a")
    assert " ".join(grade_a["label"].split()) in _texts(svg)
    # The Japanese names have no space ('グレードA'): the rung still shows just the letter.
    for term in fixture_data["glossary"]:
        term["term"] = term["term"].replace("Grade ", "グレード")
    svg = _svg(fixture_data, "grade-ladder")
    assert sorted(t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle") == sorted(grades)


def test_a_japanese_label_is_broken_into_lines_inside_the_drawing(fixture_data: dict[str, Any]) -> None:
    """Japanese has no spaces: a long label still wraps, keeps every character, starts no line with 、
    and splits no Latin word. The label is tried with 、 and "iPS" at every place in its first lines,
    so that some line break falls right before each of them, wherever the drawing's width puts it."""
    for before in range(1, 30):
        label = "大" * before + "、iPS細胞" + "の話をするとても長い説明の文です"
        _term(fixture_data, "grade-a")["label"] = label
        svg = _svg(fixture_data, "grade-ladder")
        width = float(svg.get("viewBox").split()[2])
        (text,) = [t for t in svg.iter(f"{SVG}text") if "".join(t.itertext()).startswith("大")]
        lines = [span.text or "" for span in text.iter(f"{SVG}tspan")]
        assert len(lines) > 1 and "".join(lines) == label
        assert not any(line.startswith("、") for line in lines), lines
        assert any("iPS" in line for line in lines), f"a Latin word is split across lines: {lines}"
        # A kanji or kana is one font size wide (a square); the rest about half.
        font, x = float(text.get("font-size")), float(text.get("x"))
        assert all(x + sum(font if ord(c) > 0x2E80 else font / 2 for c in line) <= width for line in lines)


def test_picture_text_is_escaped(fixture_data: dict[str, Any]) -> None:
    _fact(fixture_data, "flow-donor")["label"] = '</text><script>alert(1)</script> & "quotes"'
    fixture_data["pictures"][0]["title"] = "</title><svg onload=alert(1)>"
    facts = unchecked(fixture_data)
    svg = draw(facts.pictures["how-it-works"], facts).svg
    assert "<script" not in svg and "<svg onload" not in svg
    parsed = ET.fromstring(svg)
    assert '</text><script>alert(1)</script> & "quotes"' in _texts(parsed)
    page = render(facts, templates=FIXTURE_TEMPLATES)["index.md"]
    assert "<script>" not in page


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda d: _fact(d, "outcome-none").update(value=1),
            "facts.json: pictures[1].items: the outcomes add up to 2 people, but 'participants' says 3.",
        ),
        (
            lambda d: _fact(d, "timeline-approved").update(date="2027-03-02"),
            "facts.json: pictures[2].items[0]: fact 'timeline-approved' has date 2027-03-02, "
            "but its statement does not say 2 March 2027.",
        ),
        (
            lambda d: d["pictures"][2]["items"].reverse(),
            "facts.json: pictures[2].items[0]: fact 'timeline-next' has no date.",
        ),
        (
            lambda d: d["pictures"][0]["items"].append("no-such-fact"),
            "facts.json: pictures[0].items[4]: unknown fact 'no-such-fact'.",
        ),
        (
            lambda d: _fact(d, "outcome-none").pop("outcome"),
            "facts.json: pictures[1].items[1]: fact 'outcome-none' has no outcome.",
        ),
        (
            lambda d: d["pictures"][0]["icons"].pop(),
            "facts.json: pictures[0].icons: has 3 icons for 4 steps.",
        ),
    ],
    ids=["outcomes-do-not-add-up", "date-disagrees", "undated-step-first", "unknown-fact", "no-outcome", "icons"],
)
def test_broken_picture_data_gives_a_located_message(fixture_data: dict[str, Any], change: Any, expected: str) -> None:
    change(fixture_data)
    facts = _facts(fixture_data)
    assert any(str(p).startswith(expected) for p in picture_problems(facts)), [str(p) for p in picture_problems(facts)]
    with pytest.raises(BuildFailed) as failure:
        compile_pages(fixture_data, templates=FIXTURE_TEMPLATES, today=TODAY)
    assert any(str(p).startswith(expected) for p in failure.value.problems), [str(p) for p in failure.value.problems]


def test_pictures_print_nothing_without_a_stylesheet(built_site: Path) -> None:
    """Colours are currentColor, so a drawing is readable in light and dark mode with no CSS."""
    for page in set(PICTURES.values()):
        for svg in soup(built_site, page).select("figure.fs-picture svg"):
            colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', str(svg)))
            assert colours <= {"currentColor", "none"}, colours
            assert not svg.has_attr("style") and not BeautifulSoup(str(svg), "html.parser").select("[style]")
