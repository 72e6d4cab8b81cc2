"""Progress of an interactive crawl: one line on stderr, redrawn every second.

`MONITOR_PROGRESS`: `auto` (the default) shows it when stderr is a terminal, `on` always, `off`
never. A backfill also shows the listing pages left and an estimate of the time left, from the
largest listing offset the spider has seen (`monitor/listing_last_offset`) and the offsets' step.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from time import monotonic
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from monitor_scraper import urls

logger = logging.getLogger(__name__)

CLEAR_LINE = "\r\x1b[K"
DEFAULT_STEP = 20  # items on an all-news listing page
INTERVAL_SECONDS = 1.0


def wanted(setting: str, stream: TextIO) -> bool:
    """Should progress be shown on `stream` for this MONITOR_PROGRESS value?"""
    value = (setting or "auto").strip().lower()
    if value in ("on", "true", "1", "yes"):
        return True
    if value in ("off", "false", "0", "no"):
        return False
    if value != "auto":
        logger.warning("MONITOR_PROGRESS must be auto, on or off, not %r: using auto", setting)
    return stream.isatty()


@dataclass
class ListingProgress:
    """The listing pages a backfill has fetched and how far the listing goes."""

    done: int = 0
    offsets: set[int] = field(default_factory=set)

    def step(self) -> int:
        ordered = sorted(self.offsets)
        gaps = [b - a for a, b in zip(ordered, ordered[1:], strict=False) if b > a]
        return min(gaps) if gaps else DEFAULT_STEP

    def total(self, last_offset: int, max_pages: int | None) -> int:
        total = last_offset // self.step() + 1
        return min(total, max_pages) if max_pages else total


def format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def progress_line(stats: dict[str, Any], elapsed: float, listing: ListingProgress | None,
                  max_pages: int | None = None) -> str:
    """`312 pages, 8.4/s · 290 articles (280 new) · 3 errors · listing 12/48, ~4m10s left`."""
    pages = int(stats.get("downloader/response_count", 0))
    new = int(stats.get("monitor/articles_new", 0))
    stored = new + sum(int(stats.get(f"monitor/articles_{kind}", 0))
                       for kind in ("changed", "unchanged"))
    rate = pages / elapsed if elapsed > 0 else 0.0
    parts = [f"{pages} pages, {rate:.1f}/s", f"{stored} articles ({new} new)",
             f"{int(stats.get('monitor/failed', 0))} errors"]
    if listing is not None and listing.done:
        total = max(listing.total(int(stats.get("monitor/listing_last_offset", 0)), max_pages),
                    listing.done)
        left = total - listing.done
        eta = format_duration(left * elapsed / listing.done)
        parts.append(f"listing {listing.done}/{total}, ~{eta} left")
    return " · ".join(parts)


class ProgressExtension:
    """Redraws the progress line every second; the last one stays when the crawl ends."""

    def __init__(self, crawler: Crawler, stream: TextIO) -> None:
        self.crawler = crawler
        self.stream = stream
        self.started = monotonic()
        self.listing: ListingProgress | None = None
        self.max_pages: int | None = None
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        stream = sys.stderr
        if not wanted(crawler.settings.get("MONITOR_PROGRESS", "auto"), stream):
            raise NotConfigured  # quietly: no progress line is the usual case
        extension = cls(crawler, stream)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        return extension

    def spider_opened(self, spider: Any) -> None:
        self.started = monotonic()
        if getattr(spider, "mode", None) == "backfill":
            self.listing = ListingProgress()
            self.max_pages = getattr(spider, "max_pages", None)
        self.loop = task.LoopingCall(self.draw)
        self.loop.start(INTERVAL_SECONDS, now=False)

    def response_received(self, response: Any, request: Any, spider: Any) -> None:
        if self.listing is None or request.meta.get("kind") != "listing":
            return
        self.listing.done += 1
        offset = urls.listing_offset(response.url)
        if offset is not None:
            self.listing.offsets.add(offset)

    def spider_closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.draw()
        self.stream.write("\n")
        self.stream.flush()

    def draw(self) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        line = progress_line(stats, monotonic() - self.started, self.listing, self.max_pages)
        self.stream.write(CLEAR_LINE + line)
        self.stream.flush()


class ConsoleHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A log handler for stderr that first clears a progress line, so a warning stands alone, and
    writes each record as one line: a traceback goes to the crawl's log file, not to the console
    (which cron mails)."""

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self.stream, "isatty", lambda: False)():
            self.stream.write(CLEAR_LINE)
        super().emit(record)

    def format(self, record: logging.LogRecord) -> str:
        one_line = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None,
                                          "stack_info": None})
        return super().format(one_line)
