"""The benchmark's own helpers (the benchmark itself is `make bench`, not part of the tests).

They live beside the benchmark, not in tests/: the site's tests import no benchmark code.
pyproject.toml lists bench/ in testpaths, so `make test` runs them.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

from bench import before
from bench.generate import generate
from bench.measure import growth_ok
from bench.serve import SiteServer

ROOT = Path(__file__).resolve().parent.parent


def test_generated_projects_are_valid_and_place_every_fact(tmp_path: Path) -> None:
    facts, templates = generate(tmp_path, 100, 10)
    build = [sys.executable, str(ROOT / "build_facts.py"), "--facts", str(facts), "--templates", str(templates)]
    result = subprocess.run([*build, "--docs", str(tmp_path / "docs")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    pages = sorted((tmp_path / "docs").glob("page-*.md"))
    assert len(pages) == 10
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert all(f"Generated statement {i}:" in text for i in range(1, 101) if i % 10 != 2)
    assert "In all, 4 people took part" in text  # a placeholder filled from another fact


def test_server_sends_text_gzipped_and_counts_the_bytes_sent(tmp_path: Path) -> None:
    page = "<!doctype html><title>x</title>" + "<p>the same words again</p>" * 200
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    with SiteServer(tmp_path) as server:
        request = urllib.request.Request(server.url + "/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            body = response.read()
            assert response.headers["Content-Encoding"] == "gzip"
        (sent,) = server.log.take()
    assert gzip.decompress(body).decode() == page
    assert sent.body_bytes == len(body) < len(page) / 10


def test_growth_check_accepts_linear_and_rejects_quadratic() -> None:
    assert growth_ok([100, 1000, 10000], [0.08, 0.2, 0.9])
    assert growth_ok([100, 1000], [0.01, 0.1])
    assert not growth_ok([100, 1000, 10000], [0.01, 0.1, 10.0])


def test_weight_measures_every_page_of_both_editions_and_not_the_assets(tmp_path: Path) -> None:
    from bench.weight import site_pages

    for page in ("index.html", "results/index.html", "ja/index.html", "ja/results/index.html", "search/index.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<!doctype html>", encoding="utf-8")
    (tmp_path / "assets" / "x").mkdir(parents=True)
    (tmp_path / "assets" / "x" / "index.html").write_text("", encoding="utf-8")
    assert site_pages(tmp_path) == ["/", "/ja/", "/ja/results/", "/results/"]


def test_search_files_are_told_apart_from_the_first_visit() -> None:
    from bench.weight import SEARCH_FILES

    opened = ["/search/search_index.json", "/ja/assets/javascripts/workers/search.a7633da7.min.js"]
    opened += ["/ja/assets/javascripts/lunr/tinyseg.js", "/ja/assets/javascripts/lunr/min/lunr.ja.min.js"]
    first = ["/", "/search/", "/assets/javascripts/bundle.a5f9d56c.min.js", "/assets/javascripts/search_on_demand.js"]
    assert all(SEARCH_FILES.search(path) for path in opened)
    assert not any(SEARCH_FILES.search(path) for path in first)


def test_old_citations_project_builds_with_no_passage_where_todays_checks_allow_none(tmp_path: Path) -> None:
    facts, templates = generate(tmp_path, 100, 10, old_citations=True)
    data = json.loads(facts.read_text(encoding="utf-8"))
    assert all(fact["citations"][1].keys() == {"source", "seen"} for fact in data["facts"])
    build = [sys.executable, str(ROOT / "build_facts.py"), "--facts", str(facts), "--templates", str(templates)]
    result = subprocess.run([*build, "--docs", str(tmp_path / "docs")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "docs" / "page-001.md").read_text(encoding="utf-8")
    assert "[^fact-00001-2]: " in page and "passage not seen" in page


def test_comparison_with_7e36980_is_skipped_with_a_reason_in_a_shallow_clone(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    origin.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q", str(origin)], check=True)
    for text in ("one", "two"):  # two commits, so that a clone of depth 1 lacks the first
        (origin / "file.txt").write_text(text, encoding="utf-8")
        subprocess.run([*git, "-C", str(origin), "add", "file.txt"], check=True)
        subprocess.run([*git, "-C", str(origin), "commit", "-qm", text], check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True)
    result = before.measure(clone, tmp_path / "work", 1, {}, lambda _: None)
    assert result.missing is not None and "shallow" in result.missing
    assert "Not measured in this run" in "\n".join(before.section(result, 1))
    assert "not measured" in before.summary_row(result)
    assert "not a git clone" in (before.missing_history(tmp_path / "work") or "")
