"""Helpers shared by the tests. Test modules import from here, never from each other.

Everything here drives the project from outside: the command line (`build_facts.main(argv)`,
or `build_facts.py` as a process), the files it reads and the files it writes. Nothing
imports factsite, so these helpers survive a reorganisation of its modules.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
if str(ROOT) not in sys.path:  # build_facts.py and factsite/ live at the root
    sys.path.insert(0, str(ROOT))

import build_facts  # noqa: E402

REAL_FACTS: dict[str, Any] = json.loads((ROOT / "facts.json").read_text(encoding="utf-8"))
TODAY = "2026-11-29"  # a fixed "today", so currency findings do not change as time passes

BROKEN = TESTS / "broken"
BROKEN_BASE = BROKEN / "base"
BROKEN_CASES = sorted(BROKEN.glob("cases/*.json"))

FIXTURE_SITE = TESTS / "fixture_site"
FIXTURE_CONFIG = FIXTURE_SITE / "mkdocs.yml"  # the project's mkdocs.yml with the fixture's pages
GOLDEN = FIXTURE_SITE / "golden"
FIXTURE_TODAY = "2030-01-20"  # inside the fixture site's review interval: no currency warnings
FIXTURE_TEMPLATES = FIXTURE_SITE / "templates"
# The invented fixture site's facts: unit tests change a copy of these, never the real facts.json.
FIXTURE_FACTS: dict[str, Any] = json.loads((FIXTURE_SITE / "facts.json").read_text(encoding="utf-8"))


# --- files --------------------------------------------------------------------------------


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


# TEST DATA: an invented editor, clinician reviewer, licence and contact. The real facts.json names
# nobody, so `make publish` refuses it; a test that publishes a copy of it fills these in first.
TEST_DATA_TRUST: dict[str, Any] = {
    "editors": [
        {"name": "TEST DATA Editor", "role": "test editor", "qualification": "invented", "reviewed": "2026-11-20"}
    ],
    "reviewers": [
        {
            "name": "TEST DATA Doctor",
            "role": "test doctor",
            "qualification": "invented",
            "reviewed": "2026-11-21",
            "clinician": True,
        }
    ],
    "licence": {"name": "TEST DATA licence", "url": "https://licence.test-data.org/"},
}
TEST_DATA_CONTACT = "mailto:corrections@factsite-test-data.org"


def publishable(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of facts data with the TEST DATA people, licence and contact that publishing needs."""
    data = json.loads(json.dumps(data))
    data["trust"] = {**data.get("trust", {}), **json.loads(json.dumps(TEST_DATA_TRUST))}
    data["site"]["report_error"] = TEST_DATA_CONTACT
    return data


def test_data_japanese(facts: Path, wanted: Any = lambda key: True) -> dict[str, Any]:
    """TEST DATA Japanese for each text `make translations` lists (and `wanted` accepts) for the facts
    file beside its facts.ja.json: the English after JA_TEST_PREFIX, keeping every figure and placeholder."""
    listed = run_main("--facts", facts, "--translations")
    assert listed.returncode == 0, listed.stderr
    texts = {}
    for line in listed.stdout.splitlines():
        state, key, source, english = ([*line.split("\t", 3), "", "", ""])[:4]
        if state in ("missing", "stale") and wanted(key):
            texts[key] = {"ja": JA_TEST_PREFIX + english, "from": source.removeprefix("from=")}
    return texts


JA_TEST_PREFIX = "テスト："  # TEST DATA Japanese: the English, marked, keeps every figure and placeholder


def copy_fixture_config(where: Path, first: str = "") -> Path:
    """where/mkdocs.yml and mkdocs.ja.yml: the fixture's configs, the English one still inheriting the
    project's (from an absolute path) and starting with `first`. Returns the English one."""
    text = FIXTURE_CONFIG.read_text(encoding="utf-8")
    copy = where / "mkdocs.yml"
    copy.write_text(first + text.replace("INHERIT: ../../mkdocs.yml\n", f"INHERIT: {ROOT / 'mkdocs.yml'}\n"), "utf-8")
    shutil.copy(FIXTURE_SITE / "mkdocs.ja.yml", where / "mkdocs.ja.yml")
    return copy


def add_japanese_edition(project: Path) -> None:
    """Give a copy of the fixture site (facts.json, templates/, copy_fixture_config) a complete Japanese edition
    a publishing build accepts: templates/ja/ and a facts.ja.json translating every text as TEST DATA."""
    shutil.copytree(project / "templates", project / "templates" / "ja", ignore=shutil.ignore_patterns("assets", "ja"))
    write_json(project / "facts.ja.json", {"texts": {}})
    write_json(project / "facts.ja.json", {"texts": test_data_japanese(project / "facts.json")})


