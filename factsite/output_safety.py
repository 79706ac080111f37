"""Where a build may write, and one build at a time.

A build replaces its docs/ and site/ folders as a whole, so a wrong --docs or --site would
delete whatever the folder held. Before any work, `check_outputs` refuses a folder that is a
symbolic link or a file, the project folder, a folder holding the build's own inputs, and a
non-empty folder that is not an earlier build of ours. Each build marks its output with a
small stamp file; docs/ and site/ built before stamps existed are recognised by their
contents (site/: sitemap.xml and search/search_index.json; docs/: Markdown pages that all
carry the schema.org block every page we write ends with) and stamped by the next build.

`one_build_at_a_time` holds an exclusive lock (flock) on a lock file beside each output
folder while a build replaces it, so builds started together take turns instead of deleting
each other's half-built trees. Standard library only: it runs before the slow imports.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

STAMP = ".factsite-build"  # MkDocs skips dot files, so the stamp never becomes a page
# The stamp's first line. In docs/, each file the build wrote follows, one per line (factsite/write.py).
STAMP_TEXT = {
    "docs": "docs: written by build_facts.py, which replaces this folder on every build. Keep nothing else here.\n",
    "site": "site: written by build_facts.py, which replaces this folder on every build. Keep nothing else here.\n",
}
FINGERPRINT = ".factsite-fingerprint.json"
PAGE_MARK = b'"@type":"MedicalWebPage"'  # the schema.org block at the end of every page we render
LOCK_TIMEOUT_ENV = "FACTSITE_LOCK_TIMEOUT"  # seconds a build waits for another one; default below
LOCK_TIMEOUT = 600.0


class OutputBusy(Exception):
    """Another build kept an output folder locked for longer than we wait."""


def check_outputs(
    *, project: Path, facts: Path, templates: Path, config: Path, docs: Path, site: Path | None
) -> list[str]:
    """One line per problem with the output folders; empty if the build may replace them."""
    inputs = [("the facts file", facts), ("the templates folder", templates)]
    if site is not None:
        inputs.append(("the MkDocs config", config))
    problems = [_placement("--docs", "docs", docs, project, inputs, templates)]
    if site is not None:
        problems.append(_placement("--site", "site", site, project, inputs, templates) or _overlap(docs, site))
    if any(problems):
        return [problem for problem in problems if problem]
    problems = [_stranger("--docs", "docs", docs)]
    if site is not None:
        problems.append(_stranger("--site", "site", site))
    return [problem for problem in problems if problem]


def stamp(folder: Path, kind: str) -> None:
    """Mark `folder` as an output of ours, so a later build may replace it."""
    (folder / STAMP).write_text(STAMP_TEXT[kind], encoding="utf-8")


@contextmanager
def one_build_at_a_time(*folders: Path | None, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of each output folder (in a fixed order, so two builds never wait for each other)."""
    if timeout is None:
        timeout = float(os.environ.get(LOCK_TIMEOUT_ENV) or LOCK_TIMEOUT)
    with ExitStack() as stack:
        for folder in sorted({f.resolve() for f in folders if f is not None}):
            stack.enter_context(_locked(folder, timeout))
        yield


def _overlap(docs: Path, site: Path) -> str:
    d, s = docs.resolve(), site.resolve()
    fix = "Fix: give each its own folder, neither inside the other, such as --docs docs --site site"
    if d == s:
        return f"build_facts: --docs {_shown(docs)} and --site {_shown(site)} are the same folder. {fix}"
    if d in s.parents:
        return f"build_facts: --site {_shown(site)} is inside --docs {_shown(docs)}. {fix}"
    if s in d.parents:
        return f"build_facts: --docs {_shown(docs)} is inside --site {_shown(site)}. {fix}"
    return ""


