"""Picture data: every picture names entries that exist and carry what its kind needs."""

from __future__ import annotations

from collections.abc import Callable

from factsite.model import Facts, Picture, parse_date
from factsite.problems import Problem, closest
from factsite.text import long_date


def picture_problems(facts: Facts) -> list[Problem]:
    problems: list[Problem] = []
    for picture in facts.picture_list:
        where = f"pictures[{picture.index}]"
        if picture.kind == "ladder":
            problems += _ladder_problems(picture, facts, where)
            continue
        found = []
        for position, fact_id in enumerate(picture.items):
            place = f"{where}.items[{position}]"
            fact = facts.facts.get(fact_id)
            if fact is None:
                found.append(Problem(facts.file, place, f"unknown fact '{fact_id}'", "use the id of a fact"))
            elif fact.label is None:
                found.append(Problem(facts.file, place, f"fact '{fact_id}' has no label", 'add "label": "a few words"'))
        problems += found or KIND_CHECKS.get(picture.kind, _nothing)(picture, facts, where)
    return problems


def _nothing(picture: Picture, facts: Facts, where: str) -> list[Problem]:
    return []


def _ladder_problems(picture: Picture, facts: Facts, where: str) -> list[Problem]:
    problems = []
    for position, term_id in enumerate(picture.items):
        term = facts.glossary.get(term_id)
        if term is not None and term.label is not None and not 1 <= len((term.term.split() or [""])[-1]) <= 2:
            problems.append(
                Problem(
                    facts.file,
                    f"glossary[{term.index}].term",
                    f"'{term.term}' does not end in the grade a ladder draws on its rung",
                    "end the term with the grade, like 'Grade A'",
                )
            )
        if term is None or term.label is None:
            what = "unknown glossary term" if term is None else "glossary term without a label:"
            problems.append(
                Problem(
                    facts.file,
                    f"{where}.items[{position}]",
                    f"{what} '{term_id}'",
                    "a ladder shows glossary terms with a label",
                )
            )
    return problems


def _outcome_problems(picture: Picture, facts: Facts, where: str) -> list[Problem]:
    problems = []
    items = [facts.facts[i] for i in picture.items]
    for position, fact in enumerate(items):
        if fact.outcome is None:
            problems.append(
                Problem(
                    facts.file,
                    f"{where}.items[{position}]",
                    f"fact '{fact.id}' has no outcome",
                    'add "outcome": {"before": "A", "after": "D"}',
                )
            )
    if picture.total is None:
        return problems
    total_fact = facts.facts.get(picture.total)
    if total_fact is None or total_fact.value is None:
        return [
            *problems,
            Problem(
                facts.file,
                f"{where}.total",
                f"'{picture.total}' is not a fact with a value",
                closest_hint(picture.total, facts),
            ),
        ]
    total, expected = sum(f.value or 0 for f in items), total_fact.value
    if not problems and total != expected:
        problems.append(
            Problem(
                facts.file,
                f"{where}.items",
                f"the outcomes add up to {total:g} people, but '{picture.total}' says {expected:g}",
                "make the values of these facts add up",
            )
        )
    return problems


def closest_hint(fact_id: str, facts: Facts) -> str:
    return closest(fact_id, [f.id for f in facts.fact_list if f.value is not None])


def _timeline_problems(picture: Picture, facts: Facts, where: str) -> list[Problem]:
    problems, previous = [], None
    items = picture.items
    for position, fact_id in enumerate(items):
        fact, place = facts.facts[fact_id], f"{where}.items[{position}]"
        if fact.date is None:
            if position != len(items) - 1:
                problems.append(
                    Problem(
                        facts.file,
                        place,
                        f"fact '{fact_id}' has no date",
                        "only the last step of a timeline may be undated",
                    )
                )
            continue
        # The date is stored twice (for the drawing, and in the sentence): they must agree.
        if long_date(fact.date) not in fact.statement:
            problems.append(
                Problem(
                    facts.file,
                    place,
                    f"fact '{fact_id}' has date {fact.date}, but its statement does not say {long_date(fact.date)}",
                    "make the date and the statement agree",
                )
            )
        when = parse_date(fact.date)
        if previous and when and when < previous:
            problems.append(
                Problem(
                    facts.file,
                    place,
                    f"fact '{fact_id}' is earlier than the step before it",
                    "list timeline steps in date order",
                )
            )
        previous = when or previous
    return problems


