"""Checks on the templates: readable, no typed-in figures, and every id they name exists.

Every number a reader sees must come from facts.json, so that changing one stored
value changes every page. A digit typed into a template's text is a figure that
would silently go stale; it fails the build with the template's name and line.
Every fact placed on a page must be shown by that page's template, and every
fact(...), section(...), term(...) and picture(...) a template calls must exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from factsite.front_matter import FrontMatterError, block, split
from factsite.layout import TEMPLATE_SUFFIX, drawn_in_full, facts_by_section, page_templates
from factsite.model import PLACEHOLDER, Facts
from factsite.problems import Problem, closest

# Functions that take an id; the id must be a quoted string so it can be checked before rendering.
ID_FUNCTIONS = {"fact": "facts", "section": "sections", "term": "glossary", "picture": "pictures"}
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DIGIT = re.compile(r"\d")
# Text a reader never sees as words: link and image targets, attribute lists, HTML tags.
NOT_SHOWN = re.compile(r"\]\([^)\n]*\)|\{[:#.]?[^{}\n]*\}|<[^<>\n]*>")


def template_problems(env: jinja2.Environment, templates_dir: Path, facts: Facts) -> list[Problem]:
    """Every template file is sound, every id it names exists, and every fact appears on its page."""
    pages = page_templates(templates_dir)
    problems: list[Problem] = template_file_problems(env, templates_dir)
    sections_by_page: dict[str, set[str]] = {}
    index = facts_by_section(facts)
    for page, path in pages.items():
        label = f"templates/{path.name}"
        refs, found = template_refs(env, path, label)
        problems += found + _unknown_ids(refs, facts, label)
        page_sections = set(index.get(page, {}))
        for section_id, line in refs["sections"]:
            if section_id not in page_sections:
                hint = closest(section_id, page_sections) if page_sections else f"no fact has page '{page}'"
                problems.append(
                    Problem(label, f"line {line}", f"no fact is in section '{section_id}' of page '{page}'", hint)
                )
        if not found:  # a template that cannot be read says nothing about which sections it shows
            sections_by_page[page] = {s for s, _ in refs["sections"]}
    return problems + _unplaced_facts(facts, pages, sections_by_page) + _asked_pages(facts, pages)


def _unknown_ids(refs: dict[str, list[tuple[str, int]]], facts: Facts, label: str) -> list[Problem]:
    problems = []
    for what, known, ids in (
        ("fact", facts.facts, refs["facts"]),
        ("glossary term", facts.glossary, refs["glossary"]),
        ("picture", facts.pictures, refs["pictures"]),
    ):
        problems += [
            Problem(label, f"line {line}", f"unknown {what} '{item_id}'", closest(item_id, known))
            for item_id, line in ids
            if item_id not in known
        ]
    return problems


def template_refs(
    env: jinja2.Environment, path: Path, label: str
) -> tuple[dict[str, list[tuple[str, int]]], list[Problem]]:
    """Find every fact(...), section(...), term(...) and picture(...) call in one template, with its line."""
    refs: dict[str, list[tuple[str, int]]] = {kind: [] for kind in ID_FUNCTIONS.values()}
    try:
        source = path.read_text(encoding="utf-8")
        _, body = split(source)  # the body as the loader gives it: the render then reuses this parse
        tree = env.parse(body, name=path.name, filename=str(path))
    except FrontMatterError as err:
        return refs, [Problem(label, f"line {err.line}", str(err), "write each setting as 'key: value'")]
    except jinja2.TemplateSyntaxError as err:
        return refs, [
            Problem(label, f"line {err.lineno}", f"template syntax error: {err.message}", "fix the Jinja tag")
        ]
    except UnicodeDecodeError:
        return refs, [Problem(label, "", "template is not valid UTF-8", "save it as UTF-8")]
    for call in walk(tree, nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name not in ID_FUNCTIONS:
            continue
        first = call.args[0] if call.args else None
        if not isinstance(first, nodes.Const) or not isinstance(first.value, str):
            continue  # an id computed in a loop is checked when the page renders
        refs[ID_FUNCTIONS[call.node.name]].append((first.value, call.lineno))
    return refs, []


def _unplaced_facts(facts: Facts, pages: dict[str, Path], sections_by_page: dict[str, set[str]]) -> list[Problem]:
    """A fact that no page shows is a fact an editor thinks is published but is not."""
    problems = []
    used_as_value = {m.group(1) for _, text in facts.texts() if "{" in text for m in PLACEHOLDER.finditer(text)}
    shown = used_as_value | set(drawn_in_full(facts))
    for fact in facts.facts.values():
        place = fact.placement
        if place is None:
            if fact.id not in shown:
                problems.append(
                    Problem(
                        facts.file,
                        f"facts[{fact.index}]",
                        f"fact '{fact.id}' has no page and no other text uses its value",
                        "give it a page and section, or remove it",
                    )
                )
        elif place.page not in pages:
            problems.append(
                Problem(
                    facts.file,
                    f"facts[{fact.index}].page",
                    f"no template for page '{place.page}'",
                    closest(place.page, pages),
                )
            )
        elif place.page in sections_by_page and place.section not in sections_by_page[place.page]:
            problems.append(
                Problem(
                    facts.file,
                    f"facts[{fact.index}].section",
                    f"templates/{place.page}{TEMPLATE_SUFFIX} has no section('{place.section}')",
                    closest(place.section, sections_by_page[place.page]),
                )
            )
    return problems


def _asked_pages(facts: Facts, pages: dict[str, Path]) -> list[Problem]:
    """The 'Read more' link of a question people ask must lead to a page that answers it."""
    return [
        Problem(
            facts.file,
            f"asked[{item.index}].page",
            f"no template for page '{item.page}'",
            closest(item.page, pages),
        )
        for item in facts.asked_list
        if item.page not in pages
    ]


def template_file_problems(env: jinja2.Environment, templates_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    for path in sorted(templates_dir.glob(f"*{TEMPLATE_SUFFIX}")):
        label = f"templates/{path.name}"
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(label, "", "template is not valid UTF-8", "save it as UTF-8"))
            continue
        except OSError as err:
            problems.append(Problem(label, "", f"cannot be read: {err.strerror}", "check the file's permissions"))
            continue
        problems += _typed_numbers(env, path, source, label)
    return problems


def _typed_numbers(env: jinja2.Environment, path: Path, source: str, label: str) -> list[Problem]:
    """Numbers typed into one template, front matter included.

    The body is parsed as the loader gives it (front matter blanked out), so this parse is the
    one the id checks and the compile reuse; the few front-matter lines are parsed on their own.
    Where that split does not hold (front matter that is not YAML, or a tag that spans the block's
    end), the whole file is parsed as it stands, as the render will report it.
    """
    try:
        _, body = split(source)
        front = block(source)
        front_tree = env.parse(front, name=path.name) if front else None
        body_tree = env.parse(body, name=path.name, filename=str(path))
    except (FrontMatterError, jinja2.TemplateSyntaxError):
        try:
            tree = env.parse(source, name=path.name)
        except jinja2.TemplateSyntaxError:
            return []  # reported, with its line, where the template is rendered
        return literal_numbers(tree, label, settings_lines(source))
    found = literal_numbers(front_tree, label, settings_lines(source)) if front_tree else []
    return found + literal_numbers(body_tree, label)


def settings_lines(source: str) -> set[int]:
    """Front-matter lines that configure the page (search boost...), which no reader sees.

    The title and description are shown (tab, search results), so their numbers still count.
    """
    lines = source.split("\n")
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        return set()
    end = lines.index("---", 1)
    return {n + 1 for n in range(1, end) if not lines[n].startswith(("title:", "description:"))}


def walk(tree: nodes.Node, kinds: type[nodes.Node] | tuple[type[nodes.Node], ...]) -> Iterator[Any]:
    """The nodes below `tree` of the given kinds, in the order `tree.find_all(kinds)` gives them.

    find_all nests one generator per level, so each node found passes up through every level
    above it; on 500 templates that was a twentieth of the build. This keeps its own stack.
    """
    stack: list[nodes.Node] = list(reversed(list(tree.iter_child_nodes())))
    while stack:
        node = stack.pop()
        if isinstance(node, kinds):
            yield node
        children = []
        for name in node.fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                children += [child for child in value if isinstance(child, nodes.Node)]
            elif isinstance(value, nodes.Node):
                children.append(value)
        stack += reversed(children)


def literal_numbers(tree: nodes.Template, label: str, skip_lines: set[int] = frozenset()) -> list[Problem]:
    """A number in the template's own text, or printed as a constant: {{ 4 }}."""
    found: list[tuple[int, str]] = []
    for node in walk(tree, (nodes.TemplateData, nodes.Output)):
        if isinstance(node, nodes.Output):
            found += [
                (child.lineno, str(child.value))
                for child in node.nodes
                if isinstance(child, nodes.Const) and NUMBER.search(str(child.value))
            ]
        elif _DIGIT.search(node.data):  # most template text has no digit at all, so no number
            for line_offset, line in enumerate(node.data.split("\n")):
                if node.lineno + line_offset in skip_lines:
                    continue
                found += [(node.lineno + line_offset, m.group(0)) for m in NUMBER.finditer(NOT_SHOWN.sub("", line))]
    return [
        Problem(
            label,
            f"line {line}",
            f"the number '{number}' is typed into the template",
            "store the figure in facts.json and show it with fact(...) or a {fact-id} placeholder",
        )
        for line, number in sorted(set(found))
    ]
