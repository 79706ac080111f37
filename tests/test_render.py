"""Rendering: every fact shows on its page with a citation, and fact text stays text.

Unit tests of rendering run on the fixture site (tests/fixture_site/), never the real facts.json, so
editing content never breaks them. Only the citation rule for the real fact pages reads the real site.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from internals import compile_pages, model, render, unchecked
from support import FIXTURE_TEMPLATES, FIXTURE_TODAY, REAL_FACTS

from factsite.layout import page_templates as page_templates_of
from factsite.layout import source_pages
from factsite.model import Facts
from factsite.problems import BuildFailed
from factsite.render import footnote, page_titles, supported_sentences
from factsite.text import as_frequency, escape, fill_placeholders, format_value

FIXTURE_DAY = dt.date.fromisoformat(FIXTURE_TODAY)  # inside the fixture's review interval: no currency problems
FOOTNOTE_REF = re.compile(r"\[\^([a-z0-9-]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([a-z0-9-]+)\]: .*\((sources(?:-[a-z]+)*\.md)#([a-z0-9-]+)\)$", re.MULTILINE)
FOOTNOTE_DEF_TEXT = re.compile(r"^\[\^([a-z0-9-]+)\]: (.*)$", re.MULTILINE)
TERM_LINK = re.compile(r'\[([^\]]+)\]\(glossary\.md#[a-z0-9-]+ "[^"]*"\)\{ \.fs-term \}')


def unlinked(page: str) -> str:
    """The page with glossary-term links turned back into their words (tested in test_glossary.py)."""
    return TERM_LINK.sub(r"\1", page)


@pytest.fixture(scope="module")
def split_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site's templates with news reports listed on a Sources page of their own
    (sources-news, factsite/layout.py), as a site whose Sources page grew too heavy splits it."""
    templates = tmp_path_factory.mktemp("split") / "templates"
    shutil.copytree(FIXTURE_TEMPLATES, templates)
    sources = (templates / "sources.md.j2").read_text(encoding="utf-8")
    news = sources.replace("title: Sources\n", 'title: "Sources: news reports"\n').replace(
        "\n# Sources\n", "\n# Sources: news reports\n"
    )
    assert news.count("Sources: news reports") == 2, "the fixture's Sources template changed"
    (templates / "sources-news.md.j2").write_text(news, encoding="utf-8")
    return templates


@pytest.fixture
def facts(fixture_data: dict[str, Any]) -> Facts:
    return model(fixture_data)


@pytest.fixture
def pages(facts: Facts, split_templates: Path) -> dict[str, str]:
    return render(facts, split_templates)


def test_every_fact_with_a_page_appears_on_it_with_its_sources(
    facts: Facts, pages: dict[str, str], split_templates: Path
) -> None:
    # Some kinds of source are listed on pages of their own: footnotes link there (factsite/layout.py).
    kind_pages = source_pages(page_templates_of(split_templates))
    assert kind_pages, "no kind of source has a page of its own"
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
            assert unlinked(footnote(facts, citation, kind_pages)) in shown, fact.id


def test_every_footnote_resolves_to_a_source_box_entry(facts: Facts, pages: dict[str, str]) -> None:
    targets = set()
    for name, page in pages.items():
        refs = set(FOOTNOTE_REF.findall(page))
        definitions = {label: (target, anchor) for label, target, anchor in FOOTNOTE_DEF.findall(page)}
        assert refs == set(definitions), name
        for label, (target, anchor) in definitions.items():
            assert anchor in facts.sources, f"{name}: footnote {label} links to no source"
            assert f"{{ #{anchor} }}" in pages[target], f"{name}: footnote {label} has no entry on {target}"
            targets.add(target)
    assert len(targets) > 1, "no footnote links to a Sources page of its own kind"


def test_every_source_is_on_exactly_one_sources_page_with_every_sentence_it_supports(
    facts: Facts, pages: dict[str, str], split_templates: Path
) -> None:
    sources_pages = {name: page for name, page in pages.items() if re.match(r"sources(-[a-z]+)*\.md$", name)}
    assert len(sources_pages) > 1, "the Sources pages are not split by kind"
    supported = supported_sentences(facts, page_titles(split_templates))
    for source in facts.sources.values():
        holding = [name for name, page in sources_pages.items() if f"{{ #{source.id} }}" in page]
        assert len(holding) == 1, f"{source.id}: on {holding}"
        entry = sources_pages[holding[0]].split(f"{{ #{source.id} }}", 1)[1].split("\n### ", 1)[0]
        for use in supported.get(source.id, []):
            assert f"{use.sentence}<br>{use.passage}" in entry, f"{source.id}: {use.sentence}"


