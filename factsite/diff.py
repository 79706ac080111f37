"""What readers will see change: the manifest of the pages as they would be published now,
compared with the one recorded at the last publish (published.json), as plain text for a review.

Page by page: sentences added, removed and changed (a changed sentence is a removed one and an
added one that read alike). A change that is the same on every page (the review date in the
"About this page" box) is listed once. Then every figure that changed, every fact whose support
level changed, every claim whose verdict changed, and sources added or removed.

With a Japanese edition (now or at the last publish), the pages are listed per edition, each
under its own heading ("English pages:", "Japanese pages (ja/):"), in the same format; the
figures, support levels and verdicts are the same facts in both and are listed once, after them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from factsite.manifest import JAPANESE
from factsite.text import format_value, long_date

ALIKE = 0.6  # difflib ratio above which a removed and an added sentence are one changed sentence


@dataclass
class PageChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    dated: list[str] = field(default_factory=list)  # headings that will show "Updated on"

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def sentences_of(page: dict[str, Any]) -> list[str]:
    """The page's text in reading order: each heading, then its sentences (a box's title is one of them)."""
    return [
        s
        for section in page["sections"]
        for s in ([] if section["heading"].startswith("!!! ") else [section["heading"]]) + section["sentences"]
    ]


def page_changes(old: list[str], new: list[str]) -> PageChanges:
    changes = PageChanges()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        for before in list(removed):
            best = max(added, key=lambda after: _alike(before, after), default=None)
            if best is not None and _alike(before, best) >= ALIKE:
                changes.changed.append((before, best))
                removed.remove(before)
                added.remove(best)
        changes.removed += removed
        changes.added += added
    return changes


def _alike(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


ENGLISH_HEADING = "English pages:"
JAPANESE_HEADING = f"Japanese pages ({JAPANESE}/):"


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The report, as lines; empty when readers would see no change."""
    lines: list[str] = []
    english = _pages(old["pages"], new["pages"])
    if old.get(JAPANESE) is None and new.get(JAPANESE) is None:  # an English-only site
        lines += english
    else:
        japanese = _japanese(old.get(JAPANESE), new.get(JAPANESE))
        if english or japanese:
            lines += _edition(ENGLISH_HEADING, english) + _edition(JAPANESE_HEADING, japanese)
    lines += _figures(old["facts"], new["facts"])
    lines += _field_changes("Support levels changed", old["facts"], new["facts"], "support")
    lines += _field_changes("Claim verdicts changed", old["claims"], new["claims"], "verdict")
    lines += _sources(old["sources"], new["sources"])
    if old.get(JAPANESE) and new.get(JAPANESE):
        lines += _sources(old[JAPANESE]["sources"], new[JAPANESE]["sources"], "Japanese sources (facts.ja.json)")
    return lines


def _edition(heading: str, lines: list[str]) -> list[str]:
    return [heading, "", *lines] if lines else [f"{heading} no changes.", ""]


