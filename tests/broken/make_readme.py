#!/usr/bin/env python3
"""Write tests/broken/README.md from the corpus in tests/broken/cases/ (`make broken-readme`).

The table is generated, so it cannot drift from the cases: tests/test_errors.py fails when
the committed README differs from what this prints. `--check` exits 1 if it is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
COMMAND = "make broken-readme"

INTRO = """\
# What an editor sees for each mistake

Generated from `cases/*.json` by `make_readme.py`: do not edit by hand. After adding or changing
a case, run `make broken-readme` and commit the result (`make test` fails while it is out of date).

Each file in `cases/` makes one mistake in the small valid site in `base/` (`facts.json` and two
templates) and lists, word for word, what `build_facts.py` prints. `tests/test_errors.py` runs every
case through the command line's `main(argv)` and fails if one word differs or if the exit code
differs; two cases also run as a separate process, to show no traceback reaches the editor. Every
failed case also ends with the line `N problem(s) found; docs/ was not changed.` (with `--site`:
`docs/ and site/ were not changed`), and `docs/` and `site/` are left as they were.

Exit codes: `0` built (warnings may be printed), `1` the content is invalid, `2` wrong usage
(an unknown option, a `--today` that is not a date, a templates folder that does not exist, an
output folder the build may not replace: see below), `3` an internal error (a bug in the
generator, with a traceback to send us; `tests/test_model.py`).

To add a case: copy a file in `cases/`, change `about` and the change it makes (`edits` to
`facts.json` by JSON path, `text` or `hex` for the whole file, `templates` to insert a line, append
bytes or delete a template, `args` for extra options), run the test, check the message it prints is
one an editor can act on, paste it into `expect`, and run `make broken-readme` to update this table.

Made at test time instead of committed (see `tests/test_errors.py`): a 50 MB file, JSON nested
200,000 levels deep, a 1,000,000-character statement, a folder given as the facts file, a missing
facts file, an unreadable facts file, a missing templates folder (exit 2) and a badly written
`--today` (exit 2). `tests/test_atomic.py` covers failed and killed builds; `tests/test_properties.py`
generates edits.

Output folders (`tests/test_output_safety.py`): `--docs` and `--site` are replaced as a whole, so a
build refuses (exit 2, before any work, nothing changed) a folder it did not write. Each line is
exact; `X` is the folder as given:

| mistake | what the editor sees |
| --- | --- |
| the project folder | `build_facts: --site . is the project folder itself. Fix: build into a folder of its own, such as --site site` |
| a folder above it | `build_facts: --site .. holds the project folder (/path/to/project). Fix: build into a folder of its own, such as --site site` |
| the templates folder, or inside it | `build_facts: --docs templates is the templates folder. Fix: ...` / `... is inside the templates folder. Fix: ...` |
| someone's folder (`notes/`) | `build_facts: --site notes holds files that no build wrote (such as notes/plan.md), and a build replaces the whole folder. Fix: give a new or empty folder, or move those files out` |
| a symbolic link | `build_facts: --site X is a symbolic link (to /elsewhere); a build replaces the folder it is given. Fix: remove the link, or give the real folder` |
| a file | `build_facts: --docs docs.txt is a file, not a folder. Fix: give a folder, or move the file away` |
| `--docs out --site out` | `build_facts: --docs out and --site out are the same folder. Fix: give each its own folder, neither inside the other, such as --docs docs --site site` (`is inside` when one holds the other) |
| another build is running | `build_facts: waiting for another build (process N) to finish writing docs.`, then it builds; after `FACTSITE_LOCK_TIMEOUT` seconds (600): `build_facts: another build (process N) has been writing docs for more than 600 s, so this one changed nothing. Fix: wait for it to finish, or stop it, then build again` (exit 1) |

| case | the mistake | exit | what the editor sees |
| --- | --- | --- | --- |
"""


def _cell(line: str) -> str:
    return "`" + line.replace("|", "\\|") + "`"


def row(name: str, case: dict) -> str:
    about = case["about"]
    if case.get("args"):
        about += " (" + " ".join(f"`{arg}`" for arg in case["args"]) + ")"
    # A failed case's last line is the count of problems, the same for every case: leave it out.
    lines = case["expect"][:-1] if case["exit"] != 0 else case["expect"]
    return f"| `{name}` | {about} | {case['exit']} | {'<br>'.join(map(_cell, lines))} |"


def render(cases_dir: Path = HERE / "cases") -> str:
    rows = [row(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(cases_dir.glob("*.json"))]
    return INTRO + "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if argv == ["--check"]:
        if README.read_text(encoding="utf-8") != text:
            print(f"{README} is out of date: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if argv:
        print("usage: make_readme.py [--check]", file=sys.stderr)
        return 2
    README.write_text(text, encoding="utf-8")
    print(f"Wrote {README} ({text.count(chr(10) + '| `')} cases).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
