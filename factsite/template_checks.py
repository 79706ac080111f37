"""Checks on the template files themselves, partials included: readable, and no typed-in figures.

Every number a reader sees must come from facts.json, so that changing one stored
value changes every page. A digit typed into a template's text is a figure that
would silently go stale; it fails the build with the template's name and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import nodes

from factsite.problems import Problem

TEMPLATE_SUFFIX = ".md.j2"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Text a reader never sees as words: link and image targets, attribute lists, HTML tags.
NOT_SHOWN = re.compile(r"\]\([^)\n]*\)|\{[:#.]?[^{}\n]*\}|<[^<>\n]*>")


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
        try:
            tree = env.parse(source, name=path.name)
        except jinja2.TemplateSyntaxError:
            continue  # reported, with its line, where the template is rendered
        problems += literal_numbers(tree, label, settings_lines(source))
    return problems


def settings_lines(source: str) -> set[int]:
    """Front-matter lines that configure the page (search boost...), which no reader sees.

    The title and description are shown (tab, search results), so their numbers still count.
    """
    lines = source.split("\n")
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        return set()
    end = lines.index("---", 1)
    return {n + 1 for n in range(1, end) if not lines[n].startswith(("title:", "description:"))}


def literal_numbers(tree: nodes.Template, label: str, skip_lines: set[int] = frozenset()) -> list[Problem]:
    """A number in the template's own text, or printed as a constant: {{ 4 }}."""
    found: list[tuple[int, str]] = []
    for data in tree.find_all(nodes.TemplateData):
        for line_offset, line in enumerate(data.data.split("\n")):
            if data.lineno + line_offset in skip_lines:
                continue
            found += [(data.lineno + line_offset, m.group(0)) for m in NUMBER.finditer(NOT_SHOWN.sub("", line))]
    for output in tree.find_all(nodes.Output):
        for child in output.nodes:
            if isinstance(child, nodes.Const) and NUMBER.search(str(child.value)):
                found.append((child.lineno, str(child.value)))
    return [
        Problem(
            label,
            f"line {line}",
            f"the number '{number}' is typed into the template",
            "store the figure in facts.json and show it with fact(...) or a {fact-id} placeholder",
        )
        for line, number in sorted(set(found))
    ]
