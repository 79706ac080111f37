"""The Updates page as an Atom feed (RFC 4287), written into docs/ as feed.xml by the compile step.

Everything in it comes from facts.json and the site's address, never from the clock, so the same
inputs give the same bytes. Entry ids are tag: URIs (RFC 4151) minted from the site's host, the
change's date and its place among that day's changes in the file: they stay the same as long as
the address does, whatever later edits do to the wording, so a feed reader never shows an old
change as new. Dates are the changelog's days, at midnight UTC.

The Japanese edition has its own feed (ja/feed.xml): the same changes, with the changelog's
Japanese texts from facts.ja.json, linking to the Japanese Updates page. Its address is the
edition's (the site's address + "ja/"), so its tag: ids differ from the English ones: a reader
who follows both sees each change once per language, never one feed's entry as the other's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from factsite.model import ChangelogEntry, Facts
from factsite.render import newest_first
from factsite.translations import UNTRANSLATED

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
UPDATES_PAGE = "updates/"
_TEXT_CONSTRUCTS = {"title", "subtitle", "summary", "content"}  # plain text, never HTML
_FIRST_SENTENCE = re.compile(r"^.+?[.!?](?=\s|$)")
# A Japanese sentence ends at 。！？ outside 「」 and （）: 新しいページ「…を意味する？」をつくりました。
_JAPANESE_END = "。！？"
_OPENING, _CLOSING = "「『（", "」』）"


def atom_feed(facts: Facts, address: str | None, folder: str = "") -> bytes:
    """The feed, newest change first. Without an address, links are relative (a local build).
    `folder`: where the edition is below the site's root ("ja/"), the feed and its page with it."""
    base = f"{address}{folder}" if address else ""
    authority = urlsplit(address).hostname if address else "localhost"
    path = (urlsplit(address).path if address else "/") + folder
    changes = newest_first(facts.changelog)
    ET.register_namespace("", ATOM)
    feed = ET.Element(_q("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": facts.site.language})
    _text(feed, "id", f"tag:{authority},{min(c.date for c in changes)}:{path}{FEED_FILE}")
    _text(feed, "title", facts.site.title)
    _text(feed, "subtitle", facts.site.description)
    _text(feed, "updated", _timestamp(changes[0].date))
    ET.SubElement(feed, _q("link"), {"rel": "self", "type": "application/atom+xml", "href": base + FEED_FILE})
    ET.SubElement(feed, _q("link"), {"rel": "alternate", "type": "text/html", "href": base + UPDATES_PAGE})
    author = ET.SubElement(feed, _q("author"))
    _text(author, "name", facts.site.publisher)
    for change in changes:
        feed.append(_entry(change, f"tag:{authority},{change.date}:{path}updates/{_day_position(change, facts)}", base))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(change: ChangelogEntry, entry_id: str, base: str) -> ET.Element:
    entry = ET.Element(_q("entry"))
    _text(entry, "id", entry_id)
    _text(entry, "title", entry_title(change))
    _text(entry, "updated", _timestamp(change.date))
    ET.SubElement(entry, _q("link"), {"rel": "alternate", "type": "text/html", "href": base + UPDATES_PAGE})
    if change.major:  # feed readers can filter on it
        ET.SubElement(entry, _q("category"), {"term": "major"})
    _text(entry, "summary", _shown(change.change))
    _text(entry, "content", f"{_shown(change.change)}\n\n{_shown(change.reason)}")
    return entry


def entry_title(change: ChangelogEntry) -> str:
    """The change's first sentence: what a feed reader lists."""
    text = _shown(change.change)
    japanese = _first_japanese_sentence(text)
    if japanese is not None:
        return japanese
    match = _FIRST_SENTENCE.match(text)
    return match.group(0) if match else text


def _first_japanese_sentence(text: str) -> str | None:
    """Up to the first 。！？ outside quotes and brackets; None if there is none."""
    depth = 0
    for position, char in enumerate(text):
        depth += (char in _OPENING) - (char in _CLOSING)
        if depth <= 0 and char in _JAPANESE_END:
            return text[: position + 1]
    return None


def _shown(text: str) -> str:
    """A development build's Japanese feed shows an untranslated change's English without the marker
    the pages use; a publishing build refuses untranslated texts before it gets here."""
    return text.removeprefix(UNTRANSLATED)


def _day_position(change: ChangelogEntry, facts: Facts) -> int:
    """1 for the day's first change in the file, 2 for its second...: stable as entries are added."""
    same_day = [c.index for c in facts.changelog if c.date == change.date]
    return same_day.index(change.index) + 1


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _q(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _q(name), {"type": "text"} if name in _TEXT_CONSTRUCTS else {})
    element.text = text
    return element
