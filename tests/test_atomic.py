"""Safe failure: docs/ and site/ hold the last good build, whatever happens to the next one.

A failed build changes nothing. A build killed at any moment (SIGKILL, no chance to clean
up) leaves the previous output complete and unchanged, and the next build cleans up after it.
Unchanged pages keep their modification time, so a live preview reloads only what changed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conftest import ROOT, run_build, write_json

from factsite.output_safety import STAMP
from factsite.write import SLOW_ENV

TODAY = "2026-11-22"
Snapshot = dict[str, tuple[bytes, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file's bytes and modification time (but the no-op fingerprint and the stamp, build records)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and p.name not in (".factsite-fingerprint.json", STAMP)
    }


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith((".docs.", ".site.")))


def changed_facts(tmp_path: Path, facts_data: dict[str, Any]) -> Path:
    """The real facts with one figure changed, so every page that shows it changes."""
    index = next(i for i, f in enumerate(facts_data["facts"]) if f["id"] == "min-age")
    facts_data["facts"][index]["value"] += 1
    return write_json(tmp_path / "facts.json", facts_data)


def start_build(*args: str, slow: float) -> subprocess.Popen[str]:
    env = {**os.environ, SLOW_ENV: str(slow)}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build_facts.py"), "--today", TODAY, *args],
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


def test_a_failed_build_changes_neither_docs_nor_site(tmp_path: Path, facts_data: dict[str, Any]) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    assert run_build("--today", TODAY, "--docs", str(docs), "--site", str(site)).returncode == 0
    before = snapshot(docs), snapshot(site)
    facts_data["facts"][3]["sources"] = ["no-such-source"]
    broken = write_json(tmp_path / "facts.json", facts_data)
    result = run_build("--today", TODAY, "--facts", str(broken), "--docs", str(docs), "--site", str(site))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "1 problem(s) found; docs/ and site/ were not changed."
    assert (snapshot(docs), snapshot(site)) == before
    assert leftovers(tmp_path) == []


def test_only_changed_pages_are_rewritten(tmp_path: Path, facts_data: dict[str, Any]) -> None:
    docs = tmp_path / "docs"
    assert run_build("--today", TODAY, "--docs", str(docs)).returncode == 0
    before = snapshot(docs)
    time.sleep(0.01)  # so a rewritten file would get a different modification time
    index = next(i for i, f in enumerate(facts_data["facts"]) if f["id"] == "trial-rehab")
    assert facts_data["facts"][index]["page"] == "trial"
    facts_data["facts"][index]["statement"] += " They also had physical therapy."
    facts = write_json(tmp_path / "facts.json", facts_data)
    result = run_build("--today", TODAY, "--facts", str(facts), "--docs", str(docs))
    assert result.returncode == 0, result.stderr
    after = snapshot(docs)
    assert sorted(name for name in after if after[name] != before[name]) == ["trial.md"]
    assert f"1 written, {len(after) - 1} unchanged" in result.stdout


def test_only_changed_html_pages_are_rewritten_in_site(tmp_path: Path, facts_data: dict[str, Any]) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    assert run_build("--today", TODAY, "--docs", str(docs), "--site", str(site)).returncode == 0
    before = snapshot(site)
    time.sleep(0.01)
    index = next(i for i, f in enumerate(facts_data["facts"]) if f["id"] == "trial-rehab")
    facts_data["facts"][index]["statement"] += " They also had physical therapy."
    facts = write_json(tmp_path / "facts.json", facts_data)
    assert run_build("--today", TODAY, "--facts", str(facts), "--docs", str(docs), "--site", str(site)).returncode == 0
    after = snapshot(site)
    # The trial page and the search index hold the new sentence; every other file is untouched.
    assert sorted(name for name in after if after[name] != before.get(name)) == [
        "search/search_index.json",
        "trial/index.html",
    ]


def test_a_build_killed_while_writing_docs_leaves_the_last_good_docs(
    tmp_path: Path, facts_data: dict[str, Any]
) -> None:
    docs = tmp_path / "docs"
    assert run_build("--today", TODAY, "--docs", str(docs)).returncode == 0
    before = snapshot(docs)
    facts = changed_facts(tmp_path, facts_data)

    build = start_build("--facts", str(facts), "--docs", str(docs), slow=0.5)
    # Kill it once the new tree is half-written beside the old one.
    wait_for(lambda: any(any(p.iterdir()) for p in tmp_path.glob(".docs.new-*")))
    kill(build)

    assert snapshot(docs) == before
    assert leftovers(tmp_path)  # the killed build had no chance to clean up
    result = run_build("--today", TODAY, "--facts", str(facts), "--docs", str(docs))
    assert result.returncode == 0
    assert leftovers(tmp_path) == []
    assert "at least 19 years old" in (docs / "trial.md").read_text(encoding="utf-8")


def test_kills_at_random_moments_never_leave_a_mixed_or_partial_docs(
    tmp_path: Path, facts_data: dict[str, Any]
) -> None:
    docs = tmp_path / "docs"
    assert run_build("--today", TODAY, "--docs", str(docs)).returncode == 0
    old = {name: data for name, (data, _) in snapshot(docs).items()}
    facts = changed_facts(tmp_path, facts_data)
    new_docs = tmp_path / "reference"
    assert run_build("--today", TODAY, "--facts", str(facts), "--docs", str(new_docs)).returncode == 0
    new = {name: data for name, (data, _) in snapshot(new_docs).items()}
    seen = set()
    rng = random.Random(3)
    for _ in range(6):
        build = start_build("--facts", str(facts), "--docs", str(docs), slow=0.02)
        time.sleep(rng.uniform(0.2, 1.2))  # start-up takes ~0.4 s, writing ~0.2 s: kills land before, in, after
        kill(build)
        now = {name: data for name, (data, _) in snapshot(docs).items()}
        assert now in (old, new)
        seen.add("new" if now == new else "old")
        if now == new:  # start again from the old output
            assert run_build("--today", TODAY, "--docs", str(docs)).returncode == 0
    assert seen  # at least one kill happened; which states were hit depends on timing


def test_a_site_build_killed_inside_mkdocs_leaves_the_last_good_docs_and_site(
    tmp_path: Path, facts_data: dict[str, Any]
) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    assert run_build("--today", TODAY, "--docs", str(docs), "--site", str(site)).returncode == 0
    before = snapshot(docs), snapshot(site)
    facts = changed_facts(tmp_path, facts_data)

    build = start_build("--facts", str(facts), "--docs", str(docs), "--site", str(site), slow=0)
    # MkDocs is writing HTML into the new tree beside site/: kill the build and MkDocs with it.
    wait_for(lambda: any((p / "site").is_dir() for p in tmp_path.glob(".site.new-*")), timeout=90)
    kill(build)

    assert (snapshot(docs), snapshot(site)) == before  # the new docs go out only with their site
    result = run_build("--today", TODAY, "--facts", str(facts), "--docs", str(docs), "--site", str(site))
    assert result.returncode == 0, result.stderr
    assert leftovers(tmp_path) == []
    assert "at least 19 years old" in (site / "trial/index.html").read_text(encoding="utf-8")


def test_a_site_that_mkdocs_rejects_changes_neither_docs_nor_site(tmp_path: Path, facts_data: dict[str, Any]) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    assert run_build("--today", TODAY, "--docs", str(docs), "--site", str(site)).returncode == 0
    before = snapshot(docs), snapshot(site)
    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # With an address, so that the only line is MkDocs's refusal, not the missing-address warning.
    config.write_text("site_url: https://example.org/x/\n" + text.replace("name: material", "name: materail"), "utf-8")
    facts = changed_facts(tmp_path, facts_data)  # valid new pages, which must not go out alone
    result = run_build(
        "--today", TODAY, "--facts", str(facts), "--docs", str(docs), "--site", str(site), "--config", str(config)
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "mkdocs.yml: mkdocs: Config value 'theme': Unrecognised theme name: 'materail'. The available installed "
        "themes are: mkdocs, readthedocs, material. Fix: fix what it names",
        "1 problem(s) found; docs/ and site/ were not changed.",
    ]
    assert (snapshot(docs), snapshot(site)) == before
    assert leftovers(tmp_path) == []
