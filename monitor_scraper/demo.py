"""The offline demo: the whole job on the bundled stand-in site, with no network.

Serves the stand-in of monitor.cn.ua on 127.0.0.1, backfills it with politeness off into a fresh
`data/demo.db` (raw captures in `data/demo-warc/`), and runs a sample search on the result.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from monitor_scraper.archive import Archive
from monitor_scraper.archive_search import SearchHit
from monitor_scraper.crawl import CrawlResult, run_crawl
from monitor_scraper.standin import build_site, serve

logger = logging.getLogger(__name__)

DEMO_DB = Path("data/demo.db")
DEMO_WARC_DIR = Path("data/demo-warc")
SAMPLE_QUERY = "Кременчук"
MIN_ARTICLES = 28  # the stand-in's hand-written articles and a few more
# The stand-in runs on this machine: no delay, no throttling, short timeouts.
FAST_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 8,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "MONITOR_RETRY_BACKOFF": 0,
    "DOWNLOAD_TIMEOUT": 5,
}


@dataclass
class DemoResult:
    crawl: CrawlResult
    query: str = SAMPLE_QUERY
    hits: list[SearchHit] = field(default_factory=list)


def start_afresh(db: Path, warc_dir: Path) -> None:
    """Remove a previous demo's archive and captures, so each demo crawls everything again."""
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        path.unlink(missing_ok=True)
    shutil.rmtree(warc_dir, ignore_errors=True)


def run_demo(articles: int = 240, db: Path = DEMO_DB, warc_dir: Path = DEMO_WARC_DIR) -> DemoResult:
    """Serve the stand-in, crawl it into `db`, search the result. Blocking; once per process."""
    start_afresh(db, warc_dir)
    site = build_site(articles, hostile=False)
    with serve(site) as server:
        settings = {**FAST_SETTINGS, "MONITOR_BASE_URL": server.base_url,
                    "MONITOR_DB": str(db), "MONITOR_WARC_DIR": str(warc_dir)}
        result = run_crawl("backfill", settings=settings)
    if not db.exists():
        return DemoResult(result)
    with Archive(db, readonly=True) as archive:
        hits = archive.search(SAMPLE_QUERY, limit=3)
    return DemoResult(result, hits=hits)
