#!/usr/bin/env python3
"""The benchmark behind BENCHMARKS.md: `make bench` runs it; it takes a few minutes.

Everything is timed as a whole process (Python start-up and imports included), several
times, and reported as the median. Figures that are compared (compile step against
`mkdocs build`, MkDocs against Zensical) are measured side by side in the same loop, so
a shared machine that slows down slows both. Work files go to .bench/ (ignored by git).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import before, lighthouse, live, weight  # noqa: E402
from bench.generate import generate  # noqa: E402
from bench.measure import Summary, growth_ok, ms, repeat, run, summarise  # noqa: E402
from bench.serve import SiteServer  # noqa: E402

BENCH = ROOT / ".bench"
ZENSICAL_VERSION = "0.0.73"  # newest that installs here: later ones need `zensical-ui`, not on the registry
SCALES = [(100, 10), (1_000, 100), (10_000, 500)]
LIGHTHOUSE_PAGES = ["/", "/results/"]  # page weight covers every page of both editions
# Targets from issue 5.
COMPILE_SHARE_MAX = 0.10
NOOP_MAX = 0.150
LARGEST_MAX = 1.0
WEIGHT_MAX = 100_000
LIGHTHOUSE_TARGET, LIGHTHOUSE_DEFECT = 100, 95

PYTHON = Path(sys.executable)
MKDOCS = PYTHON.parent / "mkdocs"
ZENSICAL = BENCH / "zensical" / "bin" / "zensical"


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0"),
    }


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", flush=True)


# --- set-up ----------------------------------------------------------------------------


def install_zensical() -> None:
    """Zensical in its own venv: it pins its own Markdown stack, which must not touch the site's."""
    if ZENSICAL.exists():
        return
    subprocess.run([sys.executable, "-m", "venv", str(BENCH / "zensical")], check=True)
    pip = BENCH / "zensical" / "bin" / "pip"
    subprocess.run(
        [pip, "install", "--quiet", "--disable-pip-version-check", f"zensical=={ZENSICAL_VERSION}"], check=True
    )


