"""Safe failure: docs/ and site/ hold the last good build, whatever happens to the next one.

A failed build changes nothing. A build killed at any moment (SIGKILL, no chance to clean
up) leaves the previous output complete and unchanged, and the next build cleans up after it.
Unchanged pages keep their modification time, so a live preview reloads only what changed.

The builds are of the fixture site with its Japanese edition (tests/support.py), through the real
mkdocs.yml: the same pipeline as the real site, a third of the build time.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from support import (
    FIXTURE_CONFIG,
    FIXTURE_TODAY,
    ROOT,
    Run,
    copy_fixture_config,
    page_source,
    publishable,
    read_json,
    run_main,
    write_json,
)

from factsite.output_safety import STAMP
from factsite.write import SLOW_ENV

# Slow: builds killed at random moments, and real MkDocs builds.
# `make test` runs these; `make test-quick` leaves them out.
pytestmark = pytest.mark.slow

Snapshot = dict[str, tuple[bytes, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file's bytes and modification time (but the no-op fingerprint and the stamp, build records)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and p.name not in (".factsite-fingerprint.json", STAMP)
    }


def files(folder: Path) -> dict[str, bytes]:
    """Every file's bytes (but the no-op fingerprint)."""
    return {name: data for name, (data, _) in snapshot(folder).items()}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith((".docs.", ".site.")))


FixtureBuild = tuple[Path, Path, Path]  # the session's fixture site build: (facts file, docs, site)


@pytest.fixture
def good(fixture_build: FixtureBuild) -> Path:
    """The facts file the last good output was built from (templates and facts.ja.json beside it)."""
    return fixture_build[0]


@pytest.fixture
def facts_data(good: Path) -> dict[str, Any]:
    """A fresh copy of the fixture site's facts for a test to change."""
    return read_json(good)


def last_good(fixture_build: FixtureBuild, where: Path, site: bool = False) -> tuple[Path, Path]:
    """A copy of the session's fixture site build in where/docs (and where/site): the last good output.

    Building it once per run and copying it (modification times kept) is much faster than
    building it again for each test; the copy is the test's own to change.
    """
    docs, built_site = where / "docs", where / "site"
    shutil.copytree(fixture_build[1], docs)
    if site:
        shutil.copytree(fixture_build[2], built_site)
    return docs, built_site


def inputs(facts: Path, config: Path = FIXTURE_CONFIG) -> list[str]:
    """The arguments that build these facts with the fixture's templates and config, on the fixed day."""
    templates = facts.parent / "templates"
    return ["--facts", str(facts), "--templates", str(templates), "--config", str(config), "--today", FIXTURE_TODAY]


def build(facts: Path, *args: str | Path) -> None:
    result = run_main(*inputs(facts), *args)
    assert result.returncode == 0, result.stderr


def changed_facts(tmp_path: Path, facts_data: dict[str, Any], good: Path) -> tuple[Path, dict[str, bytes]]:
    """The facts with one fact's statement changed, and the docs/ they make (built apart, as the reference)."""
    fact = next(f for f in reversed(facts_data["facts"]) if "page" in f)
    fact["statement"] = fact["statement"].rstrip(".") + ", as a test added."  # still one sentence
    facts = write_json(tmp_path / "facts.json", facts_data)
    shutil.copy(good.parent / "facts.ja.json", tmp_path / "facts.ja.json")  # the Japanese texts go with the facts
    shutil.copytree(good.parent / "templates", tmp_path / "templates")
    build(facts, "--docs", tmp_path / "reference")
    return facts, files(tmp_path / "reference")


def assert_refused_and_unchanged(result: Run, problem: str, output: tuple[Path, Path, Any]) -> None:
    """The build refused with exactly this one problem line (warnings aside); docs/ and site/ are as they
    were, with nothing left beside them."""
    docs, site, before = output
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if not line.startswith("warning: ")] == [
        problem,
        "1 problem(s) found; docs/ and site/ were not changed.",
    ]
    assert (snapshot(docs), snapshot(site)) == before
    assert leftovers(docs.parent) == [] and leftovers(site.parent) == []


def new_pages(old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """The Markdown pages a change makes different."""
    names = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name) and name.endswith(".md"))
    assert names, "the change made no page different"
    return names


def start_build(facts: Path, *args: str, slow: float) -> subprocess.Popen[str]:
    env = {**os.environ, SLOW_ENV: str(slow)}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build_facts.py"), *inputs(facts), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so the test can kill the build and anything it started, like make would
    )


