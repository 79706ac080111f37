"""The Japanese edition's texts: a store beside facts.json, and whether each text is current.

`facts.ja.json` holds one entry per reader-facing English text, keyed by a path that names the
entry by its id, not its position ('facts.trial-approval.statement', not 'facts[12].statement'),
so a fact added above it does not move every key:

    {"texts": {"facts.trial-approval.statement": {"ja": "…", "from": "3f2a9c1b0d4e",
                                                   "citations": [{"source": "…", "where": "…", "quote": "…"}]}},
     "sources": [ {a source entry, as in facts.json: Japanese sources cited only on Japanese pages} ]}

`from` is the short sha256 of the English text the Japanese was made from. When an editor changes
the English, the hashes differ and the Japanese text is *stale*; a text with no entry is *missing*.
Every build lists both (warnings); a publishing build refuses them. A stale or missing text is
shown in English, marked 未翻訳, never as an old Japanese sentence that may no longer say the same.

Which texts need translating: every text `Facts.texts()` walks, except the ones that describe an
English document in its own terms (a source's title and publisher, where a passage is, our English
rendering of a quote, where a claim appeared). Those are shown as they are.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factsite.model import PLACEHOLDER, Facts
from factsite.problems import Problem

STORE_NAME = "facts.ja.json"
HASH_LENGTH = 12
# Shown before an English text that has no current Japanese version (development builds only).
UNTRANSLATED = "\u3010未翻訳\u3011"
# English texts about English documents: not translated (see the module docstring).
# sources[N], not only sources.<id>: the Japanese sources of facts.ja.json are added after the English ones
KEPT_AS_THEY_ARE = re.compile(r"^sources[.[]|\.citations\[|\.appeared_in\[")
# Digits in any script: a Japanese text may only repeat figures its English text has.
DIGITS = re.compile(r"\d+")  # \d also matches full-width digits
LIST_COMMAND = "make translations"


def short_hash(text: str) -> str:
    """The fingerprint of the English text a translation was made from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def store_path(facts_path: Path) -> Path:
    return facts_path.with_name(STORE_NAME)


@dataclass(frozen=True)
class Store:
    file: str
    texts: Mapping[str, Mapping[str, Any]]
    sources: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class Status:
    key: str  # stable path: 'facts.trial-approval.statement'
    english: str
    state: str  # 'missing', 'stale' or 'current'

    def problem(self, file: str) -> Problem:
        if self.state == "missing":
            return Problem(file, self.key, "no Japanese text yet", f"translate it (`{LIST_COMMAND}` lists them all)")
        return Problem(
            file,
            self.key,
            "the English text changed since it was translated",
            f"update the Japanese, then set 'from' to {short_hash(self.english)}",
        )


