"""Helpers for tests that run real crawls of the stand-in site in a subprocess."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent

# Politeness off, failures fast: the stand-in is on this machine.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "8",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "MONITOR_RETRY_BACKOFF": "0",
    "DOWNLOAD_TIMEOUT": "1",
    "RETRY_TIMES": "1",
}


@dataclass
class CrawlRun:
    returncode: int
    summary: dict[str, Any]
    stdout: str
    stderr: str


def crawl(
    base_url: str, db: Path, *, mode: str = "backfill", now: Any = None,
    extra: dict[str, str] | None = None, args: tuple[str, ...] = (), timeout: float = 240,
) -> CrawlRun:
    """`monitor-scraper crawl --json` against `base_url`, into `db`, with politeness off."""
    settings = {**FAST, "MONITOR_WARC_DIR": str(db.parent / "warc"), **(extra or {})}
    if now is not None:
        settings["MONITOR_NOW"] = now.isoformat()
    command = [str(BIN / "monitor-scraper"), "crawl", "--mode", mode, "--json",
               "--base-url", base_url, "--db", str(db), *args]
    for name, value in settings.items():
        command += ["--set", f"{name}={value}"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=db.parent,
                            timeout=timeout, check=False)
    try:
        summary = json.loads(result.stdout)
    except json.JSONDecodeError:
        summary = {}
    return CrawlRun(result.returncode, summary, result.stdout, result.stderr)


def query(db: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()
