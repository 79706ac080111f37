"""make linkcheck against a local server that answers 200, 301, 404 and 500, and a socket that never answers."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from factsite import linkcheck
from factsite.linkcheck import Link

ANSWERS = {"/ok": 200, "/moved": 301, "/missing": 404, "/broken": 500}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = ANSWERS.get(self.path, 404)
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "/ok")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:  # quiet test output
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def silent() -> Iterator[str]:
    """A socket that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/never"
    listener.close()


def test_each_answer_gives_one_located_line(server: str, silent: str) -> None:
    links = [Link(f"sources[{i}].url", url) for i, url in enumerate([f"{server}{p}" for p in ANSWERS] + [silent])]
    started = time.monotonic()
    results = linkcheck.check_all(links, timeout=0.5)
    assert time.monotonic() - started < 5
    lines = [str(p) if p else None for p in (linkcheck.problem(r, "facts.json") for r in results)]
    assert lines == [
        None,
        f"facts.json: sources[1].url: '{server}/moved' moved for good (301) to {server}/ok. "
        "Fix: check it is the same document, then update the url",
        f"facts.json: sources[2].url: '{server}/missing' is broken: answered 404. "
        "Fix: find where the source is now, or link an archived copy",
        f"facts.json: sources[3].url: '{server}/broken' is broken: answered 500. "
        "Fix: find where the source is now, or link an archived copy",
        f"facts.json: sources[4].url: '{silent}' is broken: no answer within 0.5 seconds. "
        "Fix: find where the source is now, or link an archived copy",
    ]


def test_the_command_checks_sources_and_archived_copies(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = tmp_path / "facts.json"
    sources = [{"id": "a", "url": f"{server}/ok", "archived": f"{server}/missing"}, {"id": "b", "url": f"{server}/ok"}]
    facts.write_text(json.dumps({"sources": sources}), encoding="utf-8")
    assert linkcheck.main([str(facts), "--timeout", "2"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"facts.json: sources[0].archived: '{server}/missing' is broken: answered 404. "
        "Fix: find where the source is now, or link an archived copy",
        "Checked 3 links: 2 fine, 0 moved, 1 broken.",
    ]


def test_a_refused_connection_is_broken_not_a_crash() -> None:
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nothing listens there now
    result = linkcheck.check(Link("sources[0].url", f"http://127.0.0.1:{port}/"), timeout=1)
    assert result.broken and result.error.startswith("cannot connect")
