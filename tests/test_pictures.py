"""Pictures are drawn from facts.json, say what the facts say, and are accessible SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from internals import compile_pages, model, render, unchecked
from support import soup

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


def test_outcome_picture_shows_each_man_and_invents_no_grade(facts_data: dict[str, Any]) -> None:
    svg = _svg(facts_data, "each-man")
    text = _texts(svg)
    participants = _fact(facts_data, "participants")["value"]
    unreported = _fact(facts_data, "results-no-change")["value"]
    assert re.findall(r"Man \d", text) == [f"Man {n}" for n in range(1, participants + 1)]
    assert text.count("no new grade reported") == unreported
    # one filled 'after' marker per man with a reported grade, plus the legend's
    filled = [c for c in svg.iter(f"{SVG}circle") if c.get("fill") == "currentColor"]
    assert len(filled) == participants - unreported + 1


def test_outcome_picture_follows_the_facts(facts_data: dict[str, Any]) -> None:
    _fact(facts_data, "results-grade-c")["outcome"]["after"] = "B"
    svg = _svg(facts_data, "each-man")
    xs = {t.text: float(t.get("x")) for t in svg.iter(f"{SVG}text") if t.text in list("ABCDE")}
    filled_x = sorted(float(c.get("cx")) for c in svg.iter(f"{SVG}circle") if c.get("fill") == "currentColor")
    assert xs["B"] in filled_x and xs["D"] in filled_x and xs["C"] not in filled_x


def test_timeline_dates_and_cell_figures_come_from_the_facts(facts_data: dict[str, Any]) -> None:
    timeline = _texts(_svg(facts_data, "trial-timeline"))
    for fact_id in ("trial-approval", "trial-first-transplant", "trial-follow-up-done", "results-press-conference"):
        assert long_date(_fact(facts_data, fact_id)["date"]) in timeline
    assert timeline.index("18 February 2019") < timeline.index("21 March 2025")
    cells = _texts(_svg(facts_data, "how-the-cells-are-made"))
    assert "About 2 million cells" in cells and "2 to 4 weeks after the injury" in cells
    _fact(facts_data, "dose-cells")["value"] = 3_000_000
    assert "About 3 million cells" in _texts(_svg(facts_data, "how-the-cells-are-made"))


def test_ladder_has_every_grade_with_e_on_top(facts_data: dict[str, Any]) -> None:
    svg = _svg(facts_data, "asia-ladder")
    letters = [(float(t.get("y")), t.text) for t in svg.iter(f"{SVG}text") if t.text in list("ABCDE")]
    assert [letter for _, letter in sorted(letters)] == list("EDCBA")
    grade_a = next(t for t in facts_data["glossary"] if t["id"] == "asia-grade-a")
    assert " ".join(grade_a["label"].split()) in _texts(svg)
    # The Japanese names have no space ('グレードA'): the rung still shows just the letter.
    for term in facts_data["glossary"]:
        term["term"] = term["term"].replace("Grade ", "グレード")
    svg = _svg(facts_data, "asia-ladder")
    assert sorted(t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle") == list("ABCDE")


def test_a_japanese_label_is_broken_into_lines_inside_the_drawing(facts_data: dict[str, Any]) -> None:
    """Japanese has no spaces: a long label still wraps, keeps every character, and starts no line with 、."""
    label = "大事な筋肉の半分以上が重力にさからって動き、iPS細胞の話をするとても長い説明の文です"
    next(t for t in facts_data["glossary"] if t["id"] == "asia-grade-a")["label"] = label
    svg = _svg(facts_data, "asia-ladder")
    width = float(svg.get("viewBox").split()[2])
    (text,) = [t for t in svg.iter(f"{SVG}text") if "".join(t.itertext()).startswith("大事")]
    lines = [span.text or "" for span in text.iter(f"{SVG}tspan")]
    assert len(lines) > 1 and "".join(lines) == label
    assert not any(line.startswith("、") for line in lines)
    assert any("iPS" in line for line in lines), "a Latin word is split across lines"
    # A kanji or kana is one font size wide (a square); the rest about half.
    font, x = float(text.get("font-size")), float(text.get("x"))
    assert all(x + sum(font if ord(c) > 0x2E80 else font / 2 for c in line) <= width for line in lines)


def test_picture_text_is_escaped(facts_data: dict[str, Any]) -> None:
    _fact(facts_data, "ips-start")["label"] = '</text><script>alert(1)</script> & "quotes"'
    facts_data["pictures"][0]["title"] = "</title><svg onload=alert(1)>"
    facts = unchecked(facts_data)
    svg = draw(facts.pictures["how-the-cells-are-made"], facts).svg
    assert "<script" not in svg and "<svg onload" not in svg
    parsed = ET.fromstring(svg)
    assert '</text><script>alert(1)</script> & "quotes"' in _texts(parsed)
    page = render(facts)["ips-cells.md"]
    assert "<script>" not in page


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda d: _fact(d, "results-no-change").update(value=1),
            "facts.json: pictures[1].items: the outcomes add up to 3 people, but 'participants' says 4.",
        ),
        (
            lambda d: _fact(d, "trial-approval").update(date="2019-02-19"),
            "facts.json: pictures[2].items[0]: fact 'trial-approval' has date 2019-02-19, "
            "but its statement does not say 19 February 2019.",
        ),
        (
            lambda d: d["pictures"][2]["items"].reverse(),
            "facts.json: pictures[2].items[0]: fact 'larger-trials-needed' has no date.",
        ),
        (
            lambda d: d["pictures"][0]["items"].append("no-such-fact"),
            "facts.json: pictures[0].items[5]: unknown fact 'no-such-fact'.",
        ),
        (
            lambda d: _fact(d, "results-grade-c").pop("outcome"),
            "facts.json: pictures[1].items[1]: fact 'results-grade-c' has no outcome.",
        ),
        (
            lambda d: d["pictures"][0]["icons"].pop(),
            "facts.json: pictures[0].icons: has 4 icons for 5 steps.",
        ),
    ],
    ids=["outcomes-do-not-add-up", "date-disagrees", "undated-step-first", "unknown-fact", "no-outcome", "icons"],
)
def test_broken_picture_data_gives_a_located_message(facts_data: dict[str, Any], change: Any, expected: str) -> None:
    change(facts_data)
    facts = _facts(facts_data)
    assert any(str(p).startswith(expected) for p in picture_problems(facts)), [str(p) for p in picture_problems(facts)]
    with pytest.raises(BuildFailed):
        compile_pages(facts_data)


def test_pictures_print_nothing_without_a_stylesheet(built_site: Path) -> None:
    """Colours are currentColor, so a drawing is readable in light and dark mode with no CSS."""
    for page in set(PICTURES.values()):
        for svg in soup(built_site, page).select("figure.fs-picture svg"):
            colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', str(svg)))
            assert colours <= {"currentColor", "none"}, colours
            assert not svg.has_attr("style") and not BeautifulSoup(str(svg), "html.parser").select("[style]")
