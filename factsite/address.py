"""The site's public address: read from one place, `site_url` in mkdocs.yml.

MkDocs itself reads `site_url` for canonical links and the sitemap; the compile step reads the
same setting for the Atom feed and robots.txt, so the address is never written twice. A config
that INHERITs another (as the build's own child configs do) is followed to find it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from factsite.problems import Problem

_SETTING = re.compile(r"^(site_url|INHERIT):[ \t]*(.*?)[ \t]*(?:#.*)?$", re.MULTILINE)
_MAX_INHERIT = 8  # configs inheriting configs: a loop is a mistake, not a site


def site_address(config: Path) -> tuple[str | None, list[Problem]]:
    """(the address ending in '/', or None if not set; problems with the value)."""
    value = _setting(config)
    if not value:
        return None, []
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        return None, [
            Problem(
                config.name,
                "site_url",
                f"'{value}' is not a web address",
                "write the full address, such as https://example.org/explainer/",
            )
        ]
    return (value if value.endswith("/") else value + "/"), []


def missing(config: Path, publishing: bool = False) -> Problem:
    """The one warning a build without an address prints, or the refusal of a publishing build."""
    if publishing:
        message = "not set, and a published site needs its address (canonical links, sitemap, feed, share cards)"
    else:
        message = (
            "not set, so the site is built for reading on this computer only: no canonical links, "
            "no addresses in the sitemap, robots.txt or feed, no link in shared-link cards"
        )
    return Problem(
        config.name,
        "site_url",
        message,
        f"set site_url in {config.name} to the address where the site will be published",
    )


def _setting(config: Path) -> str:
    """site_url from the config or the configs it inherits. Read as lines, not YAML: this runs
    before every build, and a top-level `key: value` line is all MkDocs allows for these two."""
    for _ in range(_MAX_INHERIT):
        try:
            text = config.read_text(encoding="utf-8")
        except OSError:
            return ""
        found = {key: value.strip("'\"") for key, value in _SETTING.findall(text)}
        if found.get("site_url"):
            return found["site_url"]
        if not found.get("INHERIT"):
            return ""
        config = (config.parent / found["INHERIT"]).resolve()
    return ""


def robots_txt(address: str | None, editions: list[str] | None = None) -> str:
    """Everything may be crawled; the sitemaps' addresses are given when the site's address is known.

    `editions`: the folders of other editions ("ja/"), each built by its own MkDocs run with its own
    sitemap. A search engine reads only the sitemaps robots.txt names (or ones it was told of), and
    MkDocs writes no sitemap index, so each edition's sitemap gets its own line.
    """
    lines = ["User-agent: *", "Allow: /"]
    if address:
        lines += [f"Sitemap: {address}{folder}sitemap.xml" for folder in ["", *(editions or [])]]
    return "\n".join(lines) + "\n"


def config_files(config: Path) -> list[Path]:
    """The config and the configs it inherits: inputs of the compile step (the address)."""
    files = [config]
    for _ in range(_MAX_INHERIT):
        try:
            inherit = dict(_SETTING.findall(files[-1].read_text(encoding="utf-8"))).get("INHERIT")
        except OSError:
            break
        if not inherit:
            break
        files.append((files[-1].parent / inherit.strip("'\"")).resolve())
    return files
