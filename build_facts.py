#!/usr/bin/env python3
"""Validate facts.json and compile it, through templates/, into Markdown pages in docs/.

With --site, also build the HTML site with MkDocs. docs/ and site/ are each replaced in
one step, and only when everything passed: a failed or killed build leaves them as they were.

--diff prints what readers would see change compared with the last publish (published.json)
and writes nothing: exit 0 if nothing would change, 1 if something would (or the input is invalid).
--publish is the publishing build: --strict, the site's address (site_url in mkdocs.yml) must be
set, and once the site is built, published.json records what it shows.

Exit codes: 0 built, 1 the content is invalid (nothing changed), 2 wrong usage,
3 an internal error (a bug in this program, not in your files; nothing changed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from pathlib import Path

from factsite import address, fingerprint, output_safety  # standard library only: decide before the slow imports

HERE = Path(__file__).resolve().parent
TODAY_ENV = "FACTSITE_TODAY"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=Path, default=HERE / "facts.json", help="the facts file (default: facts.json)")
    parser.add_argument("--templates", type=Path, default=HERE / "templates", help="the templates folder")
    parser.add_argument("--docs", type=Path, default=HERE / "docs", help="where to write the Markdown pages")
    parser.add_argument("--check", action="store_true", help="only validate and render in memory; write nothing")
    parser.add_argument(
        "--strict", action="store_true", help="publishing build: facts overdue for checking fail the build"
    )
    parser.add_argument(
        "--today",
        type=_date,
        default=os.environ.get(TODAY_ENV) or dt.date.today().isoformat(),
        help=f"the date to check currency against, YYYY-MM-DD (default: ${TODAY_ENV} or the real date)",
    )
    parser.add_argument("--site", type=Path, help="also build the HTML site into this folder with MkDocs")
    parser.add_argument("--config", type=Path, default=HERE / "mkdocs.yml", help="the MkDocs config for --site")
    parser.add_argument("--diff", action="store_true", help="print what readers would see change; write nothing")
    parser.add_argument(
        "--publish", action="store_true", help="publishing build: --strict, needs site_url, records published.json"
    )
    parser.add_argument(
        "--translations",
        action="store_true",
        help="list the texts whose Japanese version (facts.ja.json) is missing or stale; write nothing",
    )
    parser.add_argument(
        "--published", type=Path, help="what the last publish showed (default: published.json beside the facts file)"
    )
    args = parser.parse_args(argv)
    if args.publish and not args.site:
        parser.error("--publish needs --site DIR: it records what the built site shows")
    args.strict = args.strict or args.publish
    if args.published is None:
        args.published = args.facts.parent / "published.json"
    if isinstance(args.today, str):  # a default from the environment is checked like a typed one
        try:
            args.today = _date(args.today)
        except argparse.ArgumentTypeError as err:
            parser.error(f"{TODAY_ENV}: {err}")
    return args


INTERNAL_ERROR = 3


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except Exception:  # a bug of ours: say so, and give the traceback the editor can send us
        print(
            "build_facts: internal error: this is a bug in the site generator, not a mistake in your files; "
            "docs/ and site/ were not changed. Please send us this message with the lines below.",
            file=sys.stderr,
        )
        traceback.print_exc(file=sys.stderr)
        return INTERNAL_ERROR


def run(args: argparse.Namespace) -> int:
    if not args.templates.is_dir():
        print(f"build_facts: templates folder not found: {args.templates}", file=sys.stderr)
        return 2
    if args.translations:
        return list_translations(args)
    # A folder a build would replace must hold only what a build wrote: refuse before any work.
    folders = {"facts": args.facts, "templates": args.templates, "config": args.config, "docs": args.docs}
    unsafe = [] if args.check else output_safety.check_outputs(project=HERE, site=args.site, **folders)
    if unsafe:
        print("\n".join(unsafe), file=sys.stderr)
        return 2
    # The no-op fast path serves the docs/ step only (a --site build always runs MkDocs). The
    # date and --strict are inputs too: they decide the currency warnings, which every build repeats.
    fast = not (args.check or args.site or args.diff)
    # The address, the section dates, and the Japanese edition's texts and settings.
    others = [*address.config_files(args.config), args.published, args.facts.with_name("facts.ja.json")]
    others.append(args.config.with_name("mkdocs.ja.yml"))
    inputs = (
        fingerprint.inputs_digest(args.facts, args.templates, f"{args.today}|{args.strict}", others) if fast else ""
    )
    stored = fingerprint.unchanged(inputs, args.docs) if inputs else None
    if stored is not None:
        built, warnings = stored
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(f"Built {built} files into {args.docs}: 0 written, {built} unchanged, 0 removed (no input changed).")
        return 0
    from factsite.build import Publishing, SiteTarget, build, compile_facts  # slow imports: only when building
    from factsite.problems import BuildFailed

    try:
        site_address = _address(args)
        publishing = Publishing(site_address, args.published, want_manifest=args.diff or args.publish)
        compiled = compile_facts(args.facts, args.templates, args.today, strict=args.strict, publishing=publishing)
        if site_address is None and args.site:  # the HTML site is what would be published
            compiled.warnings.append(address.missing(args.config))
        for warning in compiled.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if args.check:
            count = sum(name.endswith(".md") and not name.startswith("ja/") for name in compiled.pages)
            japanese = sum(name.endswith(".md") and name.startswith("ja/") for name in compiled.pages)
            print(
                f"{args.facts.name} is valid: {count} pages render"
                + (f", and {japanese} Japanese pages." if japanese else ".")
            )
            return 0
        if args.diff or args.publish:
            from factsite import publish

            if args.diff:
                return publish.print_diff(compiled, args.published)
            publish.refuse_undated(compiled, args.published)
        with output_safety.one_build_at_a_time(args.docs, args.site):  # builds started together take turns
            report = build(compiled, args.docs, SiteTarget(args.config, args.site) if args.site else None)
            if args.publish:
                publish.record(compiled, args.published)
            if inputs:
                fingerprint.record(inputs, args.docs, len(report.written) + len(report.unchanged), compiled.warnings)
            else:
                fingerprint.forget(args.docs)  # a --site or other build replaced docs/: trust no old fingerprint
    except output_safety.OutputBusy as busy:
        print(busy, file=sys.stderr)
        return 1
    except BuildFailed as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        untouched = "docs/ and site/ were not changed" if args.site else "docs/ was not changed"
        print(f"{len(failure.problems)} problem(s) found; {untouched}.", file=sys.stderr)
        return 1
    except OSError as err:  # disk full, no permission: not the editor's content, but still no traceback
        print(f"build_facts: cannot write {err.filename or args.docs}: {err.strerror}", file=sys.stderr)
        return 1
    print(
        f"Built {len(report.written) + len(report.unchanged)} files into {args.docs}: "
        f"{len(report.written)} written, {len(report.unchanged)} unchanged, {len(report.removed)} removed."
    )
    if args.site:
        print(f"Built the site into {args.site}.")
    if args.publish:
        print(f"Recorded what it shows in {args.published.name}: commit it with the change.")
    return 0


def list_translations(args: argparse.Namespace) -> int:
    """`make translations`: each text with no current Japanese version, with its path and English."""
    from factsite import japanese, translations
    from factsite.checks import model_of
    from factsite.load import load_facts
    from factsite.problems import BuildFailed

    try:
        data = load_facts(args.facts)
        english = model_of(data, args.facts.name)
        path = translations.store_path(args.facts)
        store = japanese.read_store(path) if path.is_file() else translations.Store(path.name, {})
        problems = translations.store_errors(english, data, store)
        if problems:
            raise BuildFailed(problems)
    except BuildFailed as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        return 1
    print(translations.listing(translations.statuses(english, data, store)))
    return 0


def _address(args: argparse.Namespace) -> str | None:
    """The site's address from the config; a publishing build refuses to go without one."""
    from factsite.problems import BuildFailed

    found, problems = address.site_address(args.config)
    if problems:
        raise BuildFailed(problems)
    if found is None and args.publish:
        raise BuildFailed([address.missing(args.config, publishing=True)])
    return found


if __name__ == "__main__":
    sys.exit(main())
