"""Step 4: replace docs/ (or site/) as a whole, in one step, keeping unchanged files as they were.

The new tree is built beside the old one, then the two are swapped with a single
rename, so a reader, a live preview or a killed build only ever sees the old tree
or the new one, complete. A file whose bytes did not change is hard-linked from
the old tree, so it keeps its modification time and a live preview reloads only
the pages that changed. Leftovers of a killed build are cleaned up by the next one:
each staging folder is named after the process that made it (`.docs.new-<pid>-*`), and
only those of processes that are no longer running are removed. The new tree carries the
stamp that marks it as ours (factsite/output_safety.py).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from factsite.output_safety import STAMP, STAMP_TEXT

# Test hook: seconds to wait after each file is staged, so a test can kill the build mid-way.
SLOW_ENV = "FACTSITE_TEST_SLOW_WRITE"


@dataclass(frozen=True)
class WriteReport:
    written: list[str]
    unchanged: list[str]
    removed: list[str]


def write_pages(pages: dict[str, str | bytes], docs_dir: Path) -> WriteReport:
    """Make docs_dir hold exactly `pages` (plus non-Markdown files an editor added), atomically."""
    with staged_pages(pages, docs_dir) as (staging, report):
        replace_tree(staging, docs_dir.resolve())
    return report


@contextmanager
def staged_pages(pages: dict[str, str | bytes], docs_dir: Path) -> Iterator[tuple[Path, WriteReport]]:
    """The new docs tree, complete, beside docs_dir; the caller swaps it in. Removed if it is not."""
    docs_dir = docs_dir.resolve()
    clean_leftovers(docs_dir)
    old = _files(docs_dir)
    ours_before = _written_before(docs_dir)
    staging = new_staging(docs_dir)
    written, unchanged = [], []
    try:
        for relative, text in sorted(pages.items()):
            data = text.encode("utf-8") if isinstance(text, str) else text
            if relative in old and (docs_dir / relative).read_bytes() == data:
                _link_or_copy(docs_dir / relative, staging / relative)
                unchanged.append(relative)
            else:
                _write(staging / relative, data)
                written.append(relative)
            _test_pause()
        for relative in old:
            # Other files an editor added are kept, but not in ja/: the Japanese edition is all generated.
            # A file the last build wrote is not an editor's: gone from templates/assets, it goes from docs/.
            if (
                relative not in pages
                and relative not in ours_before
                and not relative.endswith(".md")
                and relative != STAMP
                and not relative.startswith("ja/")
            ):
                _link_or_copy(docs_dir / relative, staging / relative)
        listed = "".join(f"{relative}\n" for relative in sorted(pages))
        _write(staging / STAMP, (STAMP_TEXT["docs"] + listed).encode("utf-8"))
        keep_unchanged(staging, docs_dir, [STAMP])
        removed = sorted(r for r in old if r not in pages and r.endswith(".md"))
        yield staging, WriteReport(written, unchanged, removed)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def _written_before(docs_dir: Path) -> set[str]:
    """The files the last build wrote, listed in its stamp after the first line (none in an older stamp)."""
    try:
        text = (docs_dir / STAMP).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    return set(text.removeprefix(STAMP_TEXT["docs"]).splitlines()) if text.startswith(STAMP_TEXT["docs"]) else set()


def keep_unchanged(new: Path, old: Path, only: list[str] | None = None) -> int:
    """Hard-link into `new` each file whose bytes equal the one in `old`, so it keeps its modification time."""
    kept = 0
    for relative in _files(new) if only is None else only:
        before, after = old / relative, new / relative
        if (
            before.is_file()
            and before.stat().st_size == after.stat().st_size
            and before.read_bytes() == after.read_bytes()
        ):
            after.unlink()
            _link_or_copy(before, after)
            kept += 1
    return kept


def replace_tree(new: Path, target: Path) -> None:
    """Put the finished tree `new` at `target` in one step; the old tree is removed."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)  # `new` now holds the old tree
        return
    # No atomic exchange (not Linux): two renames; clean_leftovers repairs a kill between them.
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old)


def new_staging(target: Path) -> Path:
    """An empty folder beside `target` for the new tree, named after this process."""
    return Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-{os.getpid()}-"))


def clean_leftovers(target: Path) -> None:
    """Remove half-built trees of killed builds; restore the old tree if a kill fell between two renames.

    A tree whose build is still running is left alone: the caller holds the output's lock
    (output_safety.one_build_at_a_time), and the process named in the tree's name is checked too.
    """
    parent = target.parent
    if not parent.is_dir():
        parent.mkdir(parents=True)
        return
    olds = sorted(p for p in parent.glob(f".{target.name}.old-*") if not _running(p, target, "old"))
    if olds and not target.exists():
        olds.pop().rename(target)
    news = [p for p in parent.glob(f".{target.name}.new-*") if not _running(p, target, "new")]
    for leftover in [*olds, *news]:
        shutil.rmtree(leftover, ignore_errors=True)


def _running(leftover: Path, target: Path, kind: str) -> bool:
    """Whether the build that made `leftover` (.NAME.new-<pid>-*, .NAME.old-<pid>) is still running."""
    pid = leftover.name.removeprefix(f".{target.name}.{kind}-").split("-")[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False  # a tree from before names held the process id, or one of ours: not running
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, but belongs to someone else
    return True


def _files(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _link_or_copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)  # keeps the modification time too


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _test_pause() -> None:
    delay = os.environ.get(SLOW_ENV)
    if delay:
        time.sleep(float(delay))


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2). False if the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
