"""Output folders: a build replaces only what a build wrote, and builds started together take turns.

Each case runs the command line as an editor would in a copy of the project whose facts and
templates are the fixture site's (tests/fixture_site; a site builds in well under a second),
next to an editor's notes/ folder and a folder outside the project, and checks that a refused
build prints one line, exits 2 and leaves every file where it was. Cases run in this process
(support.run_main_in), but those where builds must be separate processes: taking turns, a lock
held by another process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import FIXTURE_SITE, FIXTURE_TODAY, ROOT, Run, run_main_in

from factsite.output_safety import LOCK_TIMEOUT_ENV, STAMP, one_build_at_a_time

TODAY = FIXTURE_TODAY  # inside the fixture site's review interval
MKDOCS_YML = "site_name: Test\nsite_url: https://example.org/\ntheme:\n  name: mkdocs\n"
SEPARATE = "Fix: give each its own folder, neither inside the other, such as --docs docs --site site"
STRANGER = "and a build replaces the whole folder. Fix: give a new or empty folder, or move those files out"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """tmp_path/project: the compiler with the small site; tmp_path/outside: someone else's folder."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("build_facts.py", "facts.schema.json"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "factsite", root / "factsite", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(FIXTURE_SITE / "facts.json", root / "facts.json")
    shutil.copytree(FIXTURE_SITE / "templates", root / "templates")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "notes").mkdir()
    (root / "notes" / "plan.md").write_text("# What to check next week\n", encoding="utf-8")
    (root / "notes" / "todo.txt").write_text("Call the trial team.\n", encoding="utf-8")
    (root / "docs.txt").write_text("An editor's file, not a folder.\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "keep.txt").write_text("Not the project's.\n", encoding="utf-8")
    (root / "elsewhere").symlink_to(tmp_path / "outside")
    return root


def build(project: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """A build in this process, as if build_facts.py were run in the project."""
    return run_main_in(project, "--today", TODAY, *args, env={"SOURCE_DATE_EPOCH": "0", **(env or {})})


def build_process(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The project's build_facts.py as a process: for a lock this process holds."""
    return subprocess.run(
        [sys.executable, str(project / "build_facts.py"), "--today", TODAY, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SOURCE_DATE_EPOCH": "0", **(env or {})},
    )


def start(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(project / "build_facts.py"), "--today", TODAY, *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
    )


def everything(folder: Path) -> dict[str, bytes | str | None]:
    """Every file (its bytes), symbolic link (its target) and folder under `folder`, links not followed."""
    found: dict[str, bytes | str | None] = {}
    for where, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]  # Python's own cache of the copied code
        for name in dirs + files:
            path = Path(where, name)
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = f"-> {os.readlink(path)}"
            elif path.is_file():
                found[key] = path.read_bytes()
            else:
                found[key] = None
    return found


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


REFUSED = [
    (
        ["--site", "."],
        "build_facts: --site . is the project folder itself. Fix: build into a folder of its own, such as --site site",
    ),
    (
        ["--site", ".."],
        "build_facts: --site .. holds the project folder ({project}). "
        "Fix: build into a folder of its own, such as --site site",
    ),
    (
        ["--site", "notes"],
        f"build_facts: --site notes holds files that no build wrote (such as notes/plan.md), {STRANGER}",
    ),
    (
        ["--site", "elsewhere"],
        "build_facts: --site elsewhere is a symbolic link (to {outside}); a build replaces the folder it is given. "
        "Fix: remove the link, or give the real folder",
    ),
    (["--site", "docs"], f"build_facts: --docs docs and --site docs are the same folder. {SEPARATE}"),
    (
        ["--site", "templates"],
        "build_facts: --site templates is the templates folder. "
        "Fix: build into a folder of its own, such as --site site",
    ),
    (
        ["--site", "templates/site"],
        "build_facts: --site templates/site is inside the templates folder. "
        "Fix: build into a folder of its own, such as --site site",
    ),
    (
        ["--docs", "."],
        "build_facts: --docs . is the project folder itself. Fix: build into a folder of its own, such as --docs docs",
    ),
    (
        ["--docs", "notes"],
        f"build_facts: --docs notes holds files that no build wrote (such as notes/plan.md), {STRANGER}",
    ),
    (
        ["--docs", "elsewhere"],
        "build_facts: --docs elsewhere is a symbolic link (to {outside}); a build replaces the folder it is given. "
        "Fix: remove the link, or give the real folder",
    ),
    (
        ["--docs", "docs.txt"],
        "build_facts: --docs docs.txt is a file, not a folder. Fix: give a folder, or move the file away",
    ),
    (
        ["--docs", "docs.txt", "--site", "site"],
        "build_facts: --docs docs.txt is a file, not a folder. Fix: give a folder, or move the file away",
    ),
    (
        ["--docs", "templates"],
        "build_facts: --docs templates is the templates folder. "
        "Fix: build into a folder of its own, such as --docs docs",
    ),
    (["--docs", "out", "--site", "out"], f"build_facts: --docs out and --site out are the same folder. {SEPARATE}"),
    (["--docs", "out/docs", "--site", "out"], f"build_facts: --docs out/docs is inside --site out. {SEPARATE}"),
    (["--docs", "out", "--site", "out/site"], f"build_facts: --site out/site is inside --docs out. {SEPARATE}"),
]


@pytest.mark.parametrize(("args", "message"), REFUSED, ids=[" ".join(args) for args, _ in REFUSED])
def test_a_folder_that_is_not_ours_is_refused_before_any_work(project: Path, args: list[str], message: str) -> None:
    before = everything(project.parent)
    result = build(project, *args)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [message.format(project=project, outside=project.parent / "outside")]
    assert result.stdout == ""
    assert everything(project.parent) == before  # nothing deleted, nothing left behind, nothing outside touched


def test_several_problems_are_one_line_each(project: Path) -> None:
    result = build(project, "--docs", "notes", "--site", "elsewhere")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"build_facts: --site elsewhere is a symbolic link (to {project.parent / 'outside'}); a build replaces the "
        "folder it is given. Fix: remove the link, or give the real folder"
    ]
    result = build(project, "--docs", "notes", "--site", "../outside")
    assert result.stderr.splitlines() == [
        f"build_facts: --docs notes holds files that no build wrote (such as notes/plan.md), {STRANGER}",
        f"build_facts: --site ../outside holds files that no build wrote (such as ../outside/keep.txt), {STRANGER}",
    ]


def test_check_writes_nothing_so_it_refuses_nothing(project: Path) -> None:
    result = build(project, "--check", "--docs", ".")
    assert result.returncode == 0, result.stderr


@pytest.mark.slow  # real MkDocs builds, as processes
def test_builds_are_stamped_and_replaced_again_keeping_an_editors_files_in_docs(project: Path) -> None:
    first = build(project, "--site", "site")
    assert first.returncode == 0, first.stderr
    assert (project / "docs" / STAMP).is_file() and (project / "site" / STAMP).is_file()
    (project / "docs" / "images").mkdir()
    (project / "docs" / "images" / "photo.png").write_bytes(b"\x89PNG editor's picture")
    again = build(project, "--site", "site")
    assert again.returncode == 0, again.stderr
    assert (project / "docs" / "images" / "photo.png").read_bytes() == b"\x89PNG editor's picture"
    assert (project / "site" / "index.html").is_file()


@pytest.mark.slow  # real MkDocs builds, as processes
def test_docs_and_site_built_before_stamps_are_still_accepted_and_then_stamped(project: Path) -> None:
    assert build(project, "--site", "site").returncode == 0
    (project / "docs" / STAMP).unlink()
    (project / "site" / STAMP).unlink()
    (project / "docs" / "photo.png").write_bytes(b"\x89PNG editor's picture")  # kept by every build
    result = build(project, "--site", "site")
    assert result.returncode == 0, result.stderr
    assert (project / "docs" / STAMP).is_file() and (project / "site" / STAMP).is_file()
    assert (project / "docs" / "photo.png").is_file()


def test_unstamped_docs_with_a_page_we_did_not_write_is_refused(project: Path) -> None:
    assert build(project).returncode == 0
    (project / "docs" / STAMP).unlink()
    (project / "docs" / "my-draft.md").write_text("# A draft\n", encoding="utf-8")
    before = everything(project)
    result = build(project, "--site", "site")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"build_facts: --docs docs holds files that no build wrote (such as docs/my-draft.md), {STRANGER}"
    ]
    assert everything(project) == before


@pytest.mark.slow  # a real MkDocs build, as a process
def test_an_empty_folder_is_accepted(project: Path) -> None:
    (project / "out").mkdir()
    (project / "pages").mkdir()
    result = build(project, "--docs", "pages", "--site", "out")
    assert result.returncode == 0, result.stderr
    assert (project / "out" / "index.html").is_file() and (project / "pages" / "index.md").is_file()


@pytest.mark.slow  # concurrent build processes with MkDocs
def test_builds_started_together_take_turns_and_give_the_same_site_as_one_build(project: Path) -> None:
    reference = build(project, "--docs", "ref-docs", "--site", "ref-site")
    assert reference.returncode == 0, reference.stderr
    expected_docs, expected_site = files(project / "ref-docs"), files(project / "ref-site")
    waiting = "build_facts: waiting for another build (process {}) to finish writing {}."
    for _ in range(3):
        builds = [start(project, "--docs", "docs", "--site", "site") for _ in range(3)]
        pids = {str(b.pid) for b in builds}
        for process in builds:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert out.endswith("Built the site into site.\n")
            for line in err.splitlines():  # at most one line: that it waited for one of the others
                assert line in {waiting.format(pid, folder) for pid in pids for folder in ("docs", "site")}, line
        assert files(project / "site") == expected_site
        assert files(project / "docs") == expected_docs
        assert sorted(p.name for p in project.iterdir() if p.name.startswith((".docs", ".site"))) == []


@pytest.mark.slow  # waits for a lock held by another process
def test_a_build_waits_for_the_lock_then_gives_up_with_one_line(project: Path) -> None:
    assert build(project, "--site", "site").returncode == 0
    before = everything(project)
    with one_build_at_a_time(project / "docs"):  # another build, as far as build_facts.py can tell
        result = build_process(project, "--site", "site", env={LOCK_TIMEOUT_ENV: "1"})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"build_facts: waiting for another build (process {os.getpid()}) to finish writing docs.",
        f"build_facts: another build (process {os.getpid()}) has been writing docs for more than 1 s, so this one "
        "changed nothing. Fix: wait for it to finish, or stop it, then build again",
    ]
    assert everything(project) == before


