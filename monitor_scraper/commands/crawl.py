"""`scrapy crawl`, ending with the crawl's exit status, as `monitor-scraper crawl` does.

Scrapy's own command exits 0 whatever the crawl achieved. This one exits with the status the
crawl settled on (`report.final_outcome`: 3 the site unreachable, 4 nothing parsed, 5 drift, 6
another crawl holds the archive, 7 the archive cannot be written) and says why in one line on
stderr, so cron and any scheduler that reads exit statuses see a failed run as failed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl

from monitor_scraper import report


class Command(ScrapyCrawl):
    def __init__(self) -> None:
        super().__init__()
        self.crawler: Any = None

    def _create_crawler(self, spidercls: Any) -> Any:
        self.crawler = super()._create_crawler(spidercls)
        return self.crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        if self.exitcode or self.crawler is None or self.crawler.stats is None:
            return
        outcome = report.final_outcome(self.crawler.stats.get_stats())
        self.exitcode = outcome.exit_status
        if outcome.exit_status:
            print(f"Error: {outcome.reason}", file=sys.stderr)
