"""An archive built by real crawls of the stand-in site, for the browsing-page tests.

State 1 is crawled in full (backfill); then, with the site switched to state 2 ("a day later"), a
latest run re-fetches recent articles, so the edited ones get a second version and two go missing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from monitor_scraper.standin import build_site, serve
from monitor_scraper.standin.model import STATE_NOW

BIN = Path(sys.executable).parent
ARTICLES = 60
# The stand-in is on this machine: no politeness, failures fast.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "8",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "MONITOR_RETRY_BACKOFF": "0",
    "DOWNLOAD_TIMEOUT": "5",
}


def _crawl(base_url: str, db: Path, mode: str, extra: dict[str, str]) -> dict:
    settings = {**FAST, "MONITOR_WARC_DIR": str(db.parent / "warc"), **extra}
    command = [str(BIN / "monitor-scraper"), "crawl", "--mode", mode, "--json",
               "--base-url", base_url, "--db", str(db)]
    for name, value in settings.items():
        command += ["--set", f"{name}={value}"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=db.parent,
                            timeout=240, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def crawl_two_states(folder: Path) -> Path:
    """Crawl state 1, then a latest run of state 2, into `folder`/monitor.db; its path."""
    db = folder / "monitor.db"
    # The refresh window reaches back to state 1 whether it is counted from MONITOR_NOW or
    # from the clock.
    days = (datetime.now(UTC) - STATE_NOW[1]).days + 3
    with serve(build_site(ARTICLES, hostile=False)) as server:
        first = _crawl(server.base_url, db, "backfill", {})
        assert first["new"] >= ARTICLES
        server.set_site(build_site(ARTICLES, state=2, hostile=False))
        second = _crawl(server.base_url, db, "latest", {
            "MONITOR_NOW": STATE_NOW[2].isoformat(), "MONITOR_REFRESH_DAYS": str(days)})
        assert second["changed"] >= 2, second
    return db
