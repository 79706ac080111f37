"""What two MkDocs hooks add to every page of both editions for people using a screen reader.

hooks/table_row_headers.py makes each table row's label its header; hooks/footnote_backlinks.py
names each footnote's way back to the text without a tooltip. Rules, not sentences: any content
that has tables and footnotes must come out this way.
"""

from __future__ import annotations

import re
from pathlib import Path

from support import content_pages, load_hook, soup


def pages(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in content_pages(site)]


def test_each_table_row_is_read_with_its_label(built_site: Path) -> None:
    """A screen reader says the row's label ('Tumours', 'Man 2', a date) and the column's name with each cell."""
    rows = 0
    for page in pages(built_site):
        for header in soup(built_site, page).select("article table thead th"):
            assert header.get_text(strip=True), f"{page}: a column without a name: {header.parent}"
        for row in soup(built_site, page).select("article table tbody tr"):
            first = row.find(["td", "th"])
            assert first.name == "th" and first.get("scope") == "row", f"{page}: {row}"
            assert not row.select("td ~ th"), f"{page}: only the first cell labels its row: {row}"
            rows += 1
    assert rows > 40  # both editions' tables were found


def test_a_row_header_keeps_what_python_markdown_wrote_in_the_cell() -> None:
    table = load_hook("table_row_headers").row_headers(
        '<table>\n<thead>\n<tr>\n<th style="text-align: left;">Grade</th>\n<th>Meaning</th>\n</tr>\n</thead>\n'
        '<tbody>\n<tr>\n<td style="text-align: left;"><strong>A</strong> <a href="#a">1</a></td>\n'
        "<td>None</td>\n</tr>\n</tbody>\n</table>"
    )
    header = '<th scope="row" style="text-align: left;"><strong>A</strong> <a href="#a">1</a></th>'
    assert f"<tr>\n{header}\n<td>None</td>" in table
    assert '<th style="text-align: left;">Grade</th>' in table  # the column headers are left alone


def test_the_way_back_from_a_footnote_is_named_in_the_page_language_without_a_tooltip(built_site: Path) -> None:
    """Material makes a tooltip of every title; a title on each footnote's ↩ link was most of a page's
    set-up time on a phone. A screen reader still hears where the link goes, in the page's language."""
    links = 0
    for page in pages(built_site):
        for link in soup(built_site, page).select("div.footnote a.footnote-backref"):
            assert not link.has_attr("title"), f"{page}: {link}"
            name = r"本文の注\d+に戻る" if page.startswith("ja/") else r"Jump back to footnote \d+ in the text"
            assert re.fullmatch(name, link.get("aria-label", "")), f"{page}: {link}"
            links += 1
    assert links > 100  # both editions' footnotes were found
