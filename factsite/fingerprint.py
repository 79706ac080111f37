"""Skip a rebuild that cannot change anything, before the slow imports.

An editor's preview and `make site` run the compile step after every save. Python
start-up plus importing jsonschema and Jinja2 costs more than the whole no-op
rebuild may take, so this module (standard library only) decides first.

The fingerprint covers every input that can change the output: the facts file,
every file under templates/, the compiler's own code and schema, the Python
version and the installed Jinja2/jsonschema/jsonschema-rs/MarkupSafe. It also records the size
and modification time of every file the build left in docs/, so an edited or
deleted output file forces a rebuild. It is written only after a successful
build: an invalid facts file never matches, so its errors are shown every time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

FILE_NAME = ".factsite-fingerprint.json"  # inside docs/; MkDocs skips dot files
CODE_DIR = Path(__file__).resolve().parent
CODE_FILES = [CODE_DIR.parent / "build_facts.py", CODE_DIR.parent / "facts.schema.json"]
LIBRARIES = ("jinja2", "jsonschema", "jsonschema_rs", "markupsafe")


def inputs_digest(facts_path: Path, templates_dir: Path, options: str = "", others: list[Path] | None = None) -> str:
    """A hash of the content of every input file, of the options, and of the tools that read them.

    `others`: more files the output depends on (the config holding the site's address, published.json).
    """
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    digest.update(options.encode())
    files = [facts_path, *(others or []), *sorted(p for p in templates_dir.rglob("*") if p.is_file())]
    files += sorted(CODE_DIR.rglob("*.py")) + CODE_FILES
    for path in files:
        digest.update(f"\0{path}\0".encode())
        digest.update(path.read_bytes() if path.is_file() else b"\0missing")
    for name in LIBRARIES:
        digest.update(_library_stamp(name).encode())
    return digest.hexdigest()


def _library_stamp(name: str) -> str:
    # The installed version's files, by path, size and time: cheaper than importlib.metadata.
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return f"{name}:missing"
    stat = Path(spec.origin).stat()
    return f"{name}:{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


def output_state(docs_dir: Path) -> dict[str, list[int]]:
    """Every file in docs/ (but the fingerprint) -> [size, modification time]."""
    state = {}
    for path in sorted(docs_dir.rglob("*")):
        if path.is_file() and path.name != FILE_NAME:
            stat = path.stat()
            state[path.relative_to(docs_dir).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return state


def unchanged(inputs: str, docs_dir: Path) -> tuple[int, list[str]] | None:
    """(built files, warnings) if docs/ was built from these inputs and not touched since; else None."""
    try:
        stored = json.loads((docs_dir / FILE_NAME).read_text(encoding="utf-8"))
        if stored["inputs"] != inputs:
            return None
        if stored["outputs"] != output_state(docs_dir):
            return None
        return int(stored["built"]), [str(w) for w in stored["warnings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no usable fingerprint (first build, damaged file, missing input): build


def record(inputs: str, docs_dir: Path, built: int, warnings: list[object]) -> None:
    """Remember the inputs that produced docs/ as it is now. Call only after a successful build.

    `inputs` must be the digest taken before the build read them: an edit saved during
    the build then no longer matches, and the next run builds again.
    """
    data = {
        "inputs": inputs,
        "outputs": output_state(docs_dir),
        "built": built,
        "warnings": [str(w) for w in warnings],  # repeated on a no-op run, as on every build
    }
    (docs_dir / FILE_NAME).write_text(json.dumps(data, indent=1), encoding="utf-8")


def forget(docs_dir: Path) -> None:
    """Drop the fingerprint, so the next run rebuilds."""
    (docs_dir / FILE_NAME).unlink(missing_ok=True)