@pytest.mark.slow  # build processes killed and kept running
def test_leftovers_of_dead_builds_are_cleaned_and_those_of_running_builds_kept(project: Path) -> None:
    assert build(project, "--site", "site").returncode == 0
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        names = {
            "dead-docs": f".docs.new-{dead.pid}-abc123",
            "dead-site": f".site.new-{dead.pid}-def456",
            "unnamed": ".site.new-k2j4h5f6",  # staging folders were not named after their process before
            "live-docs": f".docs.new-{running.pid}-ghi789",
            "live-site": f".site.new-{running.pid}-jkl012",
        }
        for name in names.values():
            (project / name / "site").mkdir(parents=True)
            (project / name / "site" / "index.html").write_text("half-built\n", encoding="utf-8")
        result = build(project, "--site", "site")
        assert result.returncode == 0, result.stderr
        left = sorted(p.name for p in project.iterdir() if p.name.startswith((".docs", ".site")))
        assert left == sorted([names["live-docs"], names["live-site"]])
        assert (project / names["live-site"] / "site" / "index.html").read_text(encoding="utf-8") == "half-built\n"
    finally:
        running.kill()
        running.wait()


@pytest.mark.slow  # real MkDocs builds
def test_a_file_taken_out_of_templates_assets_leaves_docs_and_site_but_an_editors_file_stays(project: Path) -> None:
    old = project / "templates" / "assets" / "old-picture.svg"
    old.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n', encoding="utf-8")
    assert build(project, "--site", "site").returncode == 0
    (project / "docs" / "photo.png").write_bytes(b"\x89PNG editor's picture")
    assert (project / "docs" / "assets" / "old-picture.svg").is_file()
    assert (project / "site" / "assets" / "old-picture.svg").is_file()

    old.unlink()
    result = build(project, "--site", "site")
    assert result.returncode == 0, result.stderr
    assert not (project / "docs" / "assets" / "old-picture.svg").exists()
    assert not (project / "site" / "assets" / "old-picture.svg").exists()
    assert (project / "docs" / "photo.png").read_bytes() == b"\x89PNG editor's picture"
    assert (project / "site" / "photo.png").is_file()
    assert build(project, "--site", "site").returncode == 0  # and the next build keeps it too
    assert (project / "docs" / "photo.png").is_file()
