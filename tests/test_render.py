"""Rendering: every fact shows on its page with a citation, and fact text stays text."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from internals import compile_pages, model, render, unchecked
from support import ROOT

from factsite.layout import page_templates as page_templates_of
from factsite.layout import source_pages
from factsite.model import Facts
from factsite.problems import BuildFailed
from factsite.render import footnote, page_titles, supported_sentences
from factsite.text import as_frequency, escape, fill_placeholders, format_value

# The real templates list some kinds of source on pages of their own (factsite/layout.py).
KIND_PAGES = source_pages(page_templates_of(ROOT / "templates"))
FOOTNOTE_REF = re.compile(r"\[\^([a-z0-9-]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([a-z0-9-]+)\]: .*\((sources(?:-[a-z]+)*\.md)#([a-z0-9-]+)\)$", re.MULTILINE)
FOOTNOTE_DEF_TEXT = re.compile(r"^\[\^([a-z0-9-]+)\]: (.*)$", re.MULTILINE)
TERM_LINK = re.compile(r'\[([^\]]+)\]\(glossary\.md#[a-z0-9-]+ "[^"]*"\)\{ \.fs-term \}')


def unlinked(page: str) -> str:
    """The page with glossary-term links turned back into their words (tested in test_glossary.py)."""
    return TERM_LINK.sub(r"\1", page)


@pytest.fixture
def facts(facts_data: dict[str, Any]) -> Facts:
    return model(facts_data)


@pytest.fixture
def pages(facts: Facts) -> dict[str, str]:
    return render(facts)


def test_every_fact_with_a_page_appears_on_it_with_its_sources(facts: Facts, pages: dict[str, str]) -> None:
    for fact in facts.facts.values():
        if fact.placement is None:
            continue
        text = escape(fill_placeholders(fact.statement, facts.facts))
        page = unlinked(pages[f"{fact.placement.page}.md"])
        assert text in page, f"{fact.id} missing from {fact.placement.page}.md"
        cited = page.split(text, 1)[1]
        markers = re.findall(r"\[\^([a-z0-9-]+)\]", re.match(r"(\[\^[a-z0-9-]+\])*", cited).group(0))
        assert len(markers) == len(set(markers)), f"{fact.id}: the same footnote marked twice"
        # Each citation has a marker right after the text, whose footnote shows that citation (texts
        # that cite the very same passage share its footnote).
        notes = dict(FOOTNOTE_DEF_TEXT.findall(page))
        shown = {notes[label] for label in markers}
        for citation in fact.citations:
            assert unlinked(footnote(facts, citation, KIND_PAGES)) in shown, fact.id


def test_every_footnote_resolves_to_a_source_box_entry(facts: Facts, pages: dict[str, str]) -> None:
    for name, page in pages.items():
        refs = set(FOOTNOTE_REF.findall(page))
        definitions = {label: (target, anchor) for label, target, anchor in FOOTNOTE_DEF.findall(page)}
        assert refs == set(definitions), name
        for label, (target, anchor) in definitions.items():
            assert anchor in facts.sources, f"{name}: footnote {label} links to no source"
            assert f"{{ #{anchor} }}" in pages[target], f"{name}: footnote {label} has no entry on {target}"


def test_every_source_is_on_exactly_one_sources_page_with_every_sentence_it_supports(
    facts: Facts, pages: dict[str, str]
) -> None:
    sources_pages = {name: page for name, page in pages.items() if re.match(r"sources(-[a-z]+)*\.md$", name)}
    assert len(sources_pages) > 1, "the Sources pages are not split by kind"
    supported = supported_sentences(facts, page_titles(ROOT / "templates"))
    for source in facts.sources.values():
        holding = [name for name, page in sources_pages.items() if f"{{ #{source.id} }}" in page]
        assert len(holding) == 1, f"{source.id}: on {holding}"
        entry = sources_pages[holding[0]].split(f"{{ #{source.id} }}", 1)[1].split("\n### ", 1)[0]
        for use in supported.get(source.id, []):
            assert f"{use.sentence}<br>{use.passage}" in entry, f"{source.id}: {use.sentence}"


def test_every_prose_paragraph_on_fact_pages_is_cited(pages: dict[str, str]) -> None:
    """A factual sentence without a footnote is an uncited claim."""
    for name in ("ips-cells.md", "trial.md", "results.md", "caveats.md"):
        body = pages[name].split("\n---\n", 2)[1].split("\n---\n")[0]  # between front matter and trust box
        for block in body.split("\n\n"):
            block = block.strip()
            # A picture (raw HTML) is followed by its text alternative, a table checked in test_site.py.
            # An admonition ("!!!") holds links to other pages, not facts.
            if not block or block.startswith(("#", "|", "<", "!!!")) or block.startswith("[^"):
                continue
            if block.endswith("{: .fs-framing }"):  # the site's own framing, marked as such (test_citations.py)
                continue
            for line in block.splitlines():
                if line.startswith("- ") and "?" in line:  # questions to ask a doctor
                    continue
                assert FOOTNOTE_REF.search(line), f"{name}: uncited line: {line!r}"


def test_values_are_stored_once_and_said_as_people_say_them(facts: Facts, pages: dict[str, str]) -> None:
    assert format_value(2_000_000, "cells") == "2 million"
    assert format_value(11.3, "percent") == "11.3%"
    assert format_value(12_500, "people") == "12,500"
    assert as_frequency(11.3) == "1 in 9"
    assert as_frequency(30.2) == "3 in 10"
    assert "Each man had about 2 million neural precursor cells." in unlinked(pages["trial.md"])
    assert "between 14 and 28 days after the injury" in pages["trial.md"]
    assert "2 to 4 weeks after the injury" in pages["ips-cells.md"]  # {window-start|weeks}


def test_changing_a_stored_value_changes_every_page_that_uses_it(facts_data: dict[str, Any]) -> None:
    index = next(i for i, f in enumerate(facts_data["facts"]) if f["id"] == "participants")
    facts_data["facts"][index]["value"] = 5
    # The outcome picture checks that each man's outcome adds up to the participants (test_pictures.py).
    no_change = next(f for f in facts_data["facts"] if f["id"] == "results-no-change")
    no_change["value"] = 3
    pages = {name: unlinked(page) for name, page in render(facts_data).items()}
    assert "5 men had the treatment." in pages["trial.md"]
    assert "checked on all 5 men for a full year" in pages["trial.md"]
    assert "of the 5 men" in pages["index.md"]


def test_fact_text_cannot_inject_markup_even_past_validation(facts_data: dict[str, Any]) -> None:
    hostile = "<script>alert(1)</script> [link](javascript:x) # {{ 7*7 }} {% raw %} <!-- c --> [^x] *b* `c`"
    next(f for f in facts_data["facts"] if f["id"] == "participants")["statement"] = hostile
    page = render(unchecked(facts_data))["trial.md"]
    assert "<script>" not in page and "<!--" not in page
    assert "&lt;script&gt;" in page
    assert r"\[link\]" in page and r"\{\{ 7\*7 \}\}" in page and r"\[^x\]" in page


def _copy_templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    return templates


def test_template_naming_an_unknown_fact_fails_with_template_and_line(
    facts_data: dict[str, Any], tmp_path: Path
) -> None:
    templates = _copy_templates(tmp_path)
    path = templates / "trial.md.j2"
    lines = path.read_text().splitlines()
    lines.insert(8, '{{ fact("trial-aproval") }}')
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(BuildFailed) as failure:
        compile_pages(facts_data, templates)
    assert [str(p) for p in failure.value.problems] == [
        "templates/trial.md.j2: line 9: unknown fact 'trial-aproval'. Fix: did you mean 'trial-approval'?"
    ]


def test_template_syntax_error_is_located(facts_data: dict[str, Any], tmp_path: Path) -> None:
    templates = _copy_templates(tmp_path)
    (templates / "glossary.md.j2").write_text("# Glossary\n\n{% for x in glossary %}\n{{ x.term }}\n")
    with pytest.raises(BuildFailed) as failure:
        compile_pages(facts_data, templates)
    message = str(failure.value.problems[0])
    assert message.startswith("templates/glossary.md.j2: line 4: template syntax error: Unexpected end of template")


def test_fact_whose_section_no_template_shows_is_an_error(facts_data: dict[str, Any]) -> None:
    index = next(i for i, f in enumerate(facts_data["facts"]) if f["id"] == "trial-rehab")
    facts_data["facts"][index]["section"] = "what-they-gott"
    with pytest.raises(BuildFailed) as failure:
        compile_pages(facts_data)
    assert str(failure.value.problems[0]) == (
        f"facts.json: facts[{index}].section: templates/trial.md.j2 has no section('what-they-gott'). "
        "Fix: did you mean 'what-they-got'?"
    )


def test_every_formatting_of_a_figure_is_exact_or_refused() -> None:
    assert format_value(1e-7, "percent") == "0.0000001%"  # never '1e-07%'
    assert format_value(100.0, "percent") == "100%"
    assert format_value(2_500_000, "cells") == "2.5 million"
    assert as_frequency(0) is None and as_frequency(0.5) is None and as_frequency(99) is None  # no '1 in 20'
    assert as_frequency(5.7) == "1 in 18"  # within 5% of the figure


@pytest.mark.parametrize("text", ["4. men took part", "+ one more", "- a dash", "---", "10) ten"])
def test_text_at_the_start_of_a_line_stays_text(text: str) -> None:
    import markdown

    assert markdown.markdown(escape(text)) == f"<p>{text}</p>"


@pytest.mark.parametrize(
    "text, count",
    [
        ("Dr. Okano led it, e.g. at Keio.", 1),
        ("H. Okano and M. Nakamura led it.", 1),
        ("The rate was 11.3% in the U.S. trial.", 1),
        ("He moved to grade D. He can stand.", 2),  # a grade letter ends a sentence
        ("It was small. It had no comparison group.", 2),
    ],
)
def test_sentences_are_split_where_a_reader_would_stop(text: str, count: int) -> None:
    from factsite.text import sentences

    assert len(sentences(text)) == count


def test_texts_citing_the_same_passage_share_one_footnote_each_with_its_own_marker(
    facts_data: dict[str, Any],
) -> None:
    placed = [f for f in facts_data["facts"] if f.get("page") == "trial" and "{" not in f["statement"]]
    first, second = placed[0], placed[1]
    second["citations"] = [copy.deepcopy(first["citations"][0])]  # the very same source, place and words
    facts = model(facts_data)
    page = unlinked(render(facts)["trial.md"])
    shared = footnote(facts, facts.facts[first["id"]].citations[0])
    labels = [label for label, text in FOOTNOTE_DEF_TEXT.findall(page) if text == unlinked(shared)]
    assert len(labels) == 1, "the passage is shown more than once"
    for fact in (first, second):
        after = page.split(escape(fact["statement"]), 1)[1]
        assert re.match(rf"(\[\^[a-z0-9-]+\])*\[\^{labels[0]}\]", after), fact["id"]
