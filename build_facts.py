#!/usr/bin/env python3
"""Validate facts.json and compile it, through templates/, into Markdown pages in docs/.

Exit codes: 0 built, 1 the content is invalid (nothing written), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from factsite import fingerprint  # standard library only: decides before the slow imports

HERE = Path(__file__).resolve().parent


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=Path, default=HERE / "facts.json", help="the facts file (default: facts.json)")
    parser.add_argument("--templates", type=Path, default=HERE / "templates", help="the templates folder")
    parser.add_argument("--docs", type=Path, default=HERE / "docs", help="where to write the Markdown pages")
    parser.add_argument("--check", action="store_true", help="only validate and render in memory; write nothing")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if not args.templates.is_dir():
        print(f"build_facts: templates folder not found: {args.templates}", file=sys.stderr)
        return 2
    inputs = "" if args.check else fingerprint.inputs_digest(args.facts, args.templates)
    built = fingerprint.unchanged(inputs, args.docs) if inputs else None
    if built is not None:
        print(f"Built {built} files into {args.docs}: 0 written, {built} unchanged, 0 removed (no input changed).")
        return 0
    from factsite.build import build, compile_facts
    from factsite.problems import BuildFailed

    try:
        if args.check:
            _, pages = compile_facts(args.facts, args.templates)
            count = sum(name.endswith(".md") for name in pages)
            print(f"{args.facts.name} is valid: {count} pages render.")
            return 0
        report = build(args.facts, args.templates, args.docs)
    except BuildFailed as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        print(f"{len(failure.problems)} problem(s) found; docs/ was not changed.", file=sys.stderr)
        return 1
    fingerprint.record(inputs, args.docs, len(report.written) + len(report.unchanged))
    print(
        f"Built {len(report.written) + len(report.unchanged)} files into {args.docs}: "
        f"{len(report.written)} written, {len(report.unchanged)} unchanged, {len(report.removed)} removed."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
