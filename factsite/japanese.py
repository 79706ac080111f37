"""The Japanese edition: the same facts, with the texts of facts.ja.json, through templates/ja/.

It is built only when both exist (facts.ja.json beside the facts file, and templates/ja/), into
docs/ja/ and then site/ja/. Its pages are rendered by the same code as the English ones, so a
figure is the same fact's value in both editions: a Japanese text may only use the placeholders
its English text uses (translations.py checks that).

Japanese sources (facts.ja.json's `sources`) and the Japanese passages a translation cites
(its entry's `citations`) are added to a copy of the facts data before the model is made, so
they pass exactly the checks English sources and citations pass; they show on Japanese pages only.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from factsite import translations as tr
from factsite.checks.integrity import integrity_problems
from factsite.checks.schema import schema_problems
from factsite.checks.templates import template_problems
from factsite.model import Facts, from_data
from factsite.problems import BuildFailed, Problem, raise_if_any
from factsite.render import make_environment, render_pages
from factsite.text import japanese

FOLDER = "ja"
# More missing or stale texts than this are summed up in one warning line (the list command has them all).
LIST_AT_MOST = 10


@dataclass(frozen=True)
class Edition:
    pages: dict[str, str | bytes]  # 'ja/index.md' -> Markdown, 'ja/assets/…' -> bytes
    warnings: list[Problem]
    facts: Facts | None = None


def wanted(facts_path: Path, templates_dir: Path) -> bool:
    return tr.store_path(facts_path).is_file() and (templates_dir / FOLDER).is_dir()


def compile_edition(
    facts_path: Path,
    templates_dir: Path,
    data: dict[str, Any],
    english: Facts,
    assets: dict[str, bytes],
    strict: bool = False,
) -> Edition:
    """Check the store and render every Japanese page in memory. Raise BuildFailed; write nothing."""
    if not wanted(facts_path, templates_dir):
        return Edition({}, [])
    store = read_store(tr.store_path(facts_path))
    raise_if_any(tr.store_errors(english, data, store))
    todo = [s for s in tr.statuses(english, data, store) if s.state != "current"]
    if strict:  # a published Japanese page never shows an English sentence or an old translation
        raise_if_any([s.problem(store.file) for s in todo])
    facts = japanese_model(data, english, store)
    ja_templates = templates_dir / FOLDER
    env = make_environment(ja_templates)
    raise_if_any([_in_folder(p) for p in template_problems(env, ja_templates, facts)])
    with japanese():
        pages = render_pages(facts, ja_templates, env)
    shown: dict[str, str | bytes] = {f"{FOLDER}/{name}": text for name, text in pages.items()}
    shown |= {f"{FOLDER}/{name}": content for name, content in assets.items()}
    return Edition(shown, summary(store.file, todo), facts)


def read_store(path: Path) -> tr.Store:
    try:
        return tr.load_store(path)
    except ValueError as err:
        raise BuildFailed([Problem(path.name, "", str(err).removeprefix(f"{path.name}: "), "")]) from None
    except OSError as err:
        raise BuildFailed([Problem(path.name, "", f"cannot be read: {err.strerror}", "check it")]) from None


def summary(file: str, todo: list[tr.Status]) -> list[Problem]:
    """One warning per text, or one line in all when there are many."""
    if len(todo) <= LIST_AT_MOST:
        return [s.problem(file) for s in todo]
    missing = sum(s.state == "missing" for s in todo)
    message = f"{len(todo)} texts have no current Japanese version ({missing} missing, {len(todo) - missing} stale)"
    hint = f"`{tr.LIST_COMMAND}` lists them; `make publish` refuses until they are translated"
    return [Problem(file, "", message, hint)]


def japanese_model(data: dict[str, Any], english: Facts, store: tr.Store) -> Facts:
    """The model with Japanese texts, Japanese sources and the Japanese passages translations cite."""
    with_japanese = with_japanese_evidence(data, store)
    checked = problems_in_store_terms(schema_problems(with_japanese, store.file), data, store)
    raise_if_any(checked)
    raise_if_any(problems_in_store_terms(integrity_problems(from_data(with_japanese, store.file)), data, store))
    facts = from_data(with_japanese, store.file, tr.translator(data, store))
    return replace(facts, site=replace(facts.site, language="ja"))


def with_japanese_evidence(data: dict[str, Any], store: tr.Store) -> dict[str, Any]:
    """A copy of the data with the store's sources added, and each translation's citations put first."""
    result = copy.deepcopy(data)
    result["sources"] = [*result["sources"], *copy.deepcopy(list(store.sources))]
    prefixes = tr.stable_prefixes(data)
    by_key = {key: entry.get("citations") for key, entry in store.texts.items() if entry.get("citations")}
    for name in ("facts", "claims", "glossary"):
        for position, item in enumerate(result[name]):
            owner = prefixes[f"{name}[{position}]"]
            extra = by_key.get(f"{owner}{_CITED_FIELD[name]}")
            if extra:
                item["citations"] = [*copy.deepcopy(extra), *item.get("citations", [])]
    return result


# The text whose entry holds the citations of a fact, claim or glossary term.
_CITED_FIELD = {"facts": ".statement", "claims": ".correction", "glossary": ".definition"}
_PLACE = re.compile(r"^(sources|facts|claims|glossary)\[(\d+)\](.*)$")


def problems_in_store_terms(problems: list[Problem], data: dict[str, Any], store: tr.Store) -> list[Problem]:
    """A problem found in the combined data, named by its place in facts.ja.json."""
    prefixes = tr.stable_prefixes(data)
    english_sources = len(data["sources"])
    renamed = []
    for problem in problems:
        match = _PLACE.match(problem.where)
        where = problem.where
        if match and match.group(1) == "sources" and int(match.group(2)) >= english_sources:
            where = f"sources[{int(match.group(2)) - english_sources}]{match.group(3)}"
        elif match:  # Japanese citations are in the entry of the text they support
            owner = prefixes.get(f"{match.group(1)}[{match.group(2)}]", "?")
            field = _CITED_FIELD[match.group(1)] if match.group(3).startswith(".citations") else ""
            where = f"texts.{owner}{field}{match.group(3)}"
        renamed.append(replace(problem, file=store.file, where=where))
    return renamed


def _in_folder(problem: Problem) -> Problem:
    return replace(problem, file=problem.file.replace("templates/", f"templates/{FOLDER}/", 1))
