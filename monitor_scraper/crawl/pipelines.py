"""Item pipelines: small, one job each, one call into the archive (`Archive`) per item.

`ArchivePipeline` stores what the spider yields (articles, failures, feed entries, where captured
images lie) in the SQLite
archive and counts the outcomes in the crawl's stats; the crawl's row in `crawls` is opened when the
spider opens and closed, with its summary and exit status, when it closes. `FieldRatePipeline`
counts how often each required field was found, for the drift alarm (`monitor_scraper.crawl.drift`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from monitor_scraper.archive import Archive
from monitor_scraper.crawl import drift, report, runlock
from monitor_scraper.crawl.engine import close_soon
from monitor_scraper.items import Article, CapturedImage, FeedEntry, FetchFailure

logger = logging.getLogger(__name__)


class ArchivePipeline:
    """Stores every item in the archive at MONITOR_DB."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("MONITOR_DB")
        self.archive: Archive | None = None
        self.crawl_id = 0
        self._lock = contextlib.ExitStack()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        try:
            self._take_lock()
        except runlock.ArchiveLocked as locked:
            logger.error("Not crawling: %s", locked)
            self._stats().set_value(report.LOCKED_KEY, str(locked))
            close_soon(self.crawler, "archive_locked")
            return
        self.archive = Archive(self.db_path)
        arguments = {
            "mode": getattr(spider, "mode", None),
            "since": str(getattr(spider, "since", None) or "") or None,
            "max_pages": getattr(spider, "max_pages", None),
            "base_url": getattr(spider, "base_url", None),
            "warc_dir": self._warc_dir(),
        }
        self.crawl_id = self.archive.begin_crawl(arguments["mode"] or "latest", arguments)
        self._stats().set_value("monitor/crawl_id", self.crawl_id)
        self._stats().set_value("monitor/log_file", self.crawler.settings.get("LOG_FILE"))

    def _warc_dir(self) -> str | None:
        """Where this crawl keeps its raw captures (absolute), for `status` and `verify`."""
        settings = self.crawler.settings
        if not settings.getbool("MONITOR_WARC_ENABLED"):
            return None
        return str(Path(settings.get("MONITOR_WARC_DIR")).resolve())

    def _take_lock(self) -> None:
        """One crawl at a time per archive, however the crawl was started: `monitor-scraper
        crawl` holds the archive's lock before Scrapy starts; `scrapy crawl` and Scrapyd runs
        take it here, for as long as the process lives. When another process holds it, the
        crawl stops as soon as it has opened, storing nothing."""
        if runlock.holder(self.db_path) == os.getpid():
            return
        self._lock.enter_context(runlock.crawl_lock(self.db_path))

    def process_item(self, item: Any) -> Any:
        error = self._stats().get_value(report.ARCHIVE_ERROR_KEY)
        if error:
            raise DropItem(f"not stored, the archive cannot be written: {error}", "DEBUG")
        if self.archive is None:
            raise DropItem("not stored: another crawl holds the archive", "DEBUG")
        try:
            return self._store(item)
        except sqlite3.DatabaseError as failure:  # read-only, disk full, I/O error, locked
            self._stop(failure)
            raise DropItem(f"not stored: {failure}", "DEBUG") from None  # _stop logged it

    def _store(self, item: Any) -> Any:
        assert self.archive is not None
        if isinstance(item, Article):
            outcome = self.archive.store_article(
                item, crawl_id=self.crawl_id, warc_file=item.warc_file, warc_offset=item.warc_offset
            )
            self._stats().inc_value(f"monitor/articles_{outcome}")
        elif isinstance(item, FetchFailure):
            withdrawn = self.archive.store_failure(item, crawl_id=self.crawl_id)
            self._stats().inc_value("monitor/failed")
            if withdrawn:
                self._stats().inc_value(f"monitor/articles_{withdrawn}")
            logger.warning("%s %s: %s", item.kind, item.url, item.reason)
        elif isinstance(item, FeedEntry):
            self.archive.store_feed_entry(item, crawl_id=self.crawl_id)
            self._stats().inc_value("monitor/feed_entries")
        elif isinstance(item, CapturedImage) and self.archive.store_image(
            item, crawl_id=self.crawl_id
        ):
            self._stats().inc_value(report.IMAGES_KEY)
        return item

    def close_spider(self) -> None:
        with self._lock:  # released when the crawl's end is recorded
            if self.archive is not None:
                self._end_crawl()

    def _end_crawl(self) -> None:
        assert self.archive is not None
        stats = self._stats()
        rules = drift.DriftRules.from_settings(self.crawler.settings)
        outcome = report.outcome(stats.get_stats(), rules)
        stats.set_value("monitor/exit_status", outcome.exit_status)
        stats.set_value("monitor/exit_reason", outcome.reason)
        stats.set_value("monitor/drift", outcome.drift)
        summary = report.summary(stats.get_stats())
        try:
            self.archive.end_crawl(self.crawl_id, exit_status=outcome.exit_status, summary=summary)
        except sqlite3.DatabaseError as failure:
            logger.error("Could not record the end of crawl %s: %s", self.crawl_id, failure)

    def _stop(self, failure: sqlite3.DatabaseError) -> None:
        """The first failed write stops the crawl: nothing more could be stored."""
        self._stats().set_value(report.ARCHIVE_ERROR_KEY, str(failure))
        logger.error("The archive cannot be written, stopping the crawl: %s", failure)
        close_soon(self.crawler, "archive_unwritable")

    def _stats(self) -> Any:
        assert self.crawler.stats is not None
        return self.crawler.stats


class FieldRatePipeline:
    """Counts, per article page, which required fields extraction found: the drift alarm's input."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldRatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(drift.PAGES_KEY)
        for name, found in drift.fields_found(item).items():
            if found:
                stats.inc_value(drift.found_key(name))
                continue
            missing = stats.get_value(drift.missing_key(name)) or []
            if len(missing) < drift.SAMPLE_SIZE:
                stats.set_value(drift.missing_key(name), [*missing, item.url])
        return item