def load_store(path: Path) -> Store:
    """Read the store; raise ValueError with a one-line problem if its shape is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(
            str(Problem(path.name, f"line {err.lineno}", f"not valid JSON: {err.msg}", "fix it"))
        ) from None
    texts = data.get("texts") if isinstance(data, dict) else None
    if not isinstance(texts, dict):
        raise ValueError(str(Problem(path.name, "texts", "missing or not an object", 'write {"texts": {…}}')))
    for key, entry in texts.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("ja"), str) and isinstance(entry.get("from"), str)):
            fix = 'write {"ja": "…", "from": "<hash of the English>"}'
            raise ValueError(str(Problem(path.name, f"texts.{key}", "each entry needs 'ja' and 'from'", fix)))
    sources = data.get("sources", [])
    return Store(path.name, texts, tuple(sources) if isinstance(sources, list) else ())


def stable_prefixes(data: Mapping[str, Any]) -> dict[str, str]:
    """'facts[12]' -> 'facts.trial-approval': each entry named by its id (a changelog entry by its date)."""
    prefixes: dict[str, str] = {}
    for name, items in data.items():
        if not isinstance(items, list):
            continue
        seen: dict[str, int] = {}
        for position, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            name_id = str(item.get("id") or item.get("date") or position)
            seen[name_id] = seen.get(name_id, 0) + 1
            suffix = f"~{seen[name_id]}" if seen[name_id] > 1 else ""  # two changes on one day
            prefixes[f"{name}[{position}]"] = f"{name}.{name_id}{suffix}"
    return prefixes


_ENTRY = re.compile(r"^([a-z_]+\[\d+\])")


def stable_key(json_path: str, prefixes: Mapping[str, str]) -> str:
    match = _ENTRY.match(json_path)
    if match is None:
        return json_path
    return prefixes.get(match.group(1), match.group(1)) + json_path[match.end() :]


def needs_translation(key: str) -> bool:
    return not KEPT_AS_THEY_ARE.search(key)


def statuses(english: Facts, data: Mapping[str, Any], store: Store) -> list[Status]:
    """Each text that needs a Japanese version, and whether it has a current one."""
    prefixes = stable_prefixes(data)
    found = []
    for path, text in english.texts():
        key = stable_key(path, prefixes)
        if not needs_translation(key):
            continue
        entry = store.texts.get(key)
        state = "missing" if entry is None else "current" if entry["from"] == short_hash(text) else "stale"
        found.append(Status(key, text, state))
    return found


def store_errors(english: Facts, data: Mapping[str, Any], store: Store) -> list[Problem]:
    """Entries that cannot be right whatever the English says: refused by every build."""
    prefixes = stable_prefixes(data)
    known = {stable_key(path, prefixes): text for path, text in english.texts()}
    problems = []
    for key, entry in store.texts.items():
        where = f"texts.{key}"
        if key not in known:
            fix = "check the key against `make translations`, or remove the entry if the English text is gone"
            problems.append(Problem(store.file, where, "no English text has this path", fix))
            continue
        problems += _figure_problems(store.file, where, known[key], entry["ja"])
    return problems


def _figure_problems(file: str, where: str, english: str, japanese: str) -> list[Problem]:
    """Figures come from facts.json: the same placeholders, and no number the English lacks."""
    problems = []
    if sorted(m.group(0) for m in PLACEHOLDER.finditer(english)) != sorted(
        m.group(0) for m in PLACEHOLDER.finditer(japanese)
    ):
        fix = "use exactly the {fact-id} placeholders the English text uses"
        problems.append(Problem(file, where, "its figures differ from the English text's", fix))
    english_numbers = set(DIGITS.findall(PLACEHOLDER.sub("", english)))
    english_numbers |= {str(number) for name, number in _MONTHS.items() if name in english}  # 21 March -> 3月21日
    for number in DIGITS.findall(PLACEHOLDER.sub("", japanese)):
        ascii_number = unicodedata.normalize("NFKC", number)  # full-width digits as ASCII
        if ascii_number not in english_numbers:
            fix = "give a figure as a {fact-id} placeholder, or only repeat numbers the English text has"
            problems.append(Problem(file, where, f"the number {number} is not in the English text", fix))
    return problems


# English month names, so that '21 March 2025' may become '2025年3月21日'.
_MONTHS = {datetime.date(2000, number, 1).strftime("%B"): number for number in range(1, 13)}


def translator(data: Mapping[str, Any], store: Store) -> Any:
    """The `translate` for model.from_data: the current Japanese text, else the English marked 未翻訳."""
    prefixes = stable_prefixes(data)

    def translate(path: str, english: str) -> str:
        key = stable_key(path, prefixes)
        if not needs_translation(key):
            return english
        entry = store.texts.get(key)
        if entry is not None and entry["from"] == short_hash(english):
            return str(entry["ja"])
        return UNTRANSLATED + english

    return translate


def listing(found: list[Status]) -> str:
    """What `make translations` prints: each text to translate, with its state, key, hash and English."""
    todo = [s for s in found if s.state != "current"]
    lines = [f"{s.state}\t{s.key}\tfrom={short_hash(s.english)}\t{s.english}" for s in todo]
    done = len(found) - len(todo)
    lines.append(f"{done} of {len(found)} texts translated and current; {len(todo)} to do.")
    return "\n".join(lines)
