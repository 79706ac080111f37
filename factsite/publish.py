"""make diff and make publish: compare what readers would be shown with published.json, and record it.

published.json is written only by a publishing build whose site was built; it is committed with
the change, so the next `make diff` (on any machine) compares with what was really published.
"""

from __future__ import annotations

from pathlib import Path

from factsite import diff, manifest
from factsite.build import Compiled
from factsite.problems import BuildFailed, Problem


def print_diff(compiled: Compiled, published: Path) -> int:
    """Print the changes readers would see; 0 if none, 1 if some."""
    assert compiled.manifest is not None
    text, changed = diff.report(manifest.load(published), compiled.manifest)
    print(text, end="")
    return 1 if changed else 0


def refuse_undated(compiled: Compiled, published: Path) -> None:
    """Refuse to publish changed sections without a new changelog entry: their date would be an old one."""
    assert compiled.manifest is not None
    previous = manifest.load(published)
    if previous is None or diff.new_changelog_entries(previous, compiled.manifest):
        return
    if diff.content_changed(previous, compiled.manifest):
        raise BuildFailed(
            [
                Problem(
                    compiled.facts.file,
                    "changelog",
                    "readers would see changed sections (make diff lists them), but there is no changelog entry "
                    "since the last publish, so they would show an old date",
                    'add an entry: the date, what changed and why ("major": true if readers should hear of it)',
                )
            ]
        )


def record(compiled: Compiled, published: Path) -> None:
    """Write what the published site shows; call only once the site was built."""
    assert compiled.manifest is not None
    manifest.save(compiled.manifest, published)
