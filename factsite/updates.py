"""What changed since the last publish, as readers see it: "Updated on <date>" under each heading
whose section changed, and the newest major change for the home page.

(The home page's line on the newest major change is render.latest_major, a template global.)

A section's date is kept in published.json. Compared with it, a section whose sentences changed
gets the date of the newest changelog entry (the editor's entry for this change); an unchanged
one keeps the date it had. So the dates need no clock, the live preview shows the editor what
readers will see, and publishing twice gives the same pages. With nothing published yet, no
section is dated: everything is new.
"""

from __future__ import annotations

from collections import Counter
from html import escape as html_escape
from typing import Any

from factsite import manifest
from factsite.model import Facts
from factsite.render import newest_first
from factsite.text import long_date

Dates = dict[str, dict[int, str]]  # page -> heading line -> date


def section_dates(facts: Facts, pages: manifest.Sectioned, published: dict[str, Any] | None) -> Dates:
    """For each page, the line of each dated heading and the date its section last changed."""
    if published is None:
        return {}
    newest = newest_first(facts.changelog)[0].date
    dates: Dates = {}
    for name, (_, sections) in pages.items():
        before = published["pages"].get(name)
        if before is None:
            continue  # a new page is new as a whole: no section of it was "updated"
        old = {_key(s["heading"], n): s for s, n in _numbered(before["sections"], lambda s: s["heading"])}
        for section, n in _numbered(sections, lambda s: s.heading):
            if not section.dated:
                continue
            previous = old.get(_key(section.heading, n))
            if previous is None or previous["sentences"] != list(section.sentences):
                dates.setdefault(name, {})[section.line] = newest
            elif previous.get("updated"):
                dates.setdefault(name, {})[section.line] = previous["updated"]
    return dates


def _numbered(items: list[Any], heading: Any) -> list[tuple[Any, int]]:
    """Each item with how many earlier items share its heading (two claims may read alike)."""
    seen: Counter[str] = Counter()
    numbered = []
    for item in items:
        numbered.append((item, seen[heading(item)]))
        seen[heading(item)] += 1
    return numbered


def _key(heading: str, n: int) -> str:
    return f"{heading}\0{n}"


def mark_updated(pages: dict[str, str | bytes], dates: Dates, words: str) -> dict[str, str | bytes]:
    """The pages with a dated line under each heading in `dates`."""
    marked = dict(pages)
    for name, lines_dates in dates.items():
        lines = str(pages[name]).split("\n")  # section lines count from the page's first line
        for line, date in sorted(lines_dates.items(), reverse=True):  # from the end: lines keep their numbers
            lines.insert(line + 1, f"\n{updated_line(words, date)}\n")  # a raw-HTML block needs blank lines
        marked[name] = "\n".join(lines)
    return marked


def updated_line(words: str, date: str) -> str:
    """Raw HTML: a <time> a reader's tools can read, in a paragraph the manifest can leave out."""
    return (
        f'<p class="fs-updated">{html_escape(words)} <time datetime="{date}">{html_escape(long_date(date))}</time></p>'
    )
