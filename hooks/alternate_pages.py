"""MkDocs hook: the language switch goes to the same page in the other edition.

Material writes one link in the language menu per entry of extra.alternate, pointing at that
edition's home. Both editions have the same page files (trial.md, ja/trial.md), so this hook adds
the page's own address, and marks each entry with its language (lang) for screen readers. Links
stay relative, so the site works under any address.

It also removes the <link rel="alternate" hreflang> tags Material puts in <head> for them: they
point every page at the other edition's home, and Material's script, finding them, fetches a
sitemap beside each and turns a click on the switch into a jump to that home when the page is not
in it. The hreflang links are in each edition's sitemap instead (overrides/sitemap.xml), page by
page. Without extra.alternate (no Japanese edition) the hook changes nothing.

A hook rather than a copy of Material's partials/alternate.html, as hooks/search_dialog_name.py
does: a copy would miss whatever Material changes in it later.
"""

from __future__ import annotations

import re
from typing import Any

HEAD_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="([a-z-]+)">')
MENU_LINK = re.compile(r'<a href="[^"]*" hreflang="([a-z-]+)" class="md-select__link">')


def same_page(link: str, page_url: str) -> str:
    """The address of the page at page_url in the edition whose root is `link` (relative to this edition's root)."""
    root = "../" * page_url.count("/") or "./"
    target = link + ("" if page_url == "404.html" else page_url)
    return root + target if target else root


def on_post_page(output: str, page: Any, config: Any) -> str:
    alternates = {alt["lang"]: alt["link"] for alt in (config.extra.get("alternate") or [])}
    if not alternates:
        return output

    def head(match: re.Match[str]) -> str:
        return "" if match.group(1) in alternates else match.group(0)

    def menu(match: re.Match[str]) -> str:
        lang = match.group(1)
        if lang not in alternates:
            return match.group(0)
        href = same_page(alternates[lang], page.url)
        return f'<a href="{href}" hreflang="{lang}" lang="{lang}" class="md-select__link">'

    return MENU_LINK.sub(menu, HEAD_LINK.sub(head, output))
