"""MkDocs hook: while `mkdocs serve` runs, recompile docs/ from facts.json before each rebuild.

mkdocs.yml lists facts.json and templates/ under `watch:`, so saving either starts a
rebuild, and this hook runs the compile step first: the browser shows a changed fact
without a second command. A broken edit prints its one-line problems here, and since
the compile step then writes nothing, the preview keeps showing the last good build.

`mkdocs build` (make site) compiles first through the Makefile, so the hook only acts
when serving. Zensical ignores `hooks:`; it builds the docs/ that make produced.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config: Any) -> None:
    if not _serving:
        return
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
        return
    sys.stderr.write(result.stderr)
    sys.stderr.write("facts: the preview still shows the last good build; fix the problem above and save again.\n")
