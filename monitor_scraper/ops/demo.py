"""The offline demo: the whole job on the bundled stand-in site, with no network.

Serves the stand-in of monitor.cn.ua on 127.0.0.1, backfills it with politeness off into a fresh
`data/demo.db` (raw captures in `data/demo-warc/`), then switches the site to its state "a day
later" (new, edited and withdrawn articles) and runs the scheduled `latest` crawl on it, as the
next run would; then a sample search, and the articles the second run found edited. Each crawl
runs in a process of its own (Twisted's reactor runs once per process).
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor_scraper.archive import Archive
from monitor_scraper.archive.search import SearchHit
from monitor_scraper.crawl.run import CrawlResult, run_crawl
from monitor_scraper.standin import build_site, serve
from monitor_scraper.standin.model import STATE_NOW

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
    # The stand-in's "day later" passes in seconds: its run re-fetches every recent article.
    "MONITOR_REFRESH_AGE_SHARE": 0,
}


@dataclass
class EditedArticle:
    url: str
    title: str
    versions: int

    @property
    def diff_path(self) -> str:
        """Its diff page in `monitor-scraper serve`."""
        section, number = self.url.rsplit("/", 2)[-2:]
        return f"/-/article/{section}/{number}/diff"


@dataclass
class DemoResult:
    crawls: list[CrawlResult]  # the backfill, then the next day's latest run (unless it failed)
    query: str = SAMPLE_QUERY
    hits: list[SearchHit] = field(default_factory=list)
    edited: list[EditedArticle] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """The first failed crawl's exit status; 0 when both worked."""
        return next((crawl.exit_status for crawl in self.crawls if crawl.exit_status), 0)


def start_afresh(db: Path, warc_dir: Path) -> None:
    """Remove a previous demo's archive and captures, so each demo crawls everything again."""
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        path.unlink(missing_ok=True)
    shutil.rmtree(warc_dir, ignore_errors=True)


def run_demo(articles: int = 240, db: Path = DEMO_DB, warc_dir: Path = DEMO_WARC_DIR) -> DemoResult:
    """Serve the stand-in, crawl it, crawl it again a day later, search the result. Blocking."""
    start_afresh(db, warc_dir)
    with serve(build_site(articles, hostile=False)) as server:
        settings = {**FAST_SETTINGS, "MONITOR_BASE_URL": server.base_url,
                    "MONITOR_DB": str(db), "MONITOR_WARC_DIR": str(warc_dir),
                    "MONITOR_IMAGES": True}
        crawls = [crawl_apart("backfill", settings)]
        if not crawls[0].exit_status:
            server.set_site(build_site(articles, state=2, hostile=False))
            crawls.append(crawl_apart("latest", {**settings,
                                                 "MONITOR_NOW": STATE_NOW[2].isoformat()}))
    result = DemoResult(crawls)
    if not db.exists():
        return result
    with Archive(db, readonly=True) as archive:
        result.hits = archive.search(SAMPLE_QUERY, limit=3)
        result.edited = [EditedArticle(*row) for row in archive.edited_articles()]
    return result


def crawl_apart(mode: str, settings: dict[str, Any]) -> CrawlResult:
    """`run_crawl(mode, settings=settings)` in a fresh process of its own."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(run_crawl, mode, settings=settings).result()