def _japanese(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    if new is None:
        return [f"  the Japanese edition would be removed: its {len(old['pages']) if old else 0} pages", ""]
    if old is None:
        return [
            "  no Japanese pages were recorded at the last publish (published.json is older than that):",
            f"  nothing to compare; the next `make publish` records its {len(new['pages'])} pages.",
            "",
        ]
    return _pages(old["pages"], new["pages"])


def _pages(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    per_page = {name: page_changes(sentences_of(old[name]), sentences_of(new[name])) for name in old if name in new}
    for name, changes in per_page.items():
        before = {(s["heading"], s["updated"]) for s in old[name]["sections"]}
        changes.dated = [
            s["heading"] for s in new[name]["sections"] if s["updated"] and (s["heading"], s["updated"]) not in before
        ]
    everywhere = _on_every_page(per_page) if len(new) > 1 else PageChanges()
    lines: list[str] = []
    if everywhere:
        lines += ["On every page:", *_page_lines(everywhere), ""]
    for name in sorted(set(old) | set(new)):
        title = (new.get(name) or old[name])["title"]
        if name not in old:
            lines += [f"{name} ({title}): new page, {len(sentences_of(new[name]))} sentences.", ""]
        elif name not in new:
            lines += [f"{name} ({title}): removed.", ""]
        elif per_page[name] or per_page[name].dated:
            lines += [f"{name} ({title}):", *_page_lines(per_page[name]), ""]
    return lines


def _on_every_page(per_page: dict[str, PageChanges]) -> PageChanges:
    """Changes found identically on every page, taken out of each page's list."""
    pages = list(per_page.values())
    if len(pages) < 2:
        return PageChanges()
    common = PageChanges(
        added=[s for s in pages[0].added if all(s in p.added for p in pages)],
        removed=[s for s in pages[0].removed if all(s in p.removed for p in pages)],
        changed=[c for c in pages[0].changed if all(c in p.changed for p in pages)],
    )
    for page in pages:
        page.added = [s for s in page.added if s not in common.added]
        page.removed = [s for s in page.removed if s not in common.removed]
        page.changed = [c for c in page.changed if c not in common.changed]
    return common


def _page_lines(changes: PageChanges) -> list[str]:
    lines = []
    for before, after in changes.changed:
        lines += [f"  changed: {before}", f"       to: {after}"]
    lines += [f"  added:   {s}" for s in changes.added]
    lines += [f"  removed: {s}" for s in changes.removed]
    lines += [f"  dated:   section {heading} will show the update date" for heading in changes.dated]
    return lines


def _figures(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    lines = []
    for fact_id in sorted(set(old) & set(new)):
        before, after = old[fact_id], new[fact_id]
        if (before["value"], before["unit"]) != (after["value"], after["unit"]):
            lines.append(f"  {fact_id}: {_figure(before)} -> {_figure(after)}")
    return ["Figures changed:", *lines, ""] if lines else []


def _figure(fact: dict[str, Any]) -> str:
    if fact["value"] is None:
        return "(no figure)"
    unit = fact["unit"] or ""
    shown = format_value(fact["value"], unit)
    return shown if unit in ("", "percent") else f"{shown} {unit}"  # format_value writes percent as %


def _field_changes(heading: str, old: dict[str, Any], new: dict[str, Any], key: str) -> list[str]:
    lines = [
        f"  {item_id}: {old[item_id][key]} -> {new[item_id][key]}"
        for item_id in sorted(set(old) & set(new))
        if old[item_id][key] != new[item_id][key]
    ]
    lines += [f"  {item_id}: new, {new[item_id][key]}" for item_id in sorted(set(new) - set(old))]
    lines += [f"  {item_id}: removed (was {old[item_id][key]})" for item_id in sorted(set(old) - set(new))]
    return [f"{heading}:", *lines, ""] if lines else []


def _sources(old: dict[str, Any], new: dict[str, Any], heading: str = "Sources") -> list[str]:
    lines = [f"  added:   {i}: {new[i]['title']} <{new[i]['url']}>" for i in sorted(set(new) - set(old))]
    lines += [f"  removed: {i}: {old[i]['title']} <{old[i]['url']}>" for i in sorted(set(old) - set(new))]
    lines += [
        f"  moved:   {i}: <{old[i]['url']}> -> <{new[i]['url']}>"
        for i in sorted(set(old) & set(new))
        if old[i]["url"] != new[i]["url"]
    ]
    return [f"{heading}:", *lines, ""] if lines else []


def new_changelog_entries(old: dict[str, Any], new: dict[str, Any]) -> list[list[str]]:
    return [entry for entry in new["changelog"] if entry not in old["changelog"]]


def report(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[str, bool]:
    """(the text to print, whether readers would see a change)."""
    if old is None:
        japanese = f" and {len(new[JAPANESE]['pages'])} Japanese pages" if new.get(JAPANESE) else ""
        count = f"{len(new['pages'])} pages{japanese}"
        return f"Nothing was published yet (no published.json): all {count} would be new.\n", True
    lines = compare(old, new)
    if not lines:
        return "No changes: readers would see the same pages as at the last publish.\n", False
    if not new_changelog_entries(old, new):
        lines += _without_entry(old, new)
    else:
        newest = max(entry[0] for entry in new_changelog_entries(old, new))
        lines += [f'Changed sections will show "Updated on {long_date(newest)}".']
    return "\n".join(lines).rstrip("\n") + "\n", True


def _without_entry(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changes without a new changelog entry mean for publishing."""
    if not _english_unchanged(old, new):
        return ["warning: readers would see changes, but the changelog has no new entry; make publish refuses that."]
    if old.get(JAPANESE) is None:
        return []  # only the note that no Japanese pages were recorded
    return ["Only Japanese pages changed: they show no update date, so no changelog entry is needed."]


def _english_unchanged(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether everything but the Japanese edition's pages and sources reads as it did."""
    return not compare({**old, JAPANESE: None}, {**new, JAPANESE: None})


def content_changed(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether a dated section (not a box) was added, removed or changed, or a page was."""
    if set(old["pages"]) != set(new["pages"]):
        return True
    for name, page in new["pages"].items():
        before = [
            (s["heading"], s["sentences"])
            for s in old["pages"][name]["sections"]
            if not s["heading"].startswith("!!! ")
        ]
        after = [(s["heading"], s["sentences"]) for s in page["sections"] if not s["heading"].startswith("!!! ")]
        if before != after:
            return True
    return False
