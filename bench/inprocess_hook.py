"""Benchmark only: the compile step run inside `mkdocs build` (a plan for `make site`, measured).

As a separate process the compile step pays Python start-up and its imports before any
work; inside MkDocs it shares the interpreter and the Jinja2 import MkDocs pays anyway.
bench/run.py builds with this hook side by side with plain `mkdocs build`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def on_pre_build(config: Any) -> None:
    sys.path.insert(0, str(ROOT))
    from factsite.build import build, compile_facts

    build(compile_facts(ROOT / "facts.json", ROOT / "templates", dt.date.today()), Path(config.docs_dir))
