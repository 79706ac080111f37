"""Theme overrides cannot drift silently from the installed Material for MkDocs.

overrides/main.html is Material's extension point (it extends base.html and copies nothing).
Any other file in overrides/ that shadows a file of Material's would be a copy, which misses
whatever Material changes in it later. The site's changes to Material's output are made by hooks
instead (hooks/csp_hashes.py, hooks/search_dialog_name.py). If a copy ever must stay, list it in
INTENDED with the exact lines it changes: the test then fails, with the full diff, whenever the
copy and the installed Material's file differ in anything else (as after a Material upgrade).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import material
from support import ROOT

OVERRIDES = ROOT / "overrides"
MATERIAL = Path(material.__file__).parent / "templates"
# Copies allowed on purpose: path under overrides/ -> the diff lines ("-old", "+new") it is meant to make.
INTENDED: dict[str, set[str]] = {}
# Templates that, like Material's own, extend main.html and fill one block: extensions, not copies.
EXTENSIONS = {"404.html": "content"}


def test_overrides_copy_nothing_from_material_beyond_the_intended_change() -> None:
    problems = []
    for path in sorted(p for p in OVERRIDES.rglob("*") if p.is_file()):
        relative = path.relative_to(OVERRIDES).as_posix()
        original = MATERIAL / relative
        if relative == "main.html" or not original.is_file() or _extends(path, EXTENSIONS.get(relative)):
            continue
        diff = list(
            difflib.unified_diff(
                original.read_text(encoding="utf-8").splitlines(),
                path.read_text(encoding="utf-8").splitlines(),
                f"material/templates/{relative} (installed)",
                f"overrides/{relative}",
                lineterm="",
            )
        )
        changed = {line for line in diff[2:] if line[:1] in "+-"}
        if relative not in INTENDED or changed != INTENDED[relative]:
            problems.append("\n".join(diff) or f"overrides/{relative} is an unchanged copy of Material's file")
    assert not problems, "copies of Material's templates that differ beyond the intended change:\n\n" + "\n\n".join(
        problems
    )


def test_main_html_extends_material_rather_than_copying_it() -> None:
    text = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    assert '{% extends "base.html" %}' in text
    assert "{{ super() }}" in text  # Material's own <head> content follows the policy


def _extends(path: Path, block: str | None) -> bool:
    """Whether the file extends main.html and defines only `block`: it then copies none of Material's markup."""
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(r"{%-?\s*block\s+(\w+)", text)
    return block is not None and '{% extends "main.html" %}' in text and blocks == [block]


def test_the_404_page_extends_material_and_replaces_only_its_content() -> None:
    assert _extends(OVERRIDES / "404.html", "content")