def contents(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- builds shared by the tests of a run -------------------------------------------------


def once_per_run(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that make(folder) fills once per test run, even when pytest-xdist runs tests in several workers.

    Alone, it is a new temporary folder. Under xdist (`make test`), every worker of the run shares the
    parent of its own temporary folder; the first worker to get there builds while the others wait on a
    lock, then all read the same build (building the real site takes seconds of CPU: once is enough).
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        work = factory.mktemp(name)
        make(work)
        return work
    shared = factory.getbasetemp().parent
    work, done = shared / name, shared / f"{name}.done"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(work, ignore_errors=True)  # what a worker that failed left
            work.mkdir()
            make(work)
            done.touch()
    return work


# --- the fixture site with a Japanese edition ----------------------------------------------

JA_SENTENCE = "Exampleの研究には、{participants}人が参加しました。"


def english_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def statement_of(facts: Path, fact_id: str) -> str:
    return next(f["statement"] for f in read_json(facts)["facts"] if f["id"] == fact_id)


def fixture_with_japanese(where: Path, texts: dict[str, Any] | None = None) -> Path:
    """A copy of the fixture site with templates/ja/ and a facts.ja.json translating one statement.

    Small (a site of both editions builds in about two seconds, the real one in seven), so tests of
    the pipeline (reproducible bytes, safe rewrites) use it; the real site is for content rules.
    Returns the facts file; its templates are in where/templates.
    """
    shutil.copytree(FIXTURE_SITE / "templates", where / "templates")
    shutil.copytree(FIXTURE_SITE / "templates", where / "templates" / "ja", ignore=shutil.ignore_patterns("assets"))
    facts = write_json(where / "facts.json", read_json(FIXTURE_SITE / "facts.json"))
    statement = statement_of(facts, "participants")
    default = {"facts.participants.statement": {"ja": JA_SENTENCE, "from": english_hash(statement)}}
    write_json(where / "facts.ja.json", {"texts": default if texts is None else texts})
    return facts


# --- the command line ---------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """What a run of the command line returned and printed."""

    returncode: int
    stdout: str
    stderr: str


def run_main(*args: str | Path) -> Run:
    """Run `build_facts.main(argv)` in this process, capturing what an editor would see.

    Much faster than a new process (no interpreter start, imports already loaded). argparse's
    own errors end in SystemExit; its code is the exit code, as it would be for a process.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = build_facts.main([str(a) for a in args])
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    return Run(code, out.getvalue(), err.getvalue())


def run_main_in(project: Path, *args: str | Path, env: dict[str, str] | None = None) -> Run:
    """run_main as if build_facts.py lay in project and were run there: its defaults (facts.json,
    templates/, docs/, mkdocs.yml) and the project folder it protects are project's, paths are
    relative to it, and env is added to the environment. A copy's own code is not what runs: a test
    of a change to the code itself needs run_build.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        patch.setattr(build_facts, "HERE", project)
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        return run_main(*args)


def run_build(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run build_facts.py as a separate process, as an editor would: a crash shows as a traceback."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "build_facts.py"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    return Run(result.returncode, result.stdout, result.stderr)


# --- the broken-input corpus --------------------------------------------------------------


def load_case(path: Path) -> dict[str, Any]:
    return read_json(path)


def _apply_edit(data: Any, edit: dict[str, Any]) -> None:
    *parents, last = edit["at"]
    for key in parents:
        data = data[key]
    if edit.get("delete"):
        del data[last]
    else:
        data[last] = edit["set"]


def _apply_template_change(templates: Path, change: dict[str, Any]) -> None:
    path = templates / change["file"]
    if change.get("delete"):
        path.unlink()
    elif "append_hex" in change:
        path.write_bytes(path.read_bytes() + bytes.fromhex(change["append_hex"]))
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
        lines.insert(change["line"] - 1, change["insert"])  # the inserted text ends up on that line
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_case(case: dict[str, Any], where: Path) -> tuple[Path, Path]:
    """The corpus's base site with the case's change applied: (facts file, templates folder)."""
    templates = where / "templates"
    shutil.copytree(BROKEN_BASE / "templates", templates)
    facts = where / "facts.json"
    if "text" in case:
        facts.write_bytes(case["text"].encode("utf-8"))
    elif "hex" in case:
        facts.write_bytes(bytes.fromhex(case["hex"]))
    else:
        data = read_json(BROKEN_BASE / "facts.json")
        for edit in case.get("edits", []):
            _apply_edit(data, edit)
        write_json(facts, data)
    for change in case.get("templates", []):
        _apply_template_change(templates, change)
    return facts, templates


# --- built pages --------------------------------------------------------------------------


def nav_pages(config: Path) -> dict[str, str]:
    """Each page in a MkDocs config's nav, as its built file ("trial/index.html") -> its title."""
    pages: dict[str, str] = {}

    def walk(entries: list[Any]) -> None:
        for entry in entries:
            if isinstance(entry, str):
                entry = {entry.removesuffix(".md"): entry}
            for title, target in entry.items():
                if isinstance(target, list):
                    walk(target)
                elif not str(target).startswith(("http:", "https:")):
                    stem = str(target).removesuffix(".md")
                    html = "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"
                    pages[html] = title

    walk(yaml.safe_load(config.read_text(encoding="utf-8"))["nav"])
    return pages


PAGES = nav_pages(ROOT / "mkdocs.yml")  # the real site's pages, in nav order

# The Sources pages, known by their address: sources/ (papers, reviews, the trial's records) and a
# page per other group of kinds (sources-guides/, sources-news/). A footnote links to its source's
# entry on one of them: "../sources-news/#kyodo-2025".
SOURCE_PAGE = re.compile(r"^sources(?:-[a-z]+)*/index\.html$")
SOURCES_PAGES = [page for page in PAGES if SOURCE_PAGE.match(page)]
SOURCE_LINK = re.compile(r"(?:^|/)(sources(?:-[a-z]+)*)/#([a-z0-9-]+)$")


def source_links(tag: Any) -> list[tuple[str, str]]:
    """(Sources page, source id) for each link in tag to a source's entry: "sources-news/index.html", "kyodo-2025"."""
    found = (SOURCE_LINK.search(a["href"]) for a in tag.select("a[href*='#']"))
    return [(f"{m.group(1)}/index.html", m.group(2)) for m in found if m]


@dataclass(frozen=True)
class Edition:
    """One language of the site, as a browser test walks it: where its pages are and words it prints."""

    prefix: str  # below the site's address: "" for English, "ja/" for Japanese (mkdocs.ja.yml)
    reviewed: str  # the label of the review date in the box on every page
    details: str  # the end of each printed footnote, pointing to the Sources page
    toc: str  # Material's "Table of contents", spaces removed: never printed
    search: str | None  # Material's label of the search box, never printed (None: the pages use the word too)


# The English pages and their Japanese twins (issue 11): the browser tests run on both.
EDITIONS = {
    "en": Edition("", "Last reviewed", "Details in Sources", "Tableofcontents", "Search"),
    "ja": Edition("ja/", "最後に見直した日", "くわしくは出典のページへ", "目次", None),  # 「jRCTで検索できます」
}


def content_pages(site: Path) -> list[Path]:
    """Every page of a built site, both editions (index.html files but the assets' and search's)."""
    return sorted(p for p in site.rglob("index.html") if not {"assets", "search"} & set(p.parts))


def load_hook(name: str) -> ModuleType:
    """hooks/<name>.py loaded by its path, as MkDocs loads it: each call gives a new module, with its own state."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_source(html_page: str) -> str:
    """The Markdown file a built page comes from: "trial/index.html" -> "trial.md"."""
    return "index.md" if html_page == "index.html" else html_page.removesuffix("/index.html") + ".md"


def soup(site: Path, page: str) -> BeautifulSoup:
    """The parsed page. Parsed once and shared between tests: read it, never change the tree."""
    path = site / page
    status = path.stat()
    return _parsed(path, status.st_size, status.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _parsed(path: Path, size: int, mtime_ns: int) -> BeautifulSoup:  # size and time: a rebuilt page is read again
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def main_text(site: Path, page: str) -> str:
    """The article's text, as a reader sees it, with runs of white space made one space."""
    return " ".join(soup(site, page).select_one("article").get_text(" ").split())


# --- a project copy for the live preview --------------------------------------------------

PROJECT_FILES = ("build_facts.py", "facts.json", "facts.schema.json", "mkdocs.yml")
PROJECT_DIRS = ("factsite", "templates", "hooks", "overrides")


def copy_project(work: Path) -> None:
    """A working copy of what `make serve` needs, so an edit there leaves the real project alone."""
    work.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, work / name)
    for folder in PROJECT_DIRS:
        shutil.copytree(ROOT / folder, work / folder, ignore=shutil.ignore_patterns("__pycache__"))


def fetch(url: str) -> str:
    """The page at url, or "" while the server is not answering yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""
