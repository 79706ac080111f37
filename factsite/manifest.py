"""What readers are shown, as data: each page's sections and their sentences, and each fact's figure,
support and sources. `make publish` records it in published.json; `make diff` compares a new one with it.

A manifest rather than a git tag of the built site: it holds exactly what a reviewer compares
(sentences, figures, support levels, sources), not HTML that changes with every theme upgrade; it
is built from facts.json in memory in a fraction of a second, with no git history or old build to
fetch; and it is one small JSON file a test can write and read.

Sections are what a reader sees under one heading: the page's title (# ...) and each ## heading.
A box (`!!! info "About this page"`) is a section of its own, never dated: it says the same on
every page. Sentences are taken from the Markdown rendered to HTML, so glossary links, escapes and
emphasis read as a reader reads them; footnote numbers, pictures' drawings and data blocks are left out.
A picture's description (the words a screen reader says for it, its SVG <desc>) is kept, each of its
sentences marked "picture: ": it is said nowhere else, and it changes when a figure it shows does.

The Japanese edition's pages (ja/…) are recorded too, under "ja", with the Japanese sources
(facts.ja.json's own); the figures, support levels, verdicts and English sources are the same
facts in both editions and are recorded once. A manifest written before the Japanese edition was
recorded has no "ja": it is still read (`make diff` says so).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factsite.front_matter import split
from factsite.model import Facts
from factsite.problems import BuildFailed, Problem
from factsite.text import sentences as split_sentences

if TYPE_CHECKING:
    import markdown
    from bs4 import Tag

FORMAT = 1
FILE_NAME = "published.json"
# The same Markdown extensions as mkdocs.yml, so the text is what MkDocs shows.
_EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "tables"]
_HEADING = re.compile(r"^(#{1,2}) (.*)$")
_BOX = re.compile(r'^!!! [\w-]+(?: "(.*)")?\s*$')
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\](?!:)")
_DATA_BLOCK = '<script type="application/ld+json">'
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "figcaption", "dt", "dd"]
PICTURE = "picture: "  # before each sentence of a picture's description
JAPANESE = "ja"  # the Japanese edition's part of the manifest
# get_text(" ") puts a space around every link and emphasis: Japanese has none between words.
_CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
_SPACE_BY_JAPANESE = re.compile(f"(?<=[{_CJK}]) +| +(?=[{_CJK}])")


# Markdown and Beautiful Soup take a third of a second to import: only builds that read sections
# (make diff, make publish, a site with published.json) pay for them.
@cache
def _markdown() -> markdown.Markdown:
    import markdown

    return markdown.Markdown(extensions=_EXTENSIONS)  # one instance: loading extensions costs more than a page


@dataclass(frozen=True)
class Section:
    heading: str  # as a reader reads it; "!!! About this page" for a box
    line: int  # the heading's line in the page's Markdown (0-based)
    sentences: tuple[str, ...]

    @property
    def dated(self) -> bool:
        return not self.heading.startswith("!!! ")


def page_sections(page: str, japanese: bool = False) -> tuple[str, list[Section]]:
    """(the page's title, its sections in order) from a rendered page's Markdown."""
    meta, body = split(page)
    lines = body.split("\n")
    # The page's own data block comes last, before the footnotes (a section may hold a claim's data block).
    end = max((n for n, line in enumerate(lines) if line.startswith(_DATA_BLOCK)), default=len(lines))
    starts = [n for n in range(end) if _HEADING.match(lines[n]) or _BOX.match(lines[n])]
    sections = []
    for position, start in enumerate(starts):
        stop = starts[position + 1] if position + 1 < len(starts) else end
        chunk = "\n".join(lines[start:stop])
        box = _BOX.match(lines[start])
        units = sentences(chunk, japanese)
        if box:
            heading = "!!! " + (box.group(1) or "")
        else:
            heading, units = (units[0] if units else ""), units[1:]
        sections.append(Section(heading, start, tuple(units)))
    return str(meta.get("title", "")), sections


def sentences(chunk: str, japanese: bool = False) -> list[str]:
    """The sentences of a piece of Markdown, in reading order; a table row counts as one."""
    from bs4 import BeautifulSoup

    converter = _markdown()
    converter.reset()
    html = converter.convert(_FOOTNOTE_REF.sub("", chunk))
    soup = BeautifulSoup(html, "html.parser")
    for drawing in soup.find_all("svg"):
        description = drawing.find("desc")
        if description is not None:  # the drawing's words for a screen reader, where it stood
            said = soup.new_tag("p", attrs={"data-picture": ""})
            said.string = description.get_text(" ")
            drawing.insert_before(said)
    for hidden in soup.find_all(["svg", "script", "style"]):
        hidden.decompose()
    found: list[str] = []
    for block in soup.find_all(_BLOCKS):
        if block.name == "tr":
            found.append(" | ".join(_words(cell, japanese) for cell in block.find_all(["th", "td"])))
        elif block.name in _HEADINGS:  # a heading is one unit, whatever its punctuation
            found.append(_words(block, japanese))
        elif block.has_attr("data-picture"):
            found += [PICTURE + s for s in split_sentences(_words(block, japanese))]
        elif not block.find(_BLOCKS) and not block.find_parent("tr"):
            # the checks' own splitter: "Dr." and "e.g." do not split; 。 does
            found += split_sentences(_words(block, japanese))
    return [s for s in found if s.strip(" |")]


def _words(element: Tag, japanese: bool = False) -> str:
    text = " ".join(element.get_text(" ").split()).replace(" .", ".").replace(" ,", ",")
    return _SPACE_BY_JAPANESE.sub("", text) if japanese else text


Sectioned = dict[str, tuple[str, list[Section]]]  # page -> (title, sections)


def sectioned(pages: dict[str, str | bytes], japanese: bool = False) -> Sectioned:
    """Every Markdown page's title and sections: read once, used for the dates and the manifest."""
    return {
        name: page_sections(text, japanese)
        for name, text in sorted(pages.items())
        if name.endswith(".md") and isinstance(text, str)
    }


def of(
    facts: Facts,
    pages: Sectioned,
    updated: dict[str, dict[int, str]] | None = None,
    japanese: tuple[Facts, Sectioned] | None = None,
) -> dict[str, Any]:
    """The manifest of rendered pages. `updated`: page -> section line -> the date it last changed.
    `japanese`: the Japanese edition's model and pages (ja/…), when it is built."""
    shown = {
        "format": FORMAT,
        "about": "What readers were shown at the last `make publish`; `make diff` compares with it. Commit it.",
        "changelog": [[c.date, c.change] for c in facts.changelog],
        "pages": _pages(pages, updated or {}),
        "facts": {
            f.id: {"value": f.value, "unit": f.unit, "support": f.support, "sources": f.source_ids}
            for f in facts.facts.values()
        },
        "claims": {c.id: {"verdict": c.verdict, "sources": c.source_ids} for c in facts.claims.values()},
        "sources": {s.id: {"title": s.title, "url": s.url} for s in facts.sources.values()},
    }
    if japanese is not None:
        ja_facts, ja_pages = japanese
        own = {s.id: {"title": s.title, "url": s.url} for s in ja_facts.sources.values() if s.id not in facts.sources}
        shown[JAPANESE] = {"pages": _pages(ja_pages, {}), "sources": own}  # Japanese sections are not dated
    return shown


def _pages(pages: Sectioned, updated: dict[str, dict[int, str]]) -> dict[str, Any]:
    return {
        name: {
            "title": title,
            "sections": [
                {"heading": s.heading, "updated": updated.get(name, {}).get(s.line), "sentences": list(s.sentences)}
                for s in sections
            ],
        }
        for name, (title, sections) in pages.items()
    }


def load(path: Path) -> dict[str, Any] | None:
    """The last published manifest; None if nothing was published yet. Raise BuildFailed if damaged."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise BuildFailed([_damaged(path, f"cannot be read: {err}")]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("pages"), dict):
        raise BuildFailed([_damaged(path, f"is not a manifest of format {FORMAT}")])
    japanese = data.get(JAPANESE)  # absent: recorded before the Japanese edition was
    if japanese is not None and not (isinstance(japanese, dict) and isinstance(japanese.get("pages"), dict)):
        raise BuildFailed([_damaged(path, f"has a '{JAPANESE}' part that is not a manifest's pages")])
    return data


def _damaged(path: Path, message: str) -> Problem:
    return Problem(path.name, "", message, "restore it from git (git checkout published.json); make publish writes it")


def save(manifest: dict[str, Any], path: Path) -> None:
    """Write the manifest in one step (a killed publish leaves the old one)."""
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    partial = path.with_name(f".{path.name}.new")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
