"""MkDocs hook: while `mkdocs serve` runs, recompile docs/ from facts.json before each rebuild.

mkdocs.yml lists facts.json and templates/ under `watch:`, so saving either starts a
rebuild, and this hook runs the compile step first: the browser shows a changed fact
without a second command. A broken edit prints its one-line problems here, and since
the compile step then writes nothing, the preview keeps showing the last good build.

MkDocs also watches docs/, so the pages this hook writes asked for a second, useless
rebuild of the whole site after every edit (the same pages again), which doubled the work
of each edit and made a save soon after wait for it. When a rebuild ends and nothing but
our own writing changed since it began, that request is dropped (see `on_post_build`).

`mkdocs build` (make site) compiles first through the Makefile, so the hook only acts
when serving. Zensical ignores `hooks:`; it builds the docs/ that make produced.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

_serving = False
_server: Any = None  # mkdocs' LiveReloadServer, while serving
# Each watched file's (inode, modification time, size): before the compile, and docs/ after it.
_inputs_before: dict[str, tuple[int, int, int]] | None = None
_docs_written: dict[str, tuple[int, int, int]] | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    global _server
    _server = server
    return server


def on_pre_build(config: Any) -> None:
    global _inputs_before, _docs_written
    if not _serving:
        return
    _inputs_before, _docs_written = _state(_watched_inputs(config)), None
    root = Path(config.config_file_path).resolve().parent
    # A separate process, so an edit to the compiler's own code is picked up too.
    result = subprocess.run(
        [sys.executable, str(root / "build_facts.py"), "--docs", str(config.docs_dir)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        if " 0 written" not in result.stdout:
            sys.stderr.write(f"facts: {result.stdout.strip()}\n")
            _docs_written = _state([config.docs_dir])
        return
    sys.stderr.write(result.stderr)
    sys.stderr.write("facts: the preview still shows the last good build; fix the problem above and save again.\n")


def on_post_build(config: Any) -> None:
    """Drop the rebuild that only our own pages in docs/ asked for.

    Dropped only when every watched file other than docs/ is as it was before the compile, and
    docs/ is as the compile left it: an edit saved meanwhile still gets its rebuild. If MkDocs'
    watcher notices our pages only after this point (it looks every half second), the second
    rebuild happens as before. Uses MkDocs 1.6's server internals; without them, nothing is dropped.
    """
    global _docs_written
    written, _docs_written = _docs_written, None
    condition, pending = getattr(_server, "_rebuild_cond", None), getattr(_server, "_want_rebuild", None)
    if written is None or condition is None or not isinstance(pending, bool):
        return
    if _state(_watched_inputs(config)) != _inputs_before or _state([config.docs_dir]) != written:
        return
    with condition:
        _server._want_rebuild = False


def _watched_inputs(config: Any) -> list[str]:
    """What the server watches, but docs/: the config, `watch:` (facts.json, templates/) and so on."""
    docs = os.path.abspath(config.docs_dir)
    return [path for path in getattr(_server, "_watched_paths", {}) if os.path.abspath(path) != docs]


def _state(paths: list[str]) -> dict[str, tuple[int, int, int]]:
    found: dict[str, tuple[int, int, int]] = {}
    for top in paths:
        for folder, _, names in os.walk(top) if os.path.isdir(top) else [(os.path.dirname(top), [], [top])]:
            for name in names:
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                found[path] = (info.st_ino, info.st_mtime_ns, info.st_size)
    return found
