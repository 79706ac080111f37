"""MkDocs hook: give Material's search dialog a name, so a screen reader says what opened.

Material's partials/search.html marks the search box role="dialog" with no aria-label (axe and
Lighthouse: aria-dialog-name). Rather than keeping a copy of that partial (a copy misses whatever
Material changes in it later), this hook adds aria-label to that one tag in each rendered page,
worded as Material words "Search" in the site's language (its own translations). If Material
names the dialog itself one day, the hook leaves it alone; if the tag is no longer found, the
build fails and says so, rather than shipping an unnamed dialog.

Zensical ignores `hooks:`: its search dialog stays unnamed.
"""

from __future__ import annotations

import html
import re
from typing import Any

from mkdocs.exceptions import PluginError

# The start tag from material/templates/partials/search.html:
#   <div class="md-search" data-md-component="search" role="dialog">
# A regex is enough here: it is one known tag of Material's own template, attributes in double
# quotes, no ">" inside them; page text cannot produce it (the facts file allows no HTML).
DIALOG = re.compile(r'<div\b(?=[^>]*\sdata-md-component="search"[\s>])(?=[^>]*\srole="dialog"[\s>])[^>]*>')
NAMED = re.compile(r"\saria-label(ledby)?=")

_label = "Search"


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Read the word Material uses for search in the site's language."""
    global _label
    template = env.from_string('{% import "partials/language.html" as lang with context %}{{ lang.t("search") }}')
    _label = html.unescape(str(template.render(config=config))).strip() or "Search"
    return env


def name_dialog(output: str, where: str) -> str:
    found = DIALOG.findall(output)
    if len(found) != 1:
        raise PluginError(
            f"{where}: expected Material's search dialog tag once, found it {len(found)} times; "
            "update hooks/search_dialog_name.py to Material's partials/search.html"
        )
    tag = found[0]
    if NAMED.search(tag):
        return output
    named = tag[:-1] + f' aria-label="{html.escape(_label)}">'
    return output.replace(tag, named, 1)


def _has_search(config: Any) -> bool:
    # As Material's partials/header.html decides whether to include the search box.
    return "material/search" in config.plugins


def on_post_page(output: str, page: Any, config: Any) -> str:
    return name_dialog(output, page.file.src_uri) if _has_search(config) else output


def on_post_template(output: str, template_name: str, config: Any) -> str:
    # MkDocs renders theme templates (404.html, sitemap.xml) through on_post_template, not on_post_page.
    if not template_name.endswith(".html") or not _has_search(config):
        return output
    return name_dialog(output, template_name)