def _placement(
    option: str, kind: str, given: Path, project: Path, inputs: list[tuple[str, Path]], templates: Path
) -> str:
    """Whether `given` may be an output folder at all, whatever it holds."""
    shown = f"{option} {_shown(given)}"
    fix = f"Fix: build into a folder of its own, such as {option} {kind}"
    if given.is_symlink():
        return (
            f"build_facts: {shown} is a symbolic link (to {os.readlink(given)}); a build replaces the folder it is "
            f"given. Fix: remove the link, or give the real folder"
        )
    if given.exists() and not given.is_dir():
        return f"build_facts: {shown} is a file, not a folder. Fix: give a folder, or move the file away"
    target = given.resolve()
    project = project.resolve()
    if target == project:
        return f"build_facts: {shown} is the project folder itself. {fix}"
    if target in project.parents:
        return f"build_facts: {shown} holds the project folder ({project}). {fix}"
    for name, path in inputs:
        path = path.resolve()
        if target == path:
            return f"build_facts: {shown} is {name}. {fix}"
        if target in path.parents:
            return f"build_facts: {shown} holds {name} ({_shown(path)}). {fix}"
    if templates.resolve() in target.parents:
        return f"build_facts: {shown} is inside the templates folder. {fix}"
    return ""


def _stranger(option: str, kind: str, given: Path) -> str:
    """A problem if `given` holds files that no build of ours wrote."""
    stranger = _not_ours(given, kind)
    if not stranger:
        return ""
    return (
        f"build_facts: {option} {_shown(given)} holds files that no build wrote (such as "
        f"{_shown(given / stranger)}), and a build replaces the whole folder. Fix: give a new or empty folder, "
        f"or move those files out"
    )


def _not_ours(folder: Path, kind: str) -> str:
    """'' if `folder` is missing, empty, or an earlier build of ours; else a file that shows it is not."""
    try:
        entries = sorted(p.name for p in folder.iterdir())
    except FileNotFoundError:
        return ""
    if not entries:
        return ""
    try:
        if (folder / STAMP).read_text(encoding="utf-8").startswith(STAMP_TEXT[kind]):  # docs/: then its files
            return ""
    except (OSError, UnicodeDecodeError):
        pass
    if kind == "site":  # a site built before stamps existed: MkDocs' sitemap and search index
        if (folder / "sitemap.xml").is_file() and (folder / "search" / "search_index.json").is_file():
            return ""
        return entries[0]
    # docs/ built before stamps existed: every Markdown page is one we rendered. Other files an
    # editor added are kept by every build, so they do not make it a stranger's folder.
    pages = 0
    for page in folder.rglob("*.md"):  # stops at the first stranger: --docs ~ need not read a whole home
        try:
            ours = page.is_file() and PAGE_MARK in page.read_bytes()
        except OSError:
            ours = False
        if not ours:
            return page.relative_to(folder).as_posix()
        pages += 1
    return "" if pages else entries[0]


def _shown(path: Path) -> str:
    """The path as an editor would type it: relative to the current folder when inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd())) or "."
    except ValueError:
        return str(path)


@contextmanager
def _locked(folder: Path, timeout: float) -> Iterator[None]:
    """An exclusive lock on `.NAME.lock` beside `folder`, removed again when the build is done."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    lock = folder.parent / f".{folder.name}.lock"
    deadline = time.monotonic() + timeout
    told = False
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            holder = _holder(lock)
            if time.monotonic() >= deadline:
                raise OutputBusy(
                    f"build_facts: another build{holder} has been writing {_shown(folder)} for more than "
                    f"{timeout:g} s, so this one changed nothing. Fix: wait for it to finish, or stop it, "
                    f"then build again"
                ) from None
            if not told:
                message = f"build_facts: waiting for another build{holder} to finish writing {_shown(folder)}."
                print(message, file=sys.stderr, flush=True)
                told = True
            time.sleep(0.05)
            continue
        # The build before us removes the lock file before it lets go: if the file we locked is no
        # longer the one at that path, a third build may already hold the new one. Try again.
        try:
            current = os.stat(lock)
            mine = os.fstat(fd)
            same = (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino)
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        with suppress(OSError):
            os.unlink(lock)
        os.close(fd)


def _holder(lock: Path) -> str:
    try:
        pid = int(lock.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return ""
    return f" (process {pid})"
