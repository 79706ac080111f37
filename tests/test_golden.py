"""The fixture site, compiled through the command line, matches its golden docs/ byte for byte.

tests/fixture_site/ is invented content that uses every feature (placeholders with |frequency
and |weeks, every support level, glossary aliases, claims, questions, all four pictures, the
changelog), so exact output is checked here, where no content edit can break it. After a
deliberate change to the output, run `make golden` and review `git diff tests/fixture_site/golden`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import COMMAND, FACTS, build, differences, outputs
from support import GOLDEN, read_json


@pytest.fixture(scope="module")
def fixture_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("fixture") / "docs"
    build(docs)  # fails on any problem or warning
    return docs


def test_the_fixture_site_builds_exactly_as_its_golden_docs(fixture_docs: Path) -> None:
    assert GOLDEN.is_dir(), f"no golden docs yet: run `{COMMAND}`"
    report = differences(outputs(GOLDEN), outputs(fixture_docs))
    if report:
        pytest.fail(
            f"the fixture site's docs/ differs from {GOLDEN}.\n"
            f"If the change is deliberate, run `{COMMAND}` and commit the result.\n\n" + "\n".join(report),
            pytrace=False,
        )


def test_the_fixture_site_uses_every_feature() -> None:
    """If the fixture lost a feature, the golden files would silently stop covering it."""
    data = read_json(FACTS)
    statements = " ".join(f["statement"] + f.get("label", "") for f in data["facts"])
    assert "|frequency}" in statements and "|weeks}" in statements
    assert {f["support"] for f in data["facts"]} == {"confirmed", "news-only", "disputed"}
    assert {p["kind"] for p in data["pictures"]} == {"flow", "outcomes", "timeline", "ladder"}
    assert any(p.get("icons") for p in data["pictures"] if p["kind"] == "flow")
    assert any(t.get("aliases") for t in data["glossary"])
    assert all(c["appeared_in"] for c in data["claims"]) and len({c["verdict"] for c in data["claims"]}) >= 2
    assert data["questions"] and len(data["changelog"]) >= 2
    assert {s["strength"] for s in data["sources"]} == {"primary", "secondary", "weak"}
    assert any("page" not in f for f in data["facts"]), "a figure used only inside other facts"
    golden = outputs(GOLDEN)
    assert {"index.md", "results.md", "claims.md", "glossary.md", "sources.md", "updates.md"} <= set(golden)
    assert any(name.startswith("assets/") for name in golden)


def test_a_difference_is_reported_as_a_unified_diff() -> None:
    report = differences({"a.md": b"one\ntwo\n", "gone.md": b"x"}, {"a.md": b"one\nthree\n", "new.md": b"y"})
    assert report[0] == "missing from the build: gone.md"
    assert report[1] == "new in the build, not in golden/: new.md"
    assert "--- golden/a.md\n+++ build/a.md\n" in report[2] and "-two\n+three\n" in report[2]
