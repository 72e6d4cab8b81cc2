"""Running `monitor-scraper` in a subprocess for tests: crawls of the stand-in site on 127.0.0.1
with politeness off, and the other commands."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent

# The stand-in is on this machine: no politeness, failures fast.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "8",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "MONITOR_RETRY_BACKOFF": "0",
    "DOWNLOAD_TIMEOUT": "2",
    "RETRY_TIMES": "1",
    # A stand-in's "day later" (MONITOR_NOW) passes in seconds of the clock that times fetches:
    # every run re-fetches every recent article, as it would a day later.
    "MONITOR_REFRESH_AGE_SHARE": "0",
}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)


def monitor_scraper(*args: str, cwd: Path, timeout: float = 240) -> Run:
    result = subprocess.run([str(BIN / "monitor-scraper"), *args], capture_output=True, text=True,
                            cwd=cwd, timeout=timeout, check=False)
    return Run(result.returncode, result.stdout, result.stderr)


def crawl_command(base_url: str, db: Path, *args: str, mode: str = "backfill",
                  now: datetime | None = None, settings: dict[str, Any] | None = None,
                  prefix: tuple[str, ...] = ()) -> list[str]:
    """The `monitor-scraper crawl` command line for `base_url` into `db`, WARC files beside it;
    `now` is the moment the crawl takes as now (MONITOR_NOW), e.g. the stand-in's `site.now`."""
    command = [*prefix, str(BIN / "monitor-scraper"), "crawl", "--mode", mode,
               "--base-url", base_url, "--db", str(db), *args]
    chosen = {**FAST, "MONITOR_WARC_DIR": str(db.parent / "warc"), **(settings or {})}
    if now is not None:
        chosen["MONITOR_NOW"] = now.isoformat()
    for name, value in chosen.items():
        command += ["--set", f"{name}={value}"]
    return command


def crawl(base_url: str, db: Path, *args: str, mode: str = "backfill",
          now: datetime | None = None, settings: dict[str, Any] | None = None) -> Run:
    """Run `crawl_command` in db's folder."""
    command = crawl_command(base_url, db, *args, mode=mode, now=now, settings=settings)
    return monitor_scraper(*command[1:], cwd=db.parent)


def query(db: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()
