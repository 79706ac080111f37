"""MkDocs hook: each hreflang link in <head> points at the same page in the other edition.

Material writes one <link rel="alternate" hreflang> per entry of extra.alternate, pointing at that
edition's home. Both editions have the same page files (trial.md, ja/trial.md), so this hook adds
the page's own address, as overrides/partials/alternate.html does for the language switch. Links
are relative, so the site works under any address. Without extra.alternate (no Japanese edition)
it changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

HEAD_LINK = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="([a-z-]+)">')


def same_page(link: str, page_url: str) -> str:
    """The address of the page at page_url in the edition whose root is `link` (relative to this edition's root)."""
    root = "../" * page_url.count("/") or "./"
    target = link + ("" if page_url == "404.html" else page_url)
    return root + target if target else root


def on_post_page(output: str, page: Any, config: Any) -> str:
    alternates = {alt["lang"]: alt["link"] for alt in (config.extra.get("alternate") or [])}
    if not alternates:
        return output

    def fix(match: re.Match[str]) -> str:
        lang = match.group(1)
        if lang not in alternates:
            return match.group(0)
        return f'<link rel="alternate" href="{same_page(alternates[lang], page.url)}" hreflang="{lang}">'

    return HEAD_LINK.sub(fix, output)
