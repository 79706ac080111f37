"""MkDocs hook: keep Material's page templates compiled between builds (Jinja2's bytecode cache).

MkDocs makes a new Jinja2 environment for every build, so every build turned Material's 27
templates into Python code again: about 0.4 s of a build, and again on every save while
`make serve` runs. Jinja2's own file cache keeps the code in a folder of the system's temporary
folder that only this user may use (it checks the owner and the permissions), and compiles a
template again when its text changed (it compares a checksum). The MkDocs and Jinja2 versions
are in the cache files' names, so an upgrade never reads old code. A folder that cannot be
written means no cache, never a failed build. factsite/render.py does the same for our templates.

Zensical ignores `hooks:`; it does not use Jinja2 for its pages.
"""

from __future__ import annotations

import os
from typing import Any

import jinja2
import mkdocs


def on_env(env: jinja2.Environment, **kwargs: Any) -> jinja2.Environment:
    versions = f"mkdocs-{mkdocs.__version__}_jinja2-{jinja2.__version__}"
    try:
        cache = jinja2.FileSystemBytecodeCache(pattern=f"__factsite_theme_{versions}_%s.cache")
    except (OSError, RuntimeError):  # no temporary folder that only this user can use
        return env
    if os.access(cache.directory, os.W_OK):
        env.bytecode_cache = cache
    return env