def test_every_prose_paragraph_on_fact_pages_is_cited() -> None:
    """A factual sentence without a footnote is an uncited claim.

    A rule for the real site's content (its templates' prose), so it renders the real facts and templates."""
    pages = render(copy.deepcopy(REAL_FACTS))
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
    index = unlinked(pages["index.md"])
    assert "3 people took part in the Example trial." in index  # {participants}
    assert "about 1 in 8 people (12.5%) with pretend fatigue" in index  # {natural-rate|frequency} ({natural-rate})
    assert "within 3 weeks (21) of the first symptoms" in index  # {dose-window|weeks} ({dose-window})


def test_changing_a_stored_value_changes_every_page_that_uses_it(fixture_data: dict[str, Any]) -> None:
    index = next(i for i, f in enumerate(fixture_data["facts"]) if f["id"] == "participants")
    fixture_data["facts"][index]["value"] = 5
    # The outcome picture checks that each person's outcome adds up to the participants (test_pictures.py).
    no_new_grade = next(f for f in fixture_data["facts"] if f["id"] == "outcome-none")
    no_new_grade["value"] = 4
    pages = {name: unlinked(page) for name, page in render(fixture_data, FIXTURE_TEMPLATES).items()}
    assert "5 people took part in the Example trial." in pages["index.md"]
    assert "1 of the 5 people moved from grade A to grade C." in pages["results.md"]
    assert "Only one of the 5 people got better" in pages["claims.md"]


def test_fact_text_cannot_inject_markup_even_past_validation(fixture_data: dict[str, Any]) -> None:
    hostile = "<script>alert(1)</script> [link](javascript:x) # {{ 7*7 }} {% raw %} <!-- c --> [^x] *b* `c`"
    next(f for f in fixture_data["facts"] if f["id"] == "participants")["statement"] = hostile
    page = render(unchecked(fixture_data), FIXTURE_TEMPLATES)["index.md"]
    assert "<script>" not in page and "<!--" not in page
    assert "&lt;script&gt;" in page
    assert r"\[link\]" in page and r"\{\{ 7\*7 \}\}" in page and r"\[^x\]" in page


def _copy_templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(FIXTURE_TEMPLATES, templates)
    return templates


def test_template_naming_an_unknown_fact_fails_with_template_and_line(
    fixture_data: dict[str, Any], tmp_path: Path
) -> None:
    templates = _copy_templates(tmp_path)
    path = templates / "index.md.j2"
    lines = path.read_text().splitlines()
    lines.insert(8, '{{ fact("no-comparisn") }}')
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(BuildFailed) as failure:
        compile_pages(fixture_data, templates, FIXTURE_DAY)
    assert [str(p) for p in failure.value.problems] == [
        "templates/index.md.j2: line 9: unknown fact 'no-comparisn'. Fix: did you mean 'no-comparison'?"
    ]


def test_template_syntax_error_is_located(fixture_data: dict[str, Any], tmp_path: Path) -> None:
    templates = _copy_templates(tmp_path)
    (templates / "glossary.md.j2").write_text("# Glossary\n\n{% for x in glossary %}\n{{ x.term }}\n")
    with pytest.raises(BuildFailed) as failure:
        compile_pages(fixture_data, templates, FIXTURE_DAY)
    message = str(failure.value.problems[0])
    assert message.startswith("templates/glossary.md.j2: line 4: template syntax error: Unexpected end of template")


def test_fact_whose_section_no_template_shows_is_an_error(fixture_data: dict[str, Any]) -> None:
    index = next(i for i, f in enumerate(fixture_data["facts"]) if f["id"] == "cause-disputed")
    fixture_data["facts"][index]["section"] = "each-persn"
    with pytest.raises(BuildFailed) as failure:
        compile_pages(fixture_data, FIXTURE_TEMPLATES, FIXTURE_DAY)
    assert str(failure.value.problems[0]) == (
        f"facts.json: facts[{index}].section: templates/results.md.j2 has no section('each-persn'). "
        "Fix: did you mean 'each-person'?"
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
    fixture_data: dict[str, Any],
) -> None:
    placed = [f for f in fixture_data["facts"] if f.get("page") == "results" and "{" not in f["statement"]]
    first, second = placed[0], placed[1]
    second["citations"] = [copy.deepcopy(first["citations"][0])]  # the very same source, place and words
    facts = model(fixture_data)
    page = unlinked(render(facts, FIXTURE_TEMPLATES)["results.md"])
    shared = footnote(facts, facts.facts[first["id"]].citations[0])
    labels = [label for label, text in FOOTNOTE_DEF_TEXT.findall(page) if text == unlinked(shared)]
    assert len(labels) == 1, "the passage is shown more than once"
    for fact in (first, second):
        after = page.split(escape(fact["statement"]), 1)[1]
        assert re.match(rf"(\[\^[a-z0-9-]+\])*\[\^{labels[0]}\]", after), fact["id"]
