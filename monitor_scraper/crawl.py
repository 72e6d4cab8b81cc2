"""Run the `monitor` spider in this process and report what the crawl achieved.

`monitor-scraper crawl` is a thin layer over `run_crawl`; `scrapy crawl monitor` runs the same
spider with the same settings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from monitor_scraper import report

logger = logging.getLogger(__name__)


@dataclass
class CrawlResult:
    exit_status: int
    reason: str
    summary: dict[str, Any] = field(default_factory=dict)


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The project's Scrapy settings with `overrides` applied as if given on the command line."""
    settings = Settings()
    settings.setmodule("monitor_scraper.settings", priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(
    mode: str = "latest",
    since: str | None = None,
    max_pages: int | None = None,
    settings: dict[str, Any] | None = None,
) -> CrawlResult:
    """Crawl once (blocking) and return its exit status, reason and summary."""
    process = CrawlerProcess(project_settings(settings), install_root_handler=True)
    crawler = process.create_crawler("monitor")
    process.crawl(crawler, mode=mode, since=since, max_pages=max_pages)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    if "monitor/exit_status" not in stats:
        result = report.outcome(stats)
        return CrawlResult(result.exit_status, result.reason, report.summary(stats))
    return CrawlResult(
        int(stats["monitor/exit_status"]), str(stats["monitor/exit_reason"]), report.summary(stats)
    )