def _flow_problems(picture: Picture, facts: Facts, where: str) -> list[Problem]:
    icons = picture.icons
    if icons is not None and len(icons) != len(picture.items):
        return [
            Problem(
                facts.file,
                f"{where}.icons",
                f"has {len(icons)} icons for {len(picture.items)} steps",
                "give one icon per step, in the same order",
            )
        ]
    return []


def _icons_problems(picture: Picture, facts: Facts, where: str) -> list[Problem]:
    """Icons: exactly two percentages, the lowest then the highest, each a whole number of 100 figures
    away from zero and a hundred; and the words the key needs."""
    from factsite.drawing import ICON_WORDS  # drawing imports the model only; no cycle at import time

    problems = [
        Problem(facts.file, "words.pictures", f"has no '{key}', which an icons picture needs", f'add "{key}"')
        for key in ICON_WORDS
        if key not in facts.words.pictures
    ]
    items = [facts.facts[i] for i in picture.items]
    if len(items) != 2:
        return [
            *problems,
            Problem(
                facts.file, f"{where}.items", f"has {len(items)} facts", "give two: the lowest share, then the highest"
            ),
        ]
    for position, fact in enumerate(items):
        if fact.unit != "percent" or fact.value is None or not 0.5 <= fact.value < 99.5:
            problems.append(
                Problem(
                    facts.file,
                    f"{where}.items[{position}]",
                    f"fact '{fact.id}' is not a percentage between 0.5 and 99.5",
                    "an icons picture draws shares of 100 people",
                )
            )
    if not problems and round(items[0].value or 0) > round(items[1].value or 0):
        problems.append(
            Problem(facts.file, f"{where}.items", "the first share is higher than the second", "list the lowest first")
        )
    return problems


def _spine_problems(picture: Picture, facts: Facts, where: str) -> list[Problem]:
    """Spine: one number of bones per part; marks and the shaded stretch name labelled facts, and each
    mark is on the spine, below the one before it; and the words the table needs."""
    from factsite.drawing import SPINE_WORDS  # drawing imports the model only; no cycle at import time

    problems = [
        Problem(facts.file, "words.pictures", f"has no '{key}', which a spine picture needs", f'add "{key}"')
        for key in SPINE_WORDS
        if key not in facts.words.pictures
    ]
    bands = picture.bands or ()
    if len(bands) != len(picture.items):
        problems.append(
            Problem(
                facts.file,
                f"{where}.bands",
                f"has {len(bands)} bone count(s) for {len(picture.items)} part(s) of the spine",
                "give one number per part in items: how many bones it has, top to bottom",
            )
        )
    problems += _mark_problems(picture, facts, where, sum(bands))
    if picture.shade is not None:
        problems += _labelled(facts, picture.shade, f"{where}.shade", "a spine's shade names a fact with a label")
        if len(picture.marks or ()) < 2:
            problems.append(
                Problem(
                    facts.file,
                    f"{where}.shade",
                    "shades the stretch between the first and last mark, but there are fewer than two marks",
                    "add a mark at each end of the stretch, or remove shade",
                )
            )
    return problems


def _mark_problems(picture: Picture, facts: Facts, where: str, bones: int) -> list[Problem]:
    problems: list[Problem] = []
    previous = None
    for position, mark in enumerate(picture.marks or ()):
        place = f"{where}.marks[{position}]"
        problems += _labelled(facts, mark.fact, f"{place}.fact", "a mark names a fact with a label")
        if not 0 <= mark.at <= bones:
            problems.append(
                Problem(
                    facts.file,
                    f"{place}.at",
                    f"is {mark.at:g}, but the spine drawn has {bones} bones",
                    f"count bones from the top of the neck, from 0 to {bones}",
                )
            )
        elif previous is not None and mark.at <= previous:
            problems.append(
                Problem(facts.file, f"{place}.at", "is not below the mark before it", "list marks from top to bottom")
            )
        previous = mark.at
    return problems


def _labelled(facts: Facts, fact_id: str, place: str, fix: str) -> list[Problem]:
    fact = facts.facts.get(fact_id)
    if fact is None:
        return [
            Problem(
                facts.file,
                place,
                f"unknown fact '{fact_id}'",
                closest(fact_id, list(facts.facts), "use the id of a fact"),
            )
        ]
    if fact.label is None:
        return [Problem(facts.file, place, f"fact '{fact_id}' has no label", fix)]
    return []


KIND_CHECKS: dict[str, Callable[[Picture, Facts, str], list[Problem]]] = {
    "flow": _flow_problems,
    "outcomes": _outcome_problems,
    "timeline": _timeline_problems,
    "icons": _icons_problems,
    "spine": _spine_problems,
}
