"""What a crawl achieved: its summary and its exit status, read off the crawl's Scrapy stats.

Exit statuses (the table in docs/crawling.md; a test keeps it in step):
0 the crawl worked; 3 the site could not be reached at all; 4 pages came back but nothing could
be parsed; 5 extraction drift: a required field was found on too few article pages (see `drift`);
6 another crawl holds the archive's lock (see `runlock`); 7 the archive cannot be written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from monitor_scraper.crawl import drift

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNREACHABLE = 3
EXIT_NOTHING_PARSED = 4
EXIT_DRIFT = 5
EXIT_LOCKED = 6
# 7: the archive cannot be written (read-only file or folder, disk full): the crawl stopped.
EXIT_ARCHIVE_UNWRITABLE = 7
ARCHIVE_ERROR_KEY = "monitor/archive_error"  # the first write that failed
IMAGES_KEY = "monitor/images_captured"  # images of articles newly held in the raw captures
UNREACHABLE_KEY = "monitor/unreachable"  # why the crawl stopped: the site could not be reached
LOCKED_KEY = "monitor/archive_locked"  # `scrapy crawl` found another crawl holding the lock


@dataclass
class Outcome:
    exit_status: int
    reason: str
    drift: list[dict[str, Any]] = field(default_factory=list)


def summary(stats: dict[str, Any]) -> dict[str, Any]:
    """The figures of one crawl, as stored in `crawls` and printed by `crawl --json`."""
    return {
        "crawl_id": stats.get("monitor/crawl_id"),
        "exit_status": stats.get("monitor/exit_status"),
        "reason": stats.get("monitor/exit_reason"),
        "pages_fetched": int(stats.get("downloader/response_count", 0)),
        "new": int(stats.get("monitor/articles_new", 0)),
        "changed": int(stats.get("monitor/articles_changed", 0)),
        "unchanged": int(stats.get("monitor/articles_unchanged", 0)),
        "withdrawn": int(stats.get("monitor/articles_withdrawn", 0)),
        "failed": int(stats.get("monitor/failed", 0)),
        "feed_entries": int(stats.get("monitor/feed_entries", 0)),
        "images": int(stats.get(IMAGES_KEY, 0)),
        "duration_seconds": _duration(stats),
        "article_pages": int(stats.get(drift.PAGES_KEY, 0)),
        "fields": drift.field_rates(stats),
        "drift": list(stats.get("monitor/drift", [])),
        "log_file": stats.get("monitor/log_file"),
        "warc_files": list(stats.get("monitor/warc_files", [])),
    }


def _duration(stats: dict[str, Any]) -> float | None:
    started = stats.get("start_time")
    if not started:
        return None
    # Pipelines close before Scrapy sets finish_time: a summary stored then counts up to now.
    finished = stats.get("finish_time") or datetime.now(started.tzinfo or UTC)
    return round((finished - started).total_seconds(), 1)


def outcome(stats: dict[str, Any], rules: drift.DriftRules | None = None) -> Outcome:
    """Did the crawl work? Non-zero with a one-line reason when it did not."""
    if stats.get(ARCHIVE_ERROR_KEY):
        return Outcome(EXIT_ARCHIVE_UNWRITABLE,
                       f"the archive cannot be written: {stats[ARCHIVE_ERROR_KEY]}")
    if stats.get(UNREACHABLE_KEY):
        return Outcome(EXIT_UNREACHABLE, f"the site could not be reached: {stats[UNREACHABLE_KEY]}")
    answered = sum(
        int(value)
        for key, value in stats.items()
        if key.startswith("downloader/response_status_count/2")
    )
    if answered == 0:
        return Outcome(EXIT_UNREACHABLE, "the site could not be reached: no page answered with 2xx")
    # Anything read at all: an article, a feed item, or a link to an article on a listing page.
    # A quiet hour (nothing new, nothing recent to refresh) still reads the listing and feeds.
    read = sum(
        int(stats.get(key, 0))
        for key in ("monitor/articles_new", "monitor/articles_changed",
                    "monitor/articles_unchanged", "monitor/feed_entries", "monitor/listing_links")
    )
    if read == 0:
        failed = int(stats.get("monitor/failed", 0))
        return Outcome(EXIT_NOTHING_PARSED, f"nothing could be parsed: {answered} pages answered, "
                       f"{failed} failed, and no article, feed item or listing link was read")
    drifted = drift.judge(stats, rules or drift.DriftRules())
    if drifted:
        reason = "extraction drift: " + "; ".join(item.message() for item in drifted)
        return Outcome(EXIT_DRIFT, reason, [item.to_dict() for item in drifted])
    return Outcome(EXIT_OK, "ok")


def final_outcome(stats: dict[str, Any]) -> Outcome:
    """The outcome a finished crawl settled on: the one the pipeline judged as the crawl ended,
    EXIT_LOCKED when it found another crawl holding the archive, else judged here."""
    if stats.get(LOCKED_KEY):
        return Outcome(EXIT_LOCKED, f"not crawling: {stats[LOCKED_KEY]}")
    if "monitor/exit_status" in stats:
        return Outcome(int(stats["monitor/exit_status"]), str(stats.get("monitor/exit_reason")),
                       list(stats.get("monitor/drift", [])))
    return outcome(stats)


def format_summary(summary: dict[str, Any]) -> str:
    """The summary as a short block of lines for a person (or a cron mail) to read."""
    duration = summary.get("duration_seconds")
    took = f"{duration:.1f} s" if duration is not None else "?"
    status = summary.get("exit_status")
    head = f"Crawl {summary.get('crawl_id') or ''}".rstrip()
    verdict = "ok" if status == EXIT_OK else "see the error below"
    lines = [
        f"{head} finished in {took}: exit status {status} ({verdict})",
        f"  pages fetched  {summary.get('pages_fetched', 0)}",
        "  articles       {new} new, {changed} changed, {unchanged} unchanged, "
        "{withdrawn} withdrawn".format(**{key: summary.get(key, 0) for key in
                                          ("new", "changed", "unchanged", "withdrawn")}),
        f"  errors         {summary.get('failed', 0)}",
    ]
    if summary.get("images"):
        lines.append(f"  images         {summary['images']} captured")
    rates = summary.get("fields") or {}
    if rates:
        found = ", ".join(f"{name} {rate:.0%}" for name, rate in rates.items())
        lines.append(f"  fields found   {found} of {summary.get('article_pages', 0)} pages")
    if summary.get("log_file"):
        lines.append(f"  log            {summary['log_file']}")
    if summary.get("warc_files"):
        lines.append(f"  warc           {', '.join(summary['warc_files'])}")
    return "\n".join(lines)
