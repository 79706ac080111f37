"""MkDocs hook: keep footnotes, the "About this page" box and repeated sentences out of the search index.

Material indexes a page as one entry per heading, and everything after the last heading joins
the last entry: on this site that is the trust box (the same on every page) and all the page's
footnotes, which hold the sources' own words. So the last section of every page matched almost
any query, and a long page of footnotes (Claims checked, Questions people ask) came first for
questions that other pages answer. Material skips any element marked `data-search-exclude`.

The page itself is unchanged for readers: only the search index leaves these parts out.
Zensical ignores `hooks:`: its index keeps them.
"""

from __future__ import annotations

import re
from typing import Any

# Python-Markdown's footnotes block, and the admonition that _trust.md.j2 makes ("!!! info").
# Both are start tags our own Markdown extensions write, so a regex on the tag is enough.
# Also text that repeats what other pages hold, word for word: the Sources pages' supported
# sentences and passages ("fs-supports") and each source's details ("fs-details": publisher, dates,
# links; its title stays searchable), and the short answers on the questions page ("fs-answer"; the
# questions stay). Indexed, they made the index four times larger (the first visit's biggest
# download) and put the Sources and questions pages above the page that answers in full.
EXCLUDED = re.compile(r'<div class="(footnote|admonition info|fs-supports|fs-details|fs-answer)">')


def exclude_from_search(html: str) -> str:
    return EXCLUDED.sub(lambda m: f'<div class="{m.group(1)}" data-search-exclude>', html)


def on_page_content(html: str, **kwargs: Any) -> str:
    return exclude_from_search(html)
