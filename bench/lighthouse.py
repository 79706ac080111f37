"""Lighthouse (npm, pinned) against Debian's Chromium, mobile preset: four scores and the failing audits."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

VERSION = "12.8.2"  # 13.x needs Node 22; Debian's Node here is 20
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"


@dataclass(frozen=True)
class Report:
    page: str
    scores: dict[str, int]
    failing: list[str]  # "audit-id (category)"
    details: dict[str, str]  # failed binary audit id -> how many elements, and the first one


def install(folder: Path) -> Path:
    """npm-install the pinned Lighthouse into an ignored folder once; return its command."""
    command = folder / "node_modules" / ".bin" / "lighthouse"
    if not command.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", f"lighthouse@{VERSION}"],
            check=True,
            capture_output=True,
        )
    return command


def run(command: Path, url: str, page: str, output: Path) -> Report:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(
        [
            str(command),
            url,
            "--output=json",
            f"--output-path={output}",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=" + ",".join(CATEGORIES),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=300,
    )
    return parse(json.loads(output.read_text(encoding="utf-8")), page)


def parse(result: dict, page: str) -> Report:
    """Scores as 0-100, and every scored audit in the four categories that did not pass."""
    scores, failing, details = {}, [], {}
    for category in CATEGORIES:
        entry = result["categories"][category]
        scores[category] = round((entry["score"] or 0) * 100)
        for ref in entry["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if audit["scoreDisplayMode"] in {"binary", "numeric", "metricSavings"} and (audit["score"] or 0) < 1:
                if audit["scoreDisplayMode"] == "binary":
                    failing.append(f"{ref['id']} ({category})")
                    details[ref["id"]] = _first_item(audit)
                elif ref.get("weight", 0) > 0:
                    failing.append(f"{ref['id']} {audit['score']:.2f}, {audit.get('displayValue', '')} ({category})")
    return Report(page, scores, failing, details)


def _first_item(audit: dict) -> str:
    items = audit.get("details", {}).get("items", [])
    if not items:
        return audit.get("title", "")
    node = items[0].get("node", {})
    why = " ".join((node.get("explanation") or "").split()).removeprefix("Fix any of the following: ")
    short = why if len(why) <= 160 else why[:160].rsplit(" ", 1)[0] + " ..."
    return f"{len(items)} element(s), e.g. `{node.get('selector', '?')}`: {short}"
