"""Each way an editor can break facts.json gives one precise, located message."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from internals import model
from internals import problems_for as found_problems

from factsite.load import parse_facts
from factsite.problems import BuildFailed

Data = dict[str, Any]


def problems_for(data: Data) -> list[str]:
    problems = found_problems(data)
    assert problems, "expected the checks to refuse this data"
    return problems


def fact_index(data: Data, fact_id: str) -> int:
    return next(i for i, f in enumerate(data["facts"]) if f["id"] == fact_id)


@pytest.fixture
def base_data() -> Data:
    """The small valid site the broken-input corpus changes (tests/broken/base), fresh for each test."""
    return json.loads((Path(__file__).resolve().parent / "broken" / "base" / "facts.json").read_text(encoding="utf-8"))


def test_real_facts_file_is_valid(real_facts_data: Data) -> None:
    facts = model(real_facts_data)
    assert len(facts.facts) == len(real_facts_data["facts"])
    assert all(fact.citations for fact in facts.facts.values())


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: tuple[Any, ...]) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


BROKEN = {
    "unknown source, with suggestion": (
        _set(("facts", 1, "citations", 0, "source"), "trial-registri"),
        "facts.json: facts[1].citations[0].source: unknown source 'trial-registri'. "
        "Fix: did you mean 'trial-registry'?",
    ),
    "fact with no citation": (
        _set(("facts", 2, "citations"), []),
        "facts.json: facts[2].citations: needs at least 1 citation. Fix: add a citation",
    ),
    "missing required field": (
        _delete(("facts", 1, "checked")),
        "facts.json: facts[1]: missing required field 'checked'.",
    ),
    "impossible date": (
        _set(("facts", 0, "checked"), "2025-02-30"),
        "facts.json: facts[0].checked: '2025-02-30' is not a real date. Fix: check the month and day (YYYY-MM-DD)",
    ),
    "next review before last review": (
        _set(("site", "next_review"), "2020-01-01"),
        "facts.json: site.next_review: next review 2020-01-01 is not after the last review 2026-11-01.",
    ),
    "http url": (
        _set(("sources", 0, "url"), "http://example.org/trial"),
        "facts.json: sources[0].url: 'http://example.org/trial' is not an https:// web address. "
        "Fix: paste the full address, starting with https://",
    ),
    "javascript url": (
        _set(("sources", 0, "url"), "javascript:alert(1)"),
        "facts.json: sources[0].url: 'javascript:alert(1)' is not an https:// web address.",
    ),
    "https url without a host": (
        _set(("sources", 0, "url"), "https://localhost"),
        "facts.json: sources[0].url: 'https://localhost' is not a well-formed https:// web address.",
    ),
    "html in a statement": (
        _set(("facts", 2, "statement"), "Cells <script>alert(1)</script> grew."),
        "facts.json: facts[2].statement: contains '<', which is not allowed because it starts an HTML tag.",
    ),
    "markdown link in a statement": (
        _set(("facts", 2, "statement"), "See [this](https://x.org)."),
        "facts.json: facts[2].statement: contains '[', which is not allowed because it starts a Markdown link",
    ),
    "jinja in a statement": (
        _set(("facts", 2, "statement"), "Total {{ 7 * 7 }} cells."),
        "facts.json: facts[2].statement: contains a brace that is not a {fact-id} placeholder.",
    ),
    "unknown placeholder": (
        _set(("facts", 2, "statement"), "About {participant} men."),
        "facts.json: facts[2].statement: {participant} names unknown fact 'participant'. "
        "Fix: did you mean 'participants'?",
    ),
    "bad id": (
        _set(("facts", 2, "id"), "Trial Approval"),
        "facts.json: facts[2].id: 'Trial Approval' is not a valid id.",
    ),
    "unknown field": (
        _set(("facts", 2, "sorces"), ["nature-news-2025"]),
        "facts.json: facts[2]: unknown field 'sorces'. Fix: check the spelling",
    ),
    "wrong type": (
        _set(("facts", 0, "value"), "four"),
        "facts.json: facts[0].value: expected a number, found text.",
    ),
    "unknown support level": (
        _set(("facts", 0, "support"), "probably"),
        "facts.json: facts[0].support: 'probably' is not allowed. Fix: use one of: confirmed, news-only, disputed",
    ),
    "weeks of a value that is not in days": (
        _set(("facts", 2, "statement"), "About {participants|weeks} weeks."),
        "facts.json: facts[2].statement: {participants|weeks} needs a whole number of weeks in days.",
    ),
    "impossible change-log date": (
        _set(("changelog", 0, "date"), "2026-11-31"),
        "facts.json: changelog[0].date: '2026-11-31' is not a real date.",
    ),
    "change log entry without a reason": (
        _delete(("changelog", 0, "reason")),
        "facts.json: changelog[0]: missing required field 'reason'.",
    ),
    "confirmed without a primary passage": (
        _set(("facts", 2, "support"), "confirmed"),
        "facts.json: facts[2].support: is 'confirmed' but quotes no passage from a primary source.",
    ),
}


@pytest.mark.parametrize("change, expected", BROKEN.values(), ids=BROKEN.keys())
def test_broken_input_gives_located_message(base_data: Data, change: Callable[[Data], None], expected: str) -> None:
    change(base_data)
    assert any(message.startswith(expected) for message in problems_for(base_data)), problems_for(base_data)


def test_duplicate_id_names_both_entries(base_data: Data) -> None:
    base_data["facts"][2]["id"] = base_data["facts"][0]["id"]
    assert (
        "facts.json: facts[2].id: id 'participants' is already used by facts[0]. Fix: give each entry its own id"
        in problems_for(base_data)
    )


def test_every_problem_is_reported_in_one_run(base_data: Data) -> None:
    base_data["facts"][1]["citations"][0]["source"] = "no-such-source"
    base_data["facts"][2]["checked"] = "2026-13-01"
    base_data["sources"][2]["url"] = "https://bad host.org"
    places = [message.split(": ")[1] for message in problems_for(base_data)]
    # All three, in the order an editor meets them in the file's listing of problems.
    assert places == ["facts[1].citations[0].source", "facts[2].checked", "sources[2].url"]


def test_weak_sources_alone_cannot_support_a_fact(base_data: Data) -> None:
    base_data["facts"][2]["citations"] = [{"source": "forum-post", "where": "the post", "quote": "Two got better."}]
    assert any(m.startswith("facts.json: facts[2].citations: cites only weak sources") for m in problems_for(base_data))


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b'{"site": {', "facts.json: line 1, column 11: the file ends before the JSON is complete"),
        (b"", "facts.json: file is empty."),
        (b"\xef\xbb\xbf{}", "facts.json: line 1, column 1: file starts with a byte-order mark (BOM)."),
        (b'{"a": "caf\xe9"}', "facts.json: line 1, column 11: byte 0xe9 is not valid UTF-8."),
        (b'{"a": 1, "a": 2}', "facts.json: line 1, column 10: key 'a' appears twice in one object (first on line 1)."),
        (b'{"a": NaN}', "facts.json: line 1, column 7: NaN is not allowed in JSON."),
        (b"[1, 2]", "facts.json: the file must hold one JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "facts.json: line 1, column 33: JSON is nested more than 32 levels deep."),
    ],
    ids=["truncated", "empty", "bom", "not-utf8", "duplicate-key", "nan", "not-an-object", "deep-nesting"],
)
def test_unreadable_file_gives_located_message(raw: bytes, expected: str) -> None:
    with pytest.raises(BuildFailed) as failure:
        parse_facts(raw)
    assert str(failure.value.problems[0]).startswith(expected)
