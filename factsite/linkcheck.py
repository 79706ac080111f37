"""make linkcheck: is every source still where facts.json says it is?

    python -m factsite.linkcheck facts.json [--timeout SECONDS]

Asks each source's address (and its archived copy, if the source names one in `archived`) with
a time-out, following redirects. Prints one line per link that is broken (an error answer, no
answer in time, no connection) or has moved (a redirect, reported with where it leads), then a
count. Exit 0 if every link answered at its own address, 1 otherwise. It needs the internet, so
it is not part of `make test`; its tests use a local server.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path
from typing import Any

from factsite.problems import Problem

TIMEOUT = 15.0  # seconds for one answer: a slow journal site, not a dead one
WORKERS = 8  # links asked at once: quick, and gentle on any one site
PERMANENT = {301, 308}
USER_AGENT = "factsite-linkcheck/1 (checks that the sources cited on an explainer site are still there)"


@dataclass(frozen=True)
class Link:
    where: str  # JSON path, e.g. "sources[3].url"
    url: str


@dataclass
class Result:
    link: Link
    status: int | None = None  # the final answer's HTTP status; None if there was none
    error: str = ""  # why there was no answer
    hops: list[tuple[int, str]] = field(default_factory=list)  # each redirect: (status, where to)

    @property
    def broken(self) -> bool:
        return self.status is None or self.status >= 400

    @property
    def moved(self) -> bool:
        return bool(self.hops)


class _Recorder(urllib.request.HTTPRedirectHandler):
    """Follows redirects as urllib does, noting each one."""

    def __init__(self, hops: list[tuple[int, str]]) -> None:
        self.hops = hops

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        self.hops.append((code, newurl))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check(link: Link, timeout: float = TIMEOUT) -> Result:
    result = Result(link)
    opener = urllib.request.build_opener(_Recorder(result.hops))
    request = urllib.request.Request(link.url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with opener.open(request, timeout=timeout) as answer:
            result.status = answer.status
    except urllib.error.HTTPError as err:
        result.status = err.code
    except TimeoutError:
        result.error = _no_answer(timeout)
    except urllib.error.URLError as err:
        reason = err.reason
        is_timeout = isinstance(reason, TimeoutError)
        result.error = _no_answer(timeout) if is_timeout else f"cannot connect ({reason})"
    except (OSError, HTTPException) as err:
        result.error = f"the connection failed ({type(err).__name__}: {err})"
    return result


def _no_answer(timeout: float) -> str:
    return f"no answer within {timeout:g} second{'' if timeout == 1 else 's'}"


def check_all(links: Iterable[Link], timeout: float = TIMEOUT) -> list[Result]:
    """Every link's result, in the order given."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(lambda link: check(link, timeout), links))


def problem(result: Result, file: str) -> Problem | None:
    """One line for a broken or moved link; None for a link that answered at its own address."""
    url, where = result.link.url, result.link.where
    if result.broken:
        answer = result.error or f"answered {result.status}"
        via = f" (after a redirect to {result.hops[-1][1]})" if result.hops else ""
        return Problem(
            file, where, f"'{url}' is broken: {answer}{via}", "find where the source is now, or link an archived copy"
        )
    if result.moved:
        status, final = result.hops[0][0], result.hops[-1][1]
        kind = "moved for good" if status in PERMANENT else "redirects for now"
        return Problem(
            file, where, f"'{url}' {kind} ({status}) to {final}", "check it is the same document, then update the url"
        )
    return None


def links_of(data: dict[str, Any]) -> list[Link]:
    """Each source's address, and its archived copy if it names one."""
    links = []
    for index, source in enumerate(data.get("sources", [])):
        for key in ("url", "archived"):
            if isinstance(source.get(key), str):
                links.append(Link(f"sources[{index}].{key}", source[key]))
    return links


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("facts", type=Path, help="the facts file")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help=f"seconds to wait for each answer ({TIMEOUT:g})")
    args = parser.parse_args(argv)
    from factsite.load import load_facts  # after the arguments: --help needs none of it
    from factsite.problems import BuildFailed

    try:
        data = load_facts(args.facts)
    except BuildFailed as failure:
        print("\n".join(str(p) for p in failure.problems), file=sys.stderr)
        return 1
    results = check_all(links_of(data), args.timeout)
    found = [p for p in (problem(r, args.facts.name) for r in results) if p is not None]
    for line in found:
        print(line)
    broken = sum(r.broken for r in results)
    moved = sum(r.moved and not r.broken for r in results)
    print(f"Checked {len(results)} links: {len(results) - broken - moved} fine, {moved} moved, {broken} broken.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