def project_config(work: Path) -> None:
    """mkdocs.yml for a copy of docs/ in `work`: Zensical wants docs_dir inside the config's folder."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for relative in ("facts.json", "templates", *(f"hooks/{hook.name}" for hook in sorted(ROOT.glob("hooks/*.py")))):
        text = text.replace(f"  - {relative}\n", f"  - {ROOT / relative}\n")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    (work / "mkdocs.yml").write_text(text.replace("site_dir: site", "site_dir: site-mkdocs"), encoding="utf-8")
    # Zensical renders templates with page objects of its own, which lack what overrides/sitemap.xml
    # (MkDocs' sitemap plus hreflang) reads: it gets the overrides without that file, and its own sitemap.
    zensical_overrides = work / "overrides-zensical"
    shutil.rmtree(zensical_overrides, ignore_errors=True)
    shutil.copytree(ROOT / "overrides", zensical_overrides, ignore=shutil.ignore_patterns("sitemap.xml"))
    zensical = text.replace(f"custom_dir: {ROOT / 'overrides'}", f"custom_dir: {zensical_overrides}")
    (work / "zensical.yml").write_text(zensical.replace("site_dir: site", "site_dir: site-zensical"), encoding="utf-8")
    inprocess = text.replace("docs_dir: docs", "docs_dir: docs-inprocess").replace(
        "site_dir: site", "site_dir: site-in"
    )
    inprocess = inprocess.replace(f"  - {ROOT / 'hooks/live_facts.py'}\n", f"  - {ROOT / 'bench/inprocess_hook.py'}\n")
    (work / "inprocess.yml").write_text(inprocess, encoding="utf-8")


def clear(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


# --- measures --------------------------------------------------------------------------


@dataclass
class SideBySide:
    compile: Summary
    mkdocs: Summary
    zensical: Summary
    inprocess: Summary  # mkdocs build with the compile step run inside it (bench/inprocess_hook.py)
    full: Summary  # build_facts.py --site: the compile, then MkDocs in the same process (what make site runs)
    share: float  # median over runs of compile / mkdocs build, each pair from the same run
    inprocess_share: float  # median over runs of (in-process build - mkdocs build) / mkdocs build
    cpu_share: float  # the same two ratios in CPU time, which other work on the machine disturbs less
    inprocess_cpu_share: float
    full_share: float  # median over runs of (build_facts.py --site - mkdocs build) / mkdocs build
    full_cpu_share: float


def side_by_side(work: Path, runs: int, env: dict[str, str]) -> SideBySide:
    """Per run: compile from scratch, mkdocs build, zensical build (cache cleaned), on the same docs/."""
    docs = work / "docs"
    compile_cmd = [PYTHON, ROOT / "build_facts.py", "--docs", docs]
    mkdocs_cmd = [MKDOCS, "build", "--strict", "--quiet", "-f", work / "mkdocs.yml"]
    zensical_cmd = [ZENSICAL, "build", "--clean", "--strict", "-f", work / "zensical.yml"]
    inprocess_cmd = [MKDOCS, "build", "--strict", "--quiet", "-f", work / "inprocess.yml"]
    # English only, as the other three: this copy of mkdocs.yml has no mkdocs.ja.yml beside it.
    full_cmd = [PYTHON, ROOT / "build_facts.py", "--config", work / "mkdocs.yml"]
    full_cmd += ["--docs", work / "docs-make-site", "--site", work / "site-make-site"]
    compiles, mkdocses, zensicals, inprocesses, fulls = [], [], [], [], []
    for index in range(runs):
        clear(docs)  # a full compile: the no-op fast path is measured separately
        compiles.append(run(compile_cmd, work, env))
        mkdocses.append(run(mkdocs_cmd, work, env))
        zensicals.append(run(zensical_cmd, work, env))
        clear(work / "docs-inprocess")
        (work / "docs-inprocess").mkdir()  # MkDocs checks docs_dir exists before the hook fills it
        inprocesses.append(run(inprocess_cmd, work, env))
        clear(work / "docs-make-site", work / "site-make-site")  # a full build, not the no-op fast path
        fulls.append(run(full_cmd, work, env))
        log(
            f"  run {index + 1}: compile {ms(compiles[-1].wall)}, mkdocs {ms(mkdocses[-1].wall)}, "
            f"zensical {ms(zensicals[-1].wall)}, mkdocs with the compile inside {ms(inprocesses[-1].wall)}, "
            f"build_facts.py --site {ms(fulls[-1].wall)}"
        )
    share = statistics.median(c.wall / m.wall for c, m in zip(compiles, mkdocses, strict=True))
    inprocess_share = statistics.median(i.wall / m.wall - 1 for i, m in zip(inprocesses, mkdocses, strict=True))
    cpu_share = statistics.median(c.cpu / m.cpu for c, m in zip(compiles, mkdocses, strict=True))
    inprocess_cpu = statistics.median(i.cpu / m.cpu - 1 for i, m in zip(inprocesses, mkdocses, strict=True))
    full_share = statistics.median(f.wall / m.wall - 1 for f, m in zip(fulls, mkdocses, strict=True))
    full_cpu = statistics.median(f.cpu / m.cpu - 1 for f, m in zip(fulls, mkdocses, strict=True))
    return SideBySide(
        summarise(compiles),
        summarise(mkdocses),
        summarise(zensicals),
        summarise(inprocesses),
        summarise(fulls),
        share,
        inprocess_share,
        cpu_share,
        inprocess_cpu,
        full_share,
        full_cpu,
    )


@dataclass
class NoOp:
    summary: Summary
    python_startup: Summary
    imports: Summary  # start-up plus importing the compiler (Jinja2, jsonschema-rs, factsite)
    nothing_written: bool
    skipped: bool


def docs_state(docs: Path) -> dict[str, tuple[int, str]]:
    return {
        p.relative_to(docs).as_posix(): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(docs.rglob("*"))
        if p.is_file()
    }


def no_op(work: Path, runs: int, env: dict[str, str]) -> NoOp:
    docs = work / "docs"
    command = [PYTHON, ROOT / "build_facts.py", "--docs", docs]
    run(command, work, env)
    before = docs_state(docs)
    samples = [run(command, work, env) for _ in range(runs)]
    startup = repeat(runs, lambda: None, [PYTHON, "-c", "pass"], work, env=env)
    imports = repeat(runs, lambda: None, [PYTHON, "-c", "import factsite.build"], ROOT, env=env)
    return NoOp(
        summarise(samples),
        startup,
        imports,
        nothing_written=docs_state(docs) == before,
        skipped=all("no input changed" in s.output for s in samples),
    )


@dataclass
class Scale:
    facts: int
    pages: int
    files: int
    summary: Summary


def scaling(runs: int, env: dict[str, str]) -> list[Scale]:
    results = []
    for n_facts, n_pages in SCALES:
        folder = BENCH / f"scale-{n_facts}"
        facts_path, templates = generate(folder, n_facts, n_pages)
        docs = folder / "docs"
        command = [PYTHON, ROOT / "build_facts.py", "--facts", facts_path, "--templates", templates, "--docs", docs]
        summary = repeat(runs, lambda docs=docs: clear(docs), command, folder, env=env)
        files = sum(1 for p in docs.rglob("*") if p.is_file())
        results.append(Scale(n_facts, n_pages, files, summary))
        log(f"  {n_facts} facts: {ms(summary.wall)} wall, {ms(summary.cpu)} CPU, {summary.peak_kb / 1024:.0f} MiB")
    return results


PHASES = [
    ("imports (Python modules)", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("read and parse facts.json", "factsite/load.py", "load_facts"),
    ("schema check", "factsite/checks/schema.py", "schema_problems"),
    ("typed model (from_data)", "factsite/model.py", "from_data"),
    ("integrity checks", "factsite/checks/integrity.py", "integrity_problems"),
    (
        "template checks (parse each template, once, for ids and typed numbers)",
        "factsite/checks/templates.py",
        "template_problems",
    ),
    ("Jinja2 compiles the parsed templates to Python", "jinja2/environment.py", "get_template"),
    ("render pages (facts, footnotes, escaping)", "jinja2/environment.py", "render"),
    ("write docs/", "factsite/write.py", "write_pages"),
    ("fingerprint (hash the inputs)", "factsite/fingerprint.py", "inputs_digest"),
]


@dataclass
class Profile:
    total: float
    phases: list[tuple[str, float]]
    top: list[tuple[str, float, float]]  # function, own time, cumulative time


def profile_largest(env: dict[str, str]) -> Profile:
    n_facts, _ = SCALES[-1]
    folder = BENCH / f"scale-{n_facts}"
    clear(folder / "docs")
    output = BENCH / "profile-largest.pstats"
    run(
        [
            PYTHON,
            "-m",
            "cProfile",
            "-o",
            output,
            ROOT / "build_facts.py",
            "--facts",
            folder / "facts.json",
            "--templates",
            folder / "templates",
            "--docs",
            folder / "docs",
        ],
        folder,
        env,
    )
    stats = pstats.Stats(str(output))
    table = stats.stats  # type: ignore[attr-defined]
    total = max(entry[3] for entry in table.values())

    def cumulative(file_suffix: str, name: str) -> float:
        return sum(entry[3] for (file, _, func), entry in table.items() if func == name and file.endswith(file_suffix))

    phases = [(label, cumulative(suffix, name)) for label, suffix, name in PHASES]
    top = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[:10]
    named = [(_function_name(file, line, func), e[2], e[3]) for (file, line, func), e in top]
    return Profile(total, phases, named)


def _function_name(file: str, line: int, func: str) -> str:
    if file == "~":  # a built-in
        return func
    return f"{Path(file).parent.name}/{Path(file).name}:{line} {func}"


@dataclass
class ZensicalChecks:
    engine: str
    passed: int
    failed: list[str]


def content_checks(site: Path, engine: str) -> ZensicalChecks:
    """The same HTML checks `make test` runs on MkDocs' output (tests/test_site.py, test_content.py)."""
    env = {**environment(), "FACTSITE_SITE_DIR": str(site)}
    result = subprocess.run(
        [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", "tests/test_site.py", "tests/test_content.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    failed = [
        line.split(" - ")[0].removeprefix("FAILED ") for line in result.stdout.splitlines() if line.startswith("FAILED")
    ]
    passed_line = next((line for line in result.stdout.splitlines()[::-1] if "passed" in line), "")
    passed = int(passed_line.split(" passed")[0].split()[-1]) if "passed" in passed_line else 0
    return ZensicalChecks(engine, passed, failed)


# --- report ----------------------------------------------------------------------------


def versions() -> dict[str, str]:
    found = {"Python": platform.python_version()}
    for name in ("mkdocs", "mkdocs-material", "Jinja2", "jsonschema", "jsonschema-rs", "playwright"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    found["zensical"] = subprocess.run([ZENSICAL, "--version"], capture_output=True, text=True).stdout.strip()
    found["Lighthouse (npm)"] = lighthouse.VERSION
    found["Chromium"] = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True
    ).stdout.strip()
    found["Node.js"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return found


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = next(
        (int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line),
        0,
    )
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({model}), {memory / 1024:.1f} GiB RAM"


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measure (median reported)")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument(
        "--only",
        choices=["before", "live"],
        help="run one step alone and print its section (before: the build against 7e36980; live: live editing); "
        "BENCHMARKS.md is not written",
    )
    args = parser.parse_args(argv)
    env = environment()
    BENCH.mkdir(exist_ok=True)
    if args.only:
        return only(args.only, args.runs, env)
    started = dt.datetime.now(dt.UTC)
    load_before = os.getloadavg()
    log("installing the pinned Zensical and Lighthouse into .bench/ (first run only)")
    install_zensical()
    lighthouse_cmd = lighthouse.install(BENCH / "lighthouse")
    work = BENCH / "real"
    clear(work)
    work.mkdir(parents=True)
    project_config(work)

    log(f"compile step, mkdocs build and zensical build, side by side, {args.runs} runs")
    both = side_by_side(work, args.runs, env)
    log("no-op rebuild")
    noop = no_op(work, args.runs, env)
    log("scaling")
    scales = scaling(max(3, args.runs - 2), env)
    log(f"10,000 facts against {before.COMMIT} (before the typed-model refactor), alternating")
    # A 10% target on a shared machine whose CPU times vary by a fifth: every run, not fewer.
    against = before.measure(ROOT, BENCH / f"before-{before.COMMIT}", args.runs, env, log)
    log("profile of the largest case")
    prof = profile_largest(env)
    log("content checks on both engines' output")
    checks = [content_checks(work / "site-mkdocs", "MkDocs"), content_checks(work / "site-zensical", "Zensical")]
    log("page weight (every page, both editions) and Lighthouse (Chromium)")
    # The whole site as `make site` builds it: the English pages and the Japanese edition in ja/.
    full = [PYTHON, ROOT / "build_facts.py", "--docs", work / "docs-full", "--site", work / "site-full"]
    subprocess.run([str(part) for part in full], cwd=ROOT, env=env, check=True, capture_output=True)
    with SiteServer(work / "site-full") as server:
        weights = weight.measure(server, weight.site_pages(work / "site-full"))
        reports = [
            lighthouse.run(lighthouse_cmd, server.url + page, page, BENCH / f"lighthouse{page.replace('/', '-')}json")
            for page in LIGHTHOUSE_PAGES
        ]
    log("live editing: save facts.json, wait for mkdocs serve to send the changed page")
    live_result = live.measure(ROOT, BENCH / "live", env)
    text = report(
        started, load_before, both, noop, scales, against, prof, checks, weights, reports, live_result, args.runs
    )
    args.output.write_text(text, encoding="utf-8")
    log(f"wrote {args.output}")
    return 0


def only(step: str, runs: int, env: dict[str, str]) -> int:
    """One step of the benchmark on its own, its section printed (to check a change without the whole run)."""
    load_before = os.getloadavg()
    if step == "before":
        against = before.measure(ROOT, BENCH / f"before-{before.COMMIT}", runs, env, log)
        print("\n".join([before.summary_row(against), "", *before.section(against, runs)]))
    else:
        print("\n".join(live_section(live.measure(ROOT, BENCH / "live", env))))
    load_after = os.getloadavg()
    print(f"Load average (1 min) at start / end: {load_before[0]:.2f} / {load_after[0]:.2f}")
    return 0


def report(
    started: dt.datetime,
    load_before: tuple[float, float, float],
    both: SideBySide,
    noop: NoOp,
    scales: list[Scale],
    against: before.Comparison,
    prof: Profile,
    checks: list[ZensicalChecks],
    weights: list[weight.Weight],
    reports: list[lighthouse.Report],
    live_result: live.LiveResult,
    runs: int,
) -> str:
    out: list[str] = []
    add = out.append
    load_after = os.getloadavg()
    add("# Benchmarks\n")
    add("Written by `make bench` (`bench/run.py`) from one run; rerun it to refresh every figure. Times are")
    add("whole processes (Python start-up and imports included), the median of several runs. Ratios come from")
    add("pairs measured one after the other in the same loop, since absolute times drift on a shared machine.\n")
    add(f"- **Date:** {started:%Y-%m-%d %H:%M} UTC")
    add(f"- **Machine:** {machine()}")
    add(
        f"- **Load average (1 min) at start / end:** {load_before[0]:.2f} / {load_after[0]:.2f} "
        "(other work was running on this shared machine; CPU time is shown where it matters)"
    )
    add("- **Versions:** " + ", ".join(f"{k} {v}" for k, v in versions().items()))
    add(f"- **Runs per measure:** {runs} (scaling: {max(3, runs - 2)})\n")

    add("## Summary\n")
    add("| target | result | |")
    add("| --- | --- | --- |")
    largest = scales[-1].summary
    sizes, walls, cpus = [s.facts for s in scales], [s.summary.wall for s in scales], [s.summary.cpu for s in scales]
    weight_ok = all(w.total <= WEIGHT_MAX and not w.other_hosts for w in weights)
    lowest = min(score for r in reports for score in r.scores.values())
    add(
        f"| compile step adds at most 10% to the full build | `make site` (`build_facts.py --site`) adds "
        f"{both.full_share:.0%} to `mkdocs build` ({ms(both.full.wall)} vs {ms(both.mkdocs.wall)}; in CPU time "
        f"{both.full_cpu_share:.0%}); the compile step as a process of its own takes {both.share:.0%} "
        f"| {verdict(both.full_share <= COMPILE_SHARE_MAX)} |"
    )
    add(
        f"| 10,000 facts compile in under 1 s | {largest.wall:.2f} s wall, {largest.cpu:.2f} s CPU "
        f"| {verdict(largest.wall < LARGEST_MAX)} |"
    )
    add(before.summary_row(against))
    add(
        f"| growth no worse than linear (CPU time: less disturbed by other work) | CPU time x{cpus[-1] / cpus[0]:.1f}, "
        f"wall x{walls[-1] / walls[0]:.1f}, for facts x{sizes[-1] // sizes[0]} | {verdict(growth_ok(sizes, cpus))} |"
    )
    add(
        f"| no-op rebuild under 150 ms, nothing written | {ms(noop.summary.wall)}, "
        f"{'nothing written' if noop.nothing_written else 'FILES WRITTEN'} "
        f"| {verdict(noop.summary.wall < NOOP_MAX and noop.nothing_written)} |"
    )
    add(
        f"| first visit at most 100 KB gzip, no other hosts, every page of both editions ({len(weights)}) | "
        + "; ".join(f"{name}: largest `{w.page}` {weight.kb(w.total)}" for name, w in _heaviest(weights).items())
        + f" | {verdict(weight_ok)} |"
    )
    add(
        f"| Lighthouse 100 in each category (below 95 is a defect) | lowest score {lowest} "
        f"| {verdict(lowest >= LIGHTHOUSE_TARGET)} |"
    )
    add(
        f"| a saved fact shows in the preview within about 2 s | median {live_result.median:.2f} s "
        f"| {verdict(live_result.median <= 2.0 and live_result.last_good_page_kept)} |"
    )
    add("")

    add("## Compile step against `mkdocs build`, same docs/\n")
    add("Each run: delete docs/, run `python build_facts.py` (validate, render, write), then `mkdocs build --strict`")
    add(f"and `zensical build --clean --strict` on that docs/. Medians of {runs} runs.\n")
    add("| step | wall (median) | CPU (median) | peak memory | all runs (wall) |")
    add("| --- | --- | --- | --- | --- |")
    for label, summary in (
        ("compile step (`build_facts.py`)", both.compile),
        ("`mkdocs build --strict`", both.mkdocs),
        (f"`zensical build --clean --strict` ({ZENSICAL_VERSION})", both.zensical),
        ("`mkdocs build --strict` with the compile step inside (`bench/inprocess_hook.py`)", both.inprocess),
        ("`build_facts.py --site`: the compile, then MkDocs in the same process (`make site`)", both.full),
    ):
        add(
            f"| {label} | {ms(summary.wall)} | {ms(summary.cpu)} | {summary.peak_kb / 1024:.0f} MiB | "
            + ", ".join(f"{w * 1000:.0f}" for w in summary.walls)
            + " ms |"
        )
    add("")
    add(f"As a process of its own, the compile step takes **{both.share:.0%}** of the time of `mkdocs build` (median")
    add(f"of per-run ratios; {both.cpu_share:.0%} in CPU time). `make site` does not pay that: since 2026-11-30,")
    add("`build_facts.py --site` runs MkDocs in its own process after the compile, so both share one start-up and")
    full = f"**{both.full_share:.1%}** to `mkdocs build` ({both.full_cpu_share:.1%} in CPU time)"
    add(f"the imports, and it adds {full}. The compile run inside the MkDocs process instead (a hook,")
    added = f"{both.inprocess_share:.1%} ({both.inprocess_cpu_share:.1%} in CPU time)"
    add(f"measured in the same runs) adds {added}.\n")
    startup, imports = noop.python_startup.wall, noop.imports.wall
    add("Where the compile step's time goes, whole processes, medians:\n")
    add(f"- Python start-up (`python -c pass`): {ms(startup)}")
    add(
        f"- importing the compiler (Jinja2, jsonschema-rs, factsite): {ms(imports - startup)} more "
        f"(`python -c 'import factsite.build'`: {ms(imports)})"
    )
    add(f"- the work (load, validate, render, write 9 files): about {ms(both.compile.wall - imports)}\n")

    add("## Scaling\n")
    add("Generated facts files (`bench/generate.py`): the real sources, glossary and claims, plus N generated facts")
    add("over P generated pages, five facts per section, every tenth fact with a value that the next one borrows")
    add(f"through a placeholder. Compile from scratch, whole process, median of {max(3, runs - 2)} runs.\n")
    add("| facts | pages | files written | wall (median) | CPU (median) | peak memory | wall per 1,000 facts |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    for s in scales:
        add(
            f"| {s.facts:,} | {s.pages} | {s.files} | {ms(s.summary.wall)} | {ms(s.summary.cpu)} | "
            f"{s.summary.peak_kb / 1024:.0f} MiB | {ms(s.summary.wall / s.facts * 1000)} |"
        )
    add("")
    add(f"From 100 to 10,000 facts (x100) the time grows x{walls[-1] / walls[0]:.1f} (CPU x{cpus[-1] / cpus[0]:.1f}):")
    add("each step up costs at most proportionally more, so growth is no worse than linear. The fixed cost (start-up,")
    add("imports) dominates the small cases.\n")
    add("### Where the time goes: profile of 10,000 facts over 500 pages\n")
    add(f"`python -m cProfile` of the whole process ({prof.total:.2f} s under the profiler, which slows Python code")
    add("more than C code, so read shares, not seconds). Phases overlap only where one calls the other")
    add("(Jinja2 compiles templates while rendering them).\n")
    add("| phase | time under profiler | share |")
    add("| --- | --- | --- |")
    for label, seconds in prof.phases:
        add(f"| {label} | {seconds:.3f} s | {seconds / prof.total:.0%} |")
    add("")
    ranked = sorted(prof.phases, key=lambda phase: phase[1], reverse=True)[:3]
    add(
        "Most of the time goes to: "
        + "; ".join(f"{label} ({seconds / prof.total:.0%})" for label, seconds in ranked)
        + ". Jinja2 turns each of the 500 page templates into Python code once per build; the integrity checks walk"
        " every text of every fact. Schema validation (jsonschema-rs) and the section lookups (an index built once)"
        " are no longer visible.\n"
    )
    add("Top functions by own time:\n")
    add("| function | own time | cumulative |")
    add("| --- | --- | --- |")
    for name, own, cumulative in prof.top:
        add(f"| `{name}` | {own:.3f} s | {cumulative:.3f} s |")
    add("")

    out += before.section(against, runs)
    add("## No-op rebuild\n")
    add("`python build_facts.py` when nothing changed, as a whole process. A fingerprint (`factsite/fingerprint.py`,")
    add("standard library only) of facts.json, every template and asset, the compiler's code and schema, the Python")
    add("and library versions, and the size and time of every file in docs/, is checked before the slow imports.\n")
    add(
        f"- median **{ms(noop.summary.wall)}** wall ({ms(noop.summary.cpu)} CPU) over {runs} runs; "
        f"`python -c pass` alone: {ms(noop.python_startup.wall)}"
    )
    add(f"- nothing written (every file's bytes and modification time unchanged): **{noop.nothing_written}**")
    add(f"- every run took the fast path: **{noop.skipped}**\n")

    add("## Page weight, first visit\n")
    add("Chromium (Playwright, mobile viewport, empty cache) loads each page of both editions from the built site")
    add("(`build_facts.py --site`), served on 127.0.0.1 by `bench/serve.py`, which gzips text as a web host does")
    add("(level 6) and counts the body bytes it sends. Requests to any other host are blocked and counted. Search")
    add("loads on demand (overrides/assets/javascripts/search_on_demand.js): a first visit fetches no search index")
    add("and no search worker. Then the reader taps the search icon; the last columns are what that adds (the index,")
    add("the worker and, in Japanese, the lunr language files) and the sum. 1 KB = 1,000 bytes.\n")
    add(
        "| page | "
        + " | ".join(weight.TYPES)
        + " | first visit | requests | other hosts | opening search adds | both |"
    )
    add("| --- " * (len(weight.TYPES) + 6) + "|")
    for w in weights:
        add(
            f"| `{w.page}` | "
            + " | ".join(weight.kb(w.by_type[t]) for t in weight.TYPES)
            + f" | **{weight.kb(w.total)}** | {w.requests} | {len(w.other_hosts)} | {weight.kb(w.search)}"
            + f" | {weight.kb(w.total + w.search)} |"
        )
    add("")
    add("For comparison (issue 5): a default Material site of the same size, about 93 KB plus Google Fonts;")
    add(
        "Zensical's default, about 113 KB. Fonts are off (`font: false`: system fonts), so nothing comes from Google.\n"
    )
    for w in (weights[0], next((w for w in weights if w.page.startswith("/ja/")), None)):
        if w is None:
            continue
        add(f"Where the bytes of `{w.page}` go (every response, largest first; opening search last):\n")
        add("| file | type | bytes sent |")
        add("| --- | --- | --- |")
        for entry in sorted(w.files, key=lambda e: e.body_bytes, reverse=True):
            add(f"| `{entry.path.split('?')[0]}` | {weight.kind(entry)} | {entry.body_bytes:,} |")
        for entry in sorted(w.search_files, key=lambda e: e.body_bytes, reverse=True):
            add(f"| `{entry.path.split('?')[0]}` (opening search) | {weight.kind(entry)} | {entry.body_bytes:,} |")
        add("")

    add("## Lighthouse\n")
    add(f"npm `lighthouse@{lighthouse.VERSION}`, Debian Chromium (`--headless=new`), default mobile preset (simulated")
    add("slow 4G and CPU slowdown), against the same gzip server.\n")
    add("| page | performance | accessibility | best practices | SEO |")
    add("| --- | --- | --- | --- | --- |")
    for r in reports:
        add(f"| `{r.page}` | " + " | ".join(str(r.scores[c]) for c in lighthouse.CATEGORIES) + " |")
    add("")
    for r in reports:
        add(
            f"Audits below full score on `{r.page}` (binary audits failed; metrics with their score): "
            + (", ".join(f"`{a}`" for a in r.failing) or "none")
            + ".\n"
        )

    add("## Zensical\n")
    add(f"`zensical=={ZENSICAL_VERSION}` in its own venv (`.bench/zensical`), building the same docs/ from the same")
    add("`mkdocs.yml` (it ignores `hooks:`; the compile step runs first either way). MkDocs stays the engine.")
    # Zensical ignores hooks/csp_hashes.py and hooks/search_dialog_name.py too: its pages keep the policy
    # from overrides/main.html with no script hashes, so a browser blocks Material's inline scripts there,
    # and its search dialog is unnamed. The content checks below read HTML only and do not see either.
    add("Without the hooks its pages carry the Content-Security-Policy with no script hashes, so a browser")
    add("would block Material's inline scripts there, and its search dialog has no name: not servable as is.\n")
    add(
        f"- build time, cache cleaned each run: median **{ms(both.zensical.wall)}** against **{ms(both.mkdocs.wall)}**"
        f" for `mkdocs build` in the same runs (ratio {both.zensical.wall / both.mkdocs.wall:.2f})"
    )
    add("- the content checks of `make test` (`tests/test_site.py`, `tests/test_content.py`) run on each output:\n")
    add("| engine | passed | failed |")
    add("| --- | --- | --- |")
    for c in checks:
        add(f"| {c.engine} | {c.passed} | " + (", ".join(f"`{f}`" for f in c.failed) or "none") + " |")
    add("")
    zensical_failed = next(c.failed for c in checks if c.engine == "Zensical")
    if zensical_failed == ["tests/test_site.py::test_search_index_holds_every_page"]:
        index = BENCH / "real" / "site-zensical" / "search.json"
        text = index.read_text(encoding="utf-8") if index.is_file() else ""
        found = "press conference" in text and "grade D" in text
        add("The one failure is specific to MkDocs' search: the check reads `search/search_index.json`, while")
        add(f"Zensical's own search engine writes `search.json`; that file holds the same page text: **{found}**")
        add("(both phrases the check looks for are in it). Every content check on the pages themselves passes.\n")

    out += live_section(live_result)
    out += gaps(both, noop, reports, scales, weights, against, live_result)
    return "\n".join(out) + "\n"


def live_section(result: live.LiveResult) -> list[str]:
    out: list[str] = []
    add = out.append
    add("## Live editing\n")
    add("`make serve` = `mkdocs serve --strict --livereload`. The flag keeps live reload on where MkDocs 1.6.1")
    add("turns it off (with click 8.2.2 up to 8.3.x); with the pinned click 8.5.1 it is on either way (checked).")
    add("mkdocs.yml watches facts.json and templates/, and the hook")
    add("`hooks/live_facts.py` runs the compile step before each rebuild. Measured on a copy of the project:")
    add("save facts.json with a changed fact, poll the served page every 50 ms until it shows the change.\n")
    add(
        f"- save to changed page: median **{result.median:.2f} s** over {len(result.latencies)} edits ("
        + ", ".join(f"{s:.2f}" for s in result.latencies)
        + " s)"
    )
    if result.cpu:
        add(
            f"- CPU time of the preview per edit (mkdocs serve and the compile it runs, from one save to the next): "
            f"median **{result.median_cpu:.2f} s** ("
            + ", ".join(f"{s:.2f}" for s in result.cpu)
            + f" s); load average (1 min) at the end {result.load:.2f}, on {os.cpu_count()} cores"
        )
    add(
        f"- a broken edit (unknown source id) printed its one-line error in the terminal: "
        f"**{result.broken_edit_reported}**; the preview kept the last good page: "
        f"**{result.last_good_page_kept}**\n"
    )
    return out


def _heaviest(weights: list[weight.Weight]) -> dict[str, weight.Weight]:
    """The heaviest first visit of each edition: English, and Japanese (below /ja/)."""
    editions: dict[str, list[weight.Weight]] = {}
    for w in weights:
        editions.setdefault("Japanese" if w.page.startswith("/ja/") else "English", []).append(w)
    return {name: max(found, key=lambda w: w.total) for name, found in editions.items()}


def gaps(
    both: SideBySide,
    noop: NoOp,
    reports: list[lighthouse.Report],
    scales: list[Scale],
    weights: list[weight.Weight],
    against: before.Comparison,
    live_result: live.LiveResult,
) -> list[str]:
    """The targets this run did not meet, why, and what would close them."""
    out = ["## Gaps and plans\n"]
    if not (noop.summary.wall < NOOP_MAX and noop.nothing_written):
        out.append(
            f"- **No-op rebuild: {ms(noop.summary.wall)}, target under {ms(NOOP_MAX)}.** Of that, Python's start-up "
            f"is {ms(noop.python_startup.wall)}; the rest is importing what the fingerprint check needs (argparse "
            "and the standard library) and hashing every input. It moves by tens of milliseconds with the machine's "
            "load (compare the other times above). Plan: if it stays over, import argparse's and the problem "
            "messages' modules only when the fast path is not taken."
        )
    if not (live_result.median <= 2.0 and live_result.last_good_page_kept):
        out.append(
            f"- **Live preview: {live_result.median:.2f} s from a save to the changed page, target about 2 s.** "
            f"The preview used {live_result.median_cpu:.2f} s of CPU per edit: the compile step (inside mkdocs "
            "serve, hooks/live_facts.py) and MkDocs building every page again, as it does on each change. "
            "`mkdocs serve --dirty` is no way out: it logs a warning on each build, which --strict turns into a "
            "failed build, and Material's search index under --dirty expects one changed page per save (a fact "
            "changes its page and the Sources pages). Python-Markdown's time goes to the pages' own text (the Sources "
            "and Questions pages, with a link and a passage per entry), not to md_in_html's `<div markdown>` blocks "
            "(a Sources page without them takes as long). "
            "Plan: compile inside the serve process, not a new one (Python's start-up and imports, about 0.3 s)."
        )
    if not against.missing and against.ratio(before.LIKE) > 1 + before.TARGET:
        out.append(
            f"- **10,000 facts: x{against.ratio(before.LIKE):.2f} the CPU time of {before.COMMIT} on the same content, "
            f"target x{1 + before.TARGET:.2f}.** What is left is mostly what every build now shows that 7e36980 did "
            "not (a footnote per citation, the Sources pages' lists of supported sentences). Compiled templates are "
            "kept between builds since 2026-11-30 (Jinja2's bytecode cache, factsite/render.py), so only the first "
            "build after a template changed pays for turning it into Python; the profile above shows the rest."
        )
    over = [w for w in weights if w.total > WEIGHT_MAX]
    if over:
        out.append(
            "- **First visit over 100 KB gzip on "
            + ", ".join(
                f"`{w.page}` ({weight.kb(w.total)}, of which HTML {weight.kb(w.by_type['HTML'])})" for w in over
            )
            + ".** Search already waits until it is opened; what is left is the page itself. The Sources page lists "
            "every sentence a source supports with its passage, its reason for being; plan: split it by kind of "
            "source, or give each source its own page (folding the passages into a details element "
            "would hide them, not save their bytes)."
        )
    largest = scales[-1].summary
    if largest.wall >= LARGEST_MAX:
        out.append(
            f"- **10,000 facts: {largest.wall:.2f} s wall, target under 1 s.** The process used {largest.cpu:.2f} s "
            "of CPU; the rest of the wall time is waiting for a core on this shared 2-core machine (see the load "
            "average above). Compiled templates are already kept between builds (Jinja2's bytecode cache); the "
            "largest shares left are in the profile above (the template checks, rendering and the integrity "
            "checks). Plan: profile those three on the 10,000-fact project, one at a time."
        )
    if both.full_share > COMPILE_SHARE_MAX:
        out.append(
            f"- **`make site` adds {both.full_share:.0%} to `mkdocs build`, target 10%.** Since 2026-11-30 it runs "
            "MkDocs in its own process after the compile (`factsite/site.py`), keeping the staging beside docs/ and "
            "site/ and turning MkDocs' warnings into one-line problems, so it no longer pays a second start-up and "
            f"import ({ms(noop.imports.wall)}). What is left is the compile's own work (about "
            f"{ms(max(both.compile.wall - noop.imports.wall, 0))}: load, validate, render, write) and writing the "
            "new site beside the old one and swapping it in. Compiled templates are already kept between builds "
            "(Jinja2's bytecode cache), and so are Material's (hooks/template_cache.py). Plan: profile the compile "
            "on the real facts (the template checks and the integrity checks were the largest shares at 10,000 "
            f"facts). What an editor meets most is the no-op case ({ms(noop.summary.wall)}): `make site` after "
            "changing nothing in facts.json or templates."
        )
    low = [(r.page, c, s) for r in reports for c, s in r.scores.items() if s < LIGHTHOUSE_TARGET]
    if any(c == "accessibility" and score < LIGHTHOUSE_DEFECT for _, c, score in low):
        out.append(
            "- **Lighthouse accessibility below 95: a defect.** The same three audits a default Material site fails "
            "(issue 5); the lead engineer is fixing them on the accessibility branch, so rerun `make bench` after "
            "that merge. What Lighthouse found on `/`:"
        )
        for audit, detail in reports[0].details.items():
            out.append(f"  - `{audit}`: {detail}")
    performance = min((score for _, c, score in low if c == "performance"), default=None)
    if performance is not None and performance >= LIGHTHOUSE_DEFECT:
        out.append(
            "- **Lighthouse performance just under 100.** The mobile preset simulates a slow 4G link and a 4x slower "
            "CPU; the metrics below full score are listed above. The score moves by a point or two between runs on "
            "this shared machine. At 95 or above it is not a defect; if it matters, inline the critical CSS."
        )
    elif performance is not None:
        out.append(
            f"- **Lighthouse performance {performance}: below 95, a defect.** It was 99 and 100 on 2026-11-22, with "
            "a first contentful paint of 1.2 s and 80 ms of total blocking time; see the metrics above for this run. "
            "The pages have grown since (a footnote with the source's own words for every sentence, pictures, the "
            "trust box), so the browser parses and lays out more before the first paint, and Material's script sets "
            "up a tooltip for every footnote marker and glossary term. Since 2026-11-30 the footnotes' ↩ links get "
            "none (hooks/footnote_backlinks.py): they had been 87 of the 117 tooltips on /results/, and the page's "
            "script time at load in Chromium fell from 179 to 133 ms (/questions/: 298 to 194 ms). Measured by hand "
            "that day: turning off `content.footnote.tooltips` as well cut total blocking time by about 70 to 270 ms "
            "and raised the score by 2 to 9 points, not to 95; making Material's bundle and the search script "
            "`defer` moved the first paint earlier on / but the largest paint later on /results/, and the score "
            "fell, so it was not kept. Lighthouse's own figures moved by 5 to 10 points between runs of the same "
            "pages that day. Traced on 2026-11-30 (Chromium at 390 px, CPU slowed 4x, medians of 5 loads of "
            "/results/): style and layout took more main-thread time than script (about 950 and 500 ms against "
            "600 ms), because Material's script changes and measures the page while it sets up, and each time the "
            "whole page is styled and laid out again. Two settings account for most of it: the light/dark switch "
            "(with it off, style time halved, "
            "781 to 383 ms) and the footnote tooltips (script 598 to 438 ms). With both off, Lighthouse gave 98 and "
            "95 on /results/ (two runs); with either one off, 91 to 95. `content-visibility: auto` on the footnotes "
            "and pictures cut the main thread's work at load by a fifth to a half while keeping both, but Lighthouse "
            "barely moved, and axe-core then misread the colours of text in the parts not yet drawn (a footnote "
            "link in light mode measured against #212121), failing the accessibility check: not kept. The two "
            "stylesheets of our own are now one (one request fewer before the first paint). Plan: the editors "
            "decide whether readers need the light/dark switch (without it the site shows the light scheme only, "
            "and no longer follows a phone set to dark) and the footnote tooltips, which a phone reader does not "
            "see (the footnote is one tap away); both are settings in mkdocs.yml."
        )
    if len(out) == 1:
        out.append("- None: every target above was met in this run.")
    return [*out, ""]


if __name__ == "__main__":
    sys.exit(main())
