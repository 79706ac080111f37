"""MkDocs hook: let Material's own inline scripts run under the Content-Security-Policy, by hash.

overrides/main.html puts the policy first in <head> with `script-src 'self'`: no inline script
runs. Material's templates hold a few small inline scripts (start-up, colour scheme, linked
content tab, ...). Rather than copying those partials to move the scripts into files (copies that
drift when Material changes), this hook hashes every inline script the browser would run, as
rendered in each page, and adds `'sha256-...'` sources for exactly those scripts to that page's
script-src. Whatever Material renders is covered, and nothing else: a script injected into the
page text still has no matching hash and is blocked. `'unsafe-inline'` is never added.

Live preview (`mkdocs serve`, local only) is the one exception: MkDocs injects its live-reload
script inline into every page it serves, with values that change on each request, so no hash
can cover it. While serving, script-src is `'self' 'unsafe-inline'` instead of hashes, so the
browser reloads after a save. `mkdocs build`, which makes what is published, never does this.

Pages come through on_post_page; MkDocs renders theme templates such as 404.html (and
sitemap.xml, left alone) through _build_template, which calls on_post_template.

Zensical ignores `hooks:`: its pages carry the policy with no hashes, so the browser blocks
Material's inline scripts there (no colour-scheme restore, no start-up helpers). Zensical's
output is only used by `make bench` for timings and HTML content checks, not served.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from typing import Any

from mkdocs.exceptions import PluginError

# The policy tag exactly as overrides/main.html writes it; it must come first in <head>.
POLICY = re.compile(r'<head>\s*<meta http-equiv="Content-Security-Policy" content="(?P<policy>[^"]*)">')

# HTML's rule for which <script> elements run ("prepare the script element"): no type, an empty
# type, a JavaScript MIME type (exact, no parameters), "module". Import maps and speculation rules
# are also checked against script-src. Every other type (application/ld+json, application/json)
# is a data block: never run, never checked by CSP, so it needs no hash and gets none.
JAVASCRIPT_TYPES = {
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}
CHECKED_BY_SCRIPT_SRC = JAVASCRIPT_TYPES | {"module", "importmap", "speculationrules"}


def runs(attrs: dict[str, str | None]) -> bool:
    """Whether the browser would run (and CSP check) an inline <script> with these attributes."""
    if "type" in attrs:
        kind = (attrs["type"] or "").strip(" \t\n\f\r").lower()
    elif attrs.get("language"):
        kind = "text/" + (attrs["language"] or "").lower()
    else:
        kind = ""
    return kind == "" or kind in CHECKED_BY_SCRIPT_SRC


def source_hash(text: str) -> str:
    """The CSP source for a script's text: sha256 of its UTF-8 bytes, base64.

    Browsers turn CR LF and lone CR into LF before parsing, so the hash is taken after the same step.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


class _InlineScripts(HTMLParser):
    """Collects the text of every inline script that runs.

    A tokenizer rather than a regex: `<script` in a comment, in an attribute value or in escaped
    page text never counts, attributes are read whatever their quoting, and the page is not
    re-serialized (only the policy's text changes). Python's html.parser (the standard library's,
    the one BeautifulSoup's "html.parser" builds on) reads a script's raw text as browsers do, up
    to `</script>`; it differs only for text holding `</script` in another form or `<!--` (HTML's
    escaped script states), and such a script is refused below rather than hashed wrongly.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.texts: list[str] = []
        self._attrs: dict[str, str | None] | None = None
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._attrs, self._parts = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._attrs is not None:
            self._parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._attrs is None:
            return
        text = "".join(self._parts)
        if "<!--" in text or "</script" in text.lower():
            raise PluginError(f"a <script> holds '<!--' or '</script': cannot hash it reliably: {text[:80]!r}")
        # A script with a src runs the file, not its text; an empty inline script does not run.
        if "src" not in self._attrs and text and runs(self._attrs):
            self.texts.append(text)
        self._attrs = None


def inline_script_hashes(html: str) -> list[str]:
    """The CSP sources for the page's inline scripts that run, in page order, without repeats."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return list(dict.fromkeys(source_hash(text) for text in parser.texts))


def with_hashes(policy: str, hashes: list[str]) -> str:
    """The policy with the hashes added to its script-src directive (which must exist)."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    for index, directive in enumerate(directives):
        name, *sources = directive.split()
        if name.lower() == "script-src":
            if any(s.lower() == "'unsafe-inline'" for s in sources):
                raise PluginError("the Content-Security-Policy's script-src must not allow 'unsafe-inline'")
            directives[index] = " ".join([name, *sources, *(h for h in hashes if h not in sources)])
            return "; ".join(directives)
    raise PluginError("the Content-Security-Policy has no script-src directive to add the hashes to")


_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def for_live_preview(policy: str) -> str:
    """The policy as `mkdocs serve` needs it: inline scripts allowed, for its live-reload script."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    return "; ".join(
        "script-src 'self' 'unsafe-inline'" if d.split()[0].lower() == "script-src" else d for d in directives
    )


def add_hashes(output: str, where: str) -> str:
    match = POLICY.search(output)
    if match is None:
        raise PluginError(f"{where}: no Content-Security-Policy meta tag first in <head> (see overrides/main.html)")
    if _serving:
        # The live preview allows every inline script (its reload script has no fixed text), so the
        # hashes would be dropped: skip reading the page for them, a fifth of each preview rebuild.
        policy = for_live_preview(with_hashes(match["policy"], []))
    else:
        policy = with_hashes(match["policy"], inline_script_hashes(output))
    return output[: match.start("policy")] + policy + output[match.end("policy") :]


def on_post_page(output: str, page: Any, config: Any) -> str:
    return add_hashes(output, page.file.src_uri)


def on_post_template(output: str, template_name: str, config: Any) -> str:
    if not template_name.endswith(".html"):  # sitemap.xml
        return output
    return add_hashes(output, template_name)