def wait_for(condition: Any, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


def kill(process: subprocess.Popen[str]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_a_failed_build_changes_neither_docs_nor_site(
    tmp_path: Path, facts_data: dict[str, Any], good: Path, fixture_build: FixtureBuild
) -> None:
    docs, site = last_good(fixture_build, tmp_path, site=True)
    before = snapshot(docs), snapshot(site)
    facts_data["facts"][3]["sources"] = ["no-such-source"]
    broken = write_json(tmp_path / "facts.json", facts_data)
    shutil.copytree(good.parent / "templates", tmp_path / "templates")
    result = run_main(*inputs(broken), "--docs", docs, "--site", site)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "1 problem(s) found; docs/ and site/ were not changed."
    assert (snapshot(docs), snapshot(site)) == before
    assert leftovers(tmp_path) == []


def test_only_changed_pages_are_rewritten(
    tmp_path: Path, facts_data: dict[str, Any], good: Path, fixture_build: FixtureBuild
) -> None:
    docs, _ = last_good(fixture_build, tmp_path)
    before = snapshot(docs)
    facts, reference = changed_facts(tmp_path, facts_data, good)
    expected = new_pages({name: data for name, (data, _) in before.items()}, reference)
    time.sleep(0.01)  # so a rewritten file would get a different modification time
    result = run_main(*inputs(facts), "--docs", docs)
    assert result.returncode == 0, result.stderr
    after = snapshot(docs)
    assert {name: data for name, (data, _) in after.items()} == reference
    assert sorted(name for name in after if after[name] != before[name]) == expected
    assert len(expected) < len(after)
    assert f"{len(expected)} written, {len(after) - len(expected)} unchanged" in result.stdout


def test_only_changed_html_pages_are_rewritten_in_site(
    tmp_path: Path, facts_data: dict[str, Any], good: Path, fixture_build: FixtureBuild
) -> None:
    docs, site = last_good(fixture_build, tmp_path, site=True)
    before_docs, before = files(docs), snapshot(site)
    facts, reference = changed_facts(tmp_path, facts_data, good)
    expected = new_pages(before_docs, reference)
    time.sleep(0.01)
    build(facts, "--docs", docs, "--site", site)
    after = snapshot(site)
    # The changed pages and the search index hold the new figure; every other file is untouched.
    html = {page: name for page in after if (name := page_source(page)) in expected}
    assert sorted(html.values()) == expected
    japanese_changed = any(name.startswith("ja/") for name in expected)
    indexes = ["search/search_index.json", *(["ja/search/search_index.json"] if japanese_changed else [])]
    assert sorted(name for name in after if after[name] != before.get(name)) == sorted([*html, *indexes])


def test_a_build_killed_while_writing_docs_leaves_the_last_good_docs(
    tmp_path: Path, facts_data: dict[str, Any], good: Path, fixture_build: FixtureBuild
) -> None:
    docs, _ = last_good(fixture_build, tmp_path)
    before = snapshot(docs)
    facts, reference = changed_facts(tmp_path, facts_data, good)

    build_ = start_build(facts, "--docs", str(docs), slow=0.5)
    # Kill it once the new tree is half-written beside the old one.
    wait_for(lambda: any(any(p.iterdir()) for p in tmp_path.glob(".docs.new-*")))
    kill(build_)

    assert snapshot(docs) == before
    assert leftovers(tmp_path)  # the killed build had no chance to clean up
    build(facts, "--docs", docs)
    assert leftovers(tmp_path) == []
    assert files(docs) == reference


def test_kills_at_random_moments_never_leave_a_mixed_or_partial_docs(
    tmp_path: Path, facts_data: dict[str, Any], good: Path, fixture_build: FixtureBuild
) -> None:
    docs, _ = last_good(fixture_build, tmp_path)
    old = files(docs)
    facts, new = changed_facts(tmp_path, facts_data, good)
    seen = set()
    rng = random.Random(3)
    for _ in range(6):
        build_ = start_build(facts, "--docs", str(docs), slow=0.02)
        time.sleep(rng.uniform(0.2, 1.2))  # start-up takes ~0.4 s, writing ~0.2 s: kills land before, in, after
        kill(build_)
        now = files(docs)
        assert now in (old, new)
        seen.add("new" if now == new else "old")
        if now == new:  # start again from the old output
            build(good, "--docs", docs)
            assert files(docs) == old
    assert seen  # at least one kill happened; which states were hit depends on timing


def test_a_site_build_killed_inside_mkdocs_leaves_the_last_good_docs_and_site(
    tmp_path: Path, facts_data: dict[str, Any], good: Path, fixture_build: FixtureBuild
) -> None:
    docs, site = last_good(fixture_build, tmp_path, site=True)
    before = snapshot(docs), snapshot(site)
    facts, reference = changed_facts(tmp_path, facts_data, good)

    build_ = start_build(facts, "--docs", str(docs), "--site", str(site), slow=0)
    # MkDocs is writing HTML into the new tree beside site/: kill the build and MkDocs with it.
    wait_for(lambda: any((p / "site").is_dir() for p in tmp_path.glob(".site.new-*")), timeout=90)
    kill(build_)

    assert (snapshot(docs), snapshot(site)) == before  # the new docs go out only with their site
    build(facts, "--docs", docs, "--site", site)
    assert leftovers(tmp_path) == []
    assert files(docs) == reference
    changed = new_pages({name: data for name, (data, _) in before[0].items()}, reference)
    for page in snapshot(site):
        if page_source(page) in changed:
            assert snapshot(site)[page] != before[1][page], f"{page} was not rebuilt"


def test_a_site_that_mkdocs_rejects_changes_neither_docs_nor_site(
    tmp_path: Path, facts_data: dict[str, Any], good: Path, fixture_build: FixtureBuild
) -> None:
    docs, site = last_good(fixture_build, tmp_path, site=True)
    before = snapshot(docs), snapshot(site)
    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # With an address, so that the only line is MkDocs's refusal, not the missing-address warning.
    config.write_text("site_url: https://example.org/x/\n" + text.replace("name: material", "name: materail"), "utf-8")
    # Valid new pages, which must not go out alone; with TEST DATA people, so facts.json gives no warning either.
    facts, _ = changed_facts(tmp_path, publishable(facts_data), good)
    result = run_main(*inputs(facts, config), "--docs", docs, "--site", site)
    assert_refused_and_unchanged(
        result,
        "mkdocs.yml: mkdocs: Config value 'theme': Unrecognised theme name: 'materail'. The available installed "
        "themes are: mkdocs, readthedocs, material. Fix: fix what it names",
        (docs, site, before),
    )


def test_a_link_to_a_page_that_does_not_exist_fails_the_site_build_and_changes_nothing(
    tmp_path: Path, good: Path, fixture_build: FixtureBuild
) -> None:
    # MkDocs only warns about such a link; `mkdocs build --strict --quiet` never counted the warning
    # (mkdocs/mkdocs#4126), so a page with this link was published.
    docs, site = last_good(fixture_build, tmp_path, site=True)
    before = snapshot(docs), snapshot(site)
    shutil.copytree(good.parent / "templates", tmp_path / "templates")
    shutil.copy(good.parent / "facts.ja.json", tmp_path / "facts.ja.json")
    results = tmp_path / "templates" / "results.md.j2"
    results.write_text(results.read_text(encoding="utf-8") + "\n[Read the full report](report.md)\n", "utf-8")
    facts = shutil.copy(good, tmp_path / "facts.json")
    result = run_main(*inputs(facts), "--docs", docs, "--site", site)
    assert_refused_and_unchanged(
        result,
        "mkdocs.yml: mkdocs: Doc file 'results.md' contains a link 'report.md', but the target is not found among "
        "documentation files. Fix: fix what it names",
        (docs, site, before),
    )


def test_a_theme_override_that_does_not_render_is_named_with_its_line_and_changes_nothing(
    tmp_path: Path, good: Path, fixture_build: FixtureBuild
) -> None:
    docs, site = last_good(fixture_build, tmp_path, site=True)
    before = snapshot(docs), snapshot(site)
    overrides = shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    main = overrides / "main.html"
    text = main.read_text(encoding="utf-8") + "{% if %}\n"
    main.write_text(text, encoding="utf-8")
    config = copy_fixture_config(tmp_path, "theme:\n  custom_dir: overrides\n")
    result = run_main(*inputs(good, config), "--docs", docs, "--site", site)
    assert_refused_and_unchanged(
        result,
        f"{main}: line {text.count(chr(10))}: mkdocs: Expected an expression, got 'end of statement block'. "
        "Fix: fix the template",
        (docs, site, before),
    )
