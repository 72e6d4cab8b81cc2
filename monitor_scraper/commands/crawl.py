"""`scrapy crawl`, ending with the crawl's exit status, as `monitor-scraper crawl` does.

Scrapy's own command exits 0 whatever the crawl achieved. This one exits with the status the
crawl settled on (`report.final_outcome`: 3 the site unreachable, 4 nothing parsed, 5 drift, 6
another crawl holds the archive, 7 the archive cannot be written) and says why in one line on
stderr, so cron and any scheduler that reads exit statuses see a failed run as failed. A bad
spider argument is one line and status 2, before anything starts.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl

from monitor_scraper.crawl import report
from monitor_scraper.crawl.run import CrawlRefused, archive_for_crawl


class Command(ScrapyCrawl):
    def __init__(self) -> None:
        super().__init__()
        self.crawler: Any = None

    def _create_crawler(self, spidercls: Any) -> Any:
        self.crawler = super()._create_crawler(spidercls)
        return self.crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        refused = self._refusal(args, opts)
        if refused is not None:
            self.exitcode, reason = refused
            print(f"Error: {reason}", file=sys.stderr)
            return
        super().run(args, opts)
        if self.exitcode or self.crawler is None or self.crawler.stats is None:
            return
        outcome = report.final_outcome(self.crawler.stats.get_stats())
        self.exitcode = outcome.exit_status
        if outcome.exit_status:
            print(f"Error: {outcome.reason}", file=sys.stderr)

    def _refusal(self, args: list[str], opts: argparse.Namespace) -> tuple[int, str] | None:
        """(status, reason) when the monitor spider's run cannot start: a bad argument, or an
        archive that cannot be opened for writing (brought up to date meanwhile, under the
        crawl's lock, as `monitor-scraper crawl` does)."""
        if args[:1] != ["monitor"]:
            return None
        from monitor_scraper.crawl.arguments import CrawlArgumentError, parse_arguments

        spargs = opts.spargs
        try:
            parse_arguments(spargs.get("mode"), spargs.get("since"), spargs.get("max_pages"))
        except CrawlArgumentError as error:
            return 2, str(error)
        assert self.settings is not None
        try:
            with archive_for_crawl(self.settings.get("MONITOR_DB")):
                return None  # the pipeline takes the lock for the crawl itself
        except CrawlRefused as refused:
            if refused.exit_status == report.EXIT_LOCKED:
                return None  # the pipeline says so, and the crawl ends with status 6
            return refused.exit_status, refused.reason
