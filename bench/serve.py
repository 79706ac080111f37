"""Serve a built site on 127.0.0.1 the way a web host does: text compressed with gzip.

Every response is logged with the bytes actually sent in its body, so the page-weight
measure counts what crossed the wire, including requests made by web workers.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# What hosts usually compress. PNG, JPEG, WOFF2 are compressed already and are sent as they are.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


@dataclass(frozen=True)
class Sent:
    path: str
    content_type: str
    body_bytes: int


@dataclass
class Log:
    entries: list[Sent] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, entry: Sent) -> None:
        with self.lock:
            self.entries.append(entry)

    def take(self) -> list[Sent]:
        with self.lock:
            taken, self.entries = self.entries, []
        return taken


class GzipHandler(SimpleHTTPRequestHandler):
    log: Log

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        encoded = "gzip" in self.headers.get("Accept-Encoding", "") and content_type.startswith(COMPRESSIBLE)
        if encoded:
            body = gzip.compress(body, compresslevel=6, mtime=0)  # level 6: the usual server default
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if encoded:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.log.add(Sent(self.path, content_type, len(body)))  # before the body: the client may act on it at once
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the Log holds what matters; keep the benchmark's output readable


class SiteServer:
    """`with SiteServer(site) as server:` serves site/ at server.url until the block ends."""

    def __init__(self, site: Path) -> None:
        self.log = Log()
        handler = type("Handler", (GzipHandler,), {"log": self.log})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
