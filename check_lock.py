#!/usr/bin/env python3
"""Check that the running Python environment holds exactly what the lock files pin.

    python check_lock.py requirements.txt              every pin installed, at its version
    python check_lock.py --exact requirements-dev.txt  ... and nothing installed that is not pinned

Also runs `pip check` (every installed package's own requirements are met).
Exit 0 if the install matches the lock, 1 with one line per difference otherwise.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

# Installed by venv itself, not by our requirements.
TOOLING = {"pip", "setuptools", "wheel"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*(?:#.*)?$")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path, problems: list[str]) -> dict[str, str]:
    """name -> version from `name==version` lines, following `-r other.txt`."""
    pins: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            pins |= read_pins(path.parent / line[3:].strip(), problems)
            continue
        match = PIN.match(line)
        if match is None:
            problems.append(f"{path.name}: line {number}: '{line}' is not pinned as name==version")
            continue
        pins[normalize(match.group(1))] = match.group(2)
    return pins


def installed() -> dict[str, str]:
    return {normalize(d.metadata["Name"]): d.version for d in metadata.distributions() if d.metadata["Name"]}


def differences(pins: dict[str, str], present: dict[str, str], exact: bool) -> list[str]:
    problems = []
    for name, version in sorted(pins.items()):
        if name not in present:
            problems.append(f"{name}: pinned at {version} but not installed")
        elif present[name] != version:
            problems.append(f"{name}: pinned at {version} but {present[name]} is installed")
    if exact:
        for name in sorted(set(present) - set(pins) - TOOLING):
            problems.append(f"{name}: installed ({present[name]}) but not in the lock files")
    return problems


def pip_check() -> list[str]:
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True, check=False)
    return [] if result.returncode == 0 else [f"pip check: {line}" for line in result.stdout.splitlines() if line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lock", type=Path, help="requirements file with name==version pins")
    parser.add_argument("--exact", action="store_true", help="also fail on installed packages the lock lacks")
    args = parser.parse_args(argv)
    problems: list[str] = []
    pins = read_pins(args.lock, problems)
    problems += differences(pins, installed(), args.exact) + pip_check()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"The install does not match {args.lock.name}. Fix: rm -rf .venv and run make again.", file=sys.stderr)
        return 1
    print(f"The install matches {args.lock.name}: {len(pins)} pinned packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
