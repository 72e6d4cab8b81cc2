"""What a crawl achieved: its summary and its exit status, read off the crawl's Scrapy stats.

Exit statuses (also documented in the README):
0 the crawl worked; 3 the site could not be reached at all; 4 pages came back but nothing could
be parsed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNREACHABLE = 3
EXIT_NOTHING_PARSED = 4


@dataclass
class Outcome:
    exit_status: int
    reason: str


def summary(stats: dict[str, Any]) -> dict[str, Any]:
    """The figures of one crawl, as stored in `crawls` and printed by `crawl --json`."""
    started = stats.get("start_time")
    finished = stats.get("finish_time")
    duration = (finished - started).total_seconds() if started and finished else None
    return {
        "pages_fetched": int(stats.get("downloader/response_count", 0)),
        "new": int(stats.get("monitor/articles_new", 0)),
        "changed": int(stats.get("monitor/articles_changed", 0)),
        "unchanged": int(stats.get("monitor/articles_unchanged", 0)),
        "withdrawn": int(stats.get("monitor/articles_withdrawn", 0)),
        "failed": int(stats.get("monitor/failed", 0)),
        "feed_entries": int(stats.get("monitor/feed_entries", 0)),
        "duration_seconds": round(duration, 1) if duration is not None else None,
        "warc_files": list(stats.get("monitor/warc_files", [])),
    }


def outcome(stats: dict[str, Any]) -> Outcome:
    """Did the crawl work? Non-zero with a one-line reason when it did not."""
    answered = sum(
        int(value)
        for key, value in stats.items()
        if key.startswith("downloader/response_status_count/2")
    )
    if answered == 0:
        return Outcome(EXIT_UNREACHABLE, "the site could not be reached: no page answered with 2xx")
    stored = sum(
        int(stats.get(f"monitor/articles_{kind}", 0)) for kind in ("new", "changed", "unchanged")
    )
    failed = int(stats.get("monitor/failed", 0))
    if stored == 0 and failed > 0:
        return Outcome(EXIT_NOTHING_PARSED, f"nothing could be parsed: {failed} pages failed")
    return Outcome(EXIT_OK, "ok")
