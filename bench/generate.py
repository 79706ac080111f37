"""Make a synthetic project of a given size: a facts file and the page templates that place every fact.

The real file's sources, glossary, questions and site details are kept, and so are the
real Claims, Glossary and Sources templates; the facts and the pages are generated. Every
tenth fact stores a value and the next one borrows it through a {fact-id} placeholder, as
real facts do, so placeholder checks and footnote merging are exercised too.

With `old_citations`, the facts are cited as commit 7e36980's generator cited them (before the
typed-model refactor: two source ids per fact, no passages), as far as today's checks allow,
so that today's build can be timed on the same content as 7e36980's (bench/run.py). Today a
fact must rest on a passage someone read, and a 'confirmed' one on a primary source's passage
(checks/integrity.py), so each fact keeps one short passage from its primary source and cites
its secondary source as `{"source": ..., "seen": false}`.

    python bench/generate.py DIR --facts 10000 --pages 500 [--old-citations]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FACTS_PER_SECTION = 5
# The Sources pages (one list, split by kind of source: factsite/layout.py) and their shared list.
KEPT_TEMPLATES = (
    "_trust.md.j2",
    "_source_list.md.j2",
    "claims.md.j2",
    "glossary.md.j2",
    "sources.md.j2",
    "sources-guides.md.j2",
    "sources-news.md.j2",
)
PLACEHOLDER = re.compile(r"\{[a-z0-9-]+(\|[a-z]+)?\}")


def generate(target: Path, n_facts: int, n_pages: int, old_citations: bool = False) -> tuple[Path, Path]:
    """Write target/facts.json and target/templates/; return both paths."""
    real = json.loads((ROOT / "facts.json").read_text(encoding="utf-8"))
    # Sources a generated passage can be quoted from: read beyond the abstract, in English.
    readable = [s for s in real["sources"] if s["read"] in {"full text", "excerpt"} and s.get("language", "en") == "en"]
    primary = [s["id"] for s in readable if s["strength"] == "primary"]
    secondary = [s["id"] for s in readable if s["strength"] == "secondary"]
    facts = [_fact(i, n_facts, n_pages, primary, secondary, old_citations) for i in range(n_facts)]
    claims = [c for c in real["claims"] if not PLACEHOLDER.search(json.dumps(c))]
    glossary = [t for t in real["glossary"] if not PLACEHOLDER.search(t["definition"])]
    data = {
        **real,
        "facts": facts,
        "claims": claims,
        "glossary": glossary,
        "pictures": [],  # the real pictures draw real facts, which generated projects do not have
        "asked": [],  # the real questions are answered by real facts, too
    }
    # Every listed source must be cited somewhere: keep those the generated project cites.
    used = {c["source"] for item in [*facts, *claims, *glossary] for c in item["citations"]}
    used |= {place["source"] for claim in claims for place in claim["appeared_in"]}
    data["sources"] = [s for s in real["sources"] if s["id"] in used]
    target.mkdir(parents=True, exist_ok=True)
    facts_path = target / "facts.json"
    facts_path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    templates = target / "templates"
    shutil.rmtree(templates, ignore_errors=True)
    shutil.copytree(ROOT / "templates" / "assets", templates / "assets")
    for name in KEPT_TEMPLATES:
        shutil.copy(ROOT / "templates" / name, templates / name)
    for page in range(n_pages):
        (templates / f"{_page(page)}.md.j2").write_text(_template(page, facts), encoding="utf-8")
    return facts_path, templates


def _page(index: int) -> str:
    return f"page-{index + 1:03d}"


def _fact(
    i: int, n_facts: int, n_pages: int, primary: list[str], secondary: list[str], old_citations: bool = False
) -> dict[str, Any]:
    per_page = n_facts // n_pages
    page = min(i // per_page, n_pages - 1)
    fact: dict[str, Any] = {
        "id": f"fact-{i + 1:05d}",
        "statement": (
            f"Generated statement {i + 1}: the study team measured one more thing in plain words, "
            "and this sentence is about as long as a real fact on the site."
        ),
        "citations": [_citation(primary[i % len(primary)], i), _citation(secondary[i % len(secondary)], i)],
        "support": "confirmed",
        "checked": "2026-11-22",
        "page": _page(page),
        "section": f"section-{(i - page * per_page) // FACTS_PER_SECTION + 1}",
    }
    if old_citations:
        fact["citations"] = [
            _short_citation(primary[i % len(primary)]),
            {"source": secondary[i % len(secondary)], "seen": False},
        ]
    if i % 10 == 0:
        fact["value"] = i + 4
        fact["unit"] = "people"
    elif i % 10 == 1:
        fact["statement"] = f"In all, {{fact-{i:05d}}} people took part in generated step {i + 1}, the records show."
    return fact


def _citation(source: str, i: int) -> dict[str, str]:
    return {
        "source": source,
        "where": f"generated paragraph {i + 1}",
        "quote": f"A generated passage from the source that supports statement {i + 1}, about as long as a real one.",
    }


def _short_citation(source: str) -> dict[str, str]:
    """The least a build accepts for a fact resting on a primary source: a short passage."""
    return {"source": source, "where": "generated", "quote": "Generated passage."}


def _template(page: int, facts: list[dict[str, Any]]) -> str:
    name = _page(page)
    sections = list(dict.fromkeys(f["section"] for f in facts if f["page"] == name))
    # Templates may not type digits (every shown number comes from facts.json), so the page and
    # section numbers are spelled with letters: page 3 is "Page C", page 28 is "Page AB".
    lines = [
        "---",
        f"title: Page {_letters(page)}",
        f"description: Generated page {_letters(page)}.",
        "---",
        "",
        f"# Page {_letters(page)}",
    ]
    for number, section in enumerate(sections):
        lines += ["", f"## Section {_letters(number)}", "", f'{{{{ section("{section}") }}}}']
    return "\n".join(lines) + '\n{% include "_trust.md.j2" %}\n'


def _letters(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': a label with no digits."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path, help="folder for facts.json and templates/")
    parser.add_argument("--facts", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--old-citations", action="store_true", help="cite facts as 7e36980's generator did")
    args = parser.parse_args(argv)
    facts_path, templates = generate(args.target, args.facts, args.pages, args.old_citations)
    print(f"wrote {facts_path} ({facts_path.stat().st_size:,} bytes) and {templates}")


if __name__ == "__main__":
    main()
