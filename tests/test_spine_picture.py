"""The spine picture: a body with the parts of its spine, levels marked and a stretch shaded, all from the data.

Unit tests on the fixture site's invented facts, with a spine picture added to them: the words it
draws, where it draws the marks, the table beside it, and the message for each data mistake.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from internals import model

from factsite.checks import check_all, model_of
from factsite.checks.pictures import picture_problems
from factsite.drawing import draw
from factsite.problems import BuildFailed
from factsite.render import make_environment, render_pages

FIXTURE = json.loads((Path(__file__).parent / "fixture_site" / "facts.json").read_text(encoding="utf-8"))
SVG = "{http://www.w3.org/2000/svg}"
TEMPLATES = Path(__file__).parent / "fixture_site" / "templates"
TODAY = dt.date(2030, 1, 20)  # inside the fixture's review interval (tests/golden.py)
PARTS = ["flow-donor", "flow-change"]  # any facts with a label can name a part of the spine
MARKS = ["timeline-approved", "timeline-results"]
SHADE = "outcome-better"


@pytest.fixture
def data() -> dict[str, Any]:
    """The fixture site with a spine picture of two parts (3 and 4 bones), two marks and a shaded stretch."""
    data = copy.deepcopy(FIXTURE)
    data["words"]["pictures"].update(spine_part="Part", spine_meaning="What it is")
    data["pictures"].append(
        {
            "id": "spine",
            "kind": "spine",
            "title": "Where the levels are",
            "description": "A body with its spine; two levels are marked and the stretch between them is shaded.",
            "items": PARTS,
            "bands": [3, 4],
            "marks": [{"fact": MARKS[0], "at": 1}, {"fact": MARKS[1], "at": 5.5}],
            "shade": SHADE,
        }
    )
    return data


def _compile(data: dict[str, Any]) -> dict[str, str]:
    """Every check a build of the fixture site runs, then render: raises BuildFailed as a build would."""
    facts, env = model_of(data), make_environment(TEMPLATES)
    check_all(facts, env, TEMPLATES, TODAY)
    return render_pages(facts, TEMPLATES, env)


def _fact(data: dict[str, Any], fact_id: str) -> dict[str, Any]:
    return next(f for f in data["facts"] if f["id"] == fact_id)


def _svg(data: dict[str, Any]) -> ET.Element:
    facts = model(data)
    return ET.fromstring(draw(facts.pictures["spine"], facts).svg)


def _words(svg: ET.Element) -> list[tuple[float, str]]:
    """Each drawn text with the height it starts at, wrapped lines joined."""
    return [(float(t.get("y", 0)), " ".join(" ".join(t.itertext()).split())) for t in svg.iter(f"{SVG}text")]


def _y_of(svg: ET.Element, words: str) -> float:
    return next(y for y, text in _words(svg) if text == words)


def test_every_word_drawn_comes_from_the_facts(data: dict[str, Any]) -> None:
    """A Japanese edition reuses the drawing with its own labels: the code adds no words of its own."""
    labels = {"flow-donor": "頸椎", "flow-change": "胸椎", MARKS[0]: "C3/4", MARKS[1]: "Th10", SHADE: "この試験の損傷"}
    for fact_id, label in labels.items():
        _fact(data, fact_id)["label"] = label
    assert sorted(text for _, text in _words(_svg(data))) == sorted(labels.values())


def test_parts_run_top_to_bottom_and_marks_sit_where_the_data_says(data: dict[str, Any]) -> None:
    svg = _svg(data)
    donor, change = (_fact(data, i)["label"] for i in PARTS)
    first, second = (_fact(data, i)["label"] for i in MARKS)
    assert _y_of(svg, donor) < _y_of(svg, change)
    assert _y_of(svg, first) < _y_of(svg, second)
    # one bone is the same height everywhere: the gap between the marks is 4.5 bones
    bone = (_y_of(svg, second) - _y_of(svg, first)) / 4.5
    data["pictures"][-1]["marks"][1]["at"] = 7
    assert _y_of(_svg(data), second) == pytest.approx(_y_of(svg, second) + 1.5 * bone)


def test_the_shaded_stretch_runs_from_the_first_mark_to_the_last(data: dict[str, Any]) -> None:
    svg = _svg(data)
    shaded = [r for r in svg.iter(f"{SVG}rect") if r.get("stroke-dasharray") and float(r.get("height", 0)) > 20]
    assert len(shaded) == 1
    top, height = float(shaded[0].get("y")), float(shaded[0].get("height"))
    first, second = (_fact(data, i)["label"] for i in MARKS)
    text_below_line = 5  # a mark's name sits 5 units below its line
    assert top == pytest.approx(_y_of(svg, first) - text_below_line)
    assert top + height == pytest.approx(_y_of(svg, second) - text_below_line)
    data["pictures"][-1].pop("shade")
    assert not [r for r in _svg(data).iter(f"{SVG}rect") if r.get("stroke-dasharray")]


def test_one_bone_is_drawn_per_bone_counted(data: dict[str, Any]) -> None:
    bones = [r for r in _svg(data).iter(f"{SVG}rect") if r.get("rx") == "2"]
    assert len(bones) == 3 + 4


def test_the_table_beside_it_names_each_part_mark_and_the_shade_with_its_sources(data: dict[str, Any]) -> None:
    facts = model(data)
    drawing = draw(facts.pictures["spine"], facts)
    assert drawing.header == ("Part", "What it is")
    assert [row.owner for row in drawing.rows] == [*PARTS, *MARKS, SHADE]
    for row in drawing.rows:
        assert row.key == _fact(data, row.owner)["label"]
        assert row.text == _fact(data, row.owner)["statement"]
        assert row.citations


def test_the_drawing_follows_light_and_dark_mode(data: dict[str, Any]) -> None:
    svg = _svg(data)
    assert svg.get("role") == "img"
    colours = {e.get(a) for e in svg.iter() for a in ("fill", "stroke") if e.get(a)}
    assert colours <= {"currentColor", "none"}


def _set(path: list[Any], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target = data["pictures"][-1]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    "change, expected",
    [
        (_set(["bands"], [3]), "pictures[4].bands: has 1 bone count(s) for 2 part(s) of the spine."),
        (_set(["marks", 1, "at"], 8), "pictures[4].marks[1].at: is 8, but the spine drawn has 7 bones."),
        (_set(["marks", 1, "at"], 0.5), "pictures[4].marks[1].at: is not below the mark before it."),
        (_set(["marks", 0, "fact"], "no-such-fact"), "pictures[4].marks[0].fact: unknown fact 'no-such-fact'."),
        (_set(["marks", 0, "fact"], "participants"), "pictures[4].marks[0].fact: fact 'participants' has no label."),
        (_set(["shade"], "participants"), "pictures[4].shade: fact 'participants' has no label."),
        (_set(["marks"], [{"fact": MARKS[0], "at": 1}]), "pictures[4].shade: shades the stretch between the first"),
        (lambda d: d["words"]["pictures"].pop("spine_part"), "words.pictures: has no 'spine_part'"),
    ],
    ids=["bands", "off-the-spine", "out-of-order", "unknown-fact", "no-label", "shade-no-label", "one-mark", "words"],
)
def test_broken_spine_data_gives_a_located_message(data: dict[str, Any], change: Any, expected: str) -> None:
    change(data)
    found = [str(p) for p in picture_problems(model(data))]
    assert any(p.startswith(f"facts.json: {expected}") for p in found), found
    with pytest.raises(BuildFailed) as failure:
        _compile(data)
    assert any(str(p).startswith(f"facts.json: {expected}") for p in failure.value.problems)


def test_facts_only_a_spine_picture_shows_need_no_page(data: dict[str, Any]) -> None:
    """A part's sentence is shown in full in the picture's table, so it needs no section of its own."""
    part = {**_fact(data, "flow-donor"), "id": "spine-part", "label": "Neck"}
    for key in ("page", "section"):
        part.pop(key)
    data["facts"].append(part)
    data["pictures"][-1]["items"] = [*PARTS, "spine-part"]
    data["pictures"][-1]["bands"] = [3, 4, 2]
    _compile(data)
    data["pictures"].pop()
    with pytest.raises(BuildFailed) as failure:
        _compile(data)
    assert "fact 'spine-part' has no page and no other text uses its value" in str(failure.value.problems)


def test_a_sentence_shown_only_in_a_spine_picture_is_listed_under_its_source(
    data: dict[str, Any], tmp_path: Path
) -> None:
    """The Sources page lists every sentence a source supports, with the page that shows it: for a
    sentence with no page of its own, the page that draws the picture."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    results = templates / "results.md.j2"
    results.write_text(results.read_text(encoding="utf-8") + '\n{{ picture("spine") }}\n', encoding="utf-8")
    part = {**_fact(data, "flow-donor"), "id": "spine-part", "label": "Neck", "statement": "The neck is at the top."}
    for key in ("page", "section"):
        part.pop(key)
    data["facts"].append(part)
    data["pictures"][-1]["items"] = [*PARTS, "spine-part"]
    data["pictures"][-1]["bands"] = [3, 4, 2]
    facts, env = model_of(data), make_environment(templates)
    check_all(facts, env, templates, TODAY)
    pages = render_pages(facts, templates, env)
    assert "The neck is at the top." in pages["results.md"]
    listed = [line for line in pages["sources.md"].splitlines() if "The neck is at the top." in line]
    assert listed and all("(results.md)" in line for line in listed)
