"""Step 4: write the rendered pages into docs/, touching only what changed."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WriteReport:
    written: list[str]
    unchanged: list[str]
    removed: list[str]


def write_pages(pages: dict[str, str], docs_dir: Path) -> WriteReport:
    """Make docs_dir hold exactly `pages` (plus non-Markdown files an editor added).

    Each file is replaced in one step (write a temporary file, then rename), so a
    reader or a live preview never sees a half-written page, and a page whose text
    did not change keeps its modification time.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    written, unchanged = [], []
    for relative, text in sorted(pages.items()):
        target = docs_dir / relative
        data = text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(relative)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, data)
        written.append(relative)
    removed = []
    for stale in sorted(docs_dir.rglob("*.md")):
        relative = stale.relative_to(docs_dir).as_posix()
        if relative not in pages:
            stale.unlink()
            removed.append(relative)
    return WriteReport(written, unchanged, removed)


def _replace(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
