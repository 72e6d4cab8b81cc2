"""Running `monitor-scraper` in a subprocess for the operations tests: crawls of the stand-in
with politeness off, and the demo."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent

FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "8",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "MONITOR_RETRY_BACKOFF": "0",
    "DOWNLOAD_TIMEOUT": "2",
    "RETRY_TIMES": "1",
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


def crawl(base_url: str, db: Path, *args: str, mode: str = "backfill",
          settings: dict[str, str] | None = None) -> Run:
    """`monitor-scraper crawl` of `base_url` into `db`, run in db's folder."""
    command = ["crawl", "--mode", mode, "--base-url", base_url, "--db", str(db), *args]
    for name, value in {**FAST, "MONITOR_WARC_DIR": str(db.parent / "warc"),
                        **(settings or {})}.items():
        command += ["--set", f"{name}={value}"]
    return monitor_scraper(*command, cwd=db.parent)
