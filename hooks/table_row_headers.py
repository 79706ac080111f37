"""MkDocs hook: the first cell of each row of a table in a page is that row's header.

Every table on this site names its row in the first column (a grade, a date, "Man 1", "Tumours")
and says something about it in the others. Markdown tables cannot say so: Python-Markdown writes
every body cell as <td>. So a screen reader, moving along a row of the results fact box, read
"2 of the 4 men" without saying which outcome it was about (axe and Lighthouse: td-has-header).
As <th scope="row"> the label is read with each cell of its row; Material shows it in bold.

Only tables in the page text (Python-Markdown's output: no attributes on <tr>, cells on their own
lines) are touched. Zensical ignores `hooks:`; its tables keep <td> labels.
"""

from __future__ import annotations

import re
from typing import Any

BODY = re.compile(r"<tbody>.*?</tbody>", re.S)
# A row's first cell: <td> with what Python-Markdown may add (a text-align style), up to its own end tag.
FIRST_CELL = re.compile(r"(<tr>\s*)<td((?:\s[^>]*)?)>(.*?)</td>", re.S)


def row_headers(content: str) -> str:
    return BODY.sub(lambda body: FIRST_CELL.sub(r'\1<th scope="row"\2>\3</th>', body[0]), content)


def on_page_content(html: str, **kwargs: Any) -> str:
    return row_headers(html)
