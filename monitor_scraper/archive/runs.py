"""The archive's record of its runs (`crawls`), read for `monitor-scraper status`.

One of the modules of the archive package, the only code that names the tables.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import sqlite_utils

logger = logging.getLogger(__name__)

_COLUMNS = ("id", "mode", "started", "finished", "exit_status", "pages", "articles_new",
            "articles_changed", "articles_unchanged", "articles_withdrawn", "failures", "summary")


@dataclass
class CrawlRecord:
    """One row of `crawls`: a crawl or reparse, its counts and its stored summary."""

    id: int
    mode: str
    started: str
    finished: str | None
    exit_status: int | None
    pages: int
    new: int
    changed: int
    unchanged: int
    withdrawn: int
    failures: int
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def duration_seconds(self) -> float | None:
        if self.summary.get("duration_seconds") is not None:
            return float(self.summary["duration_seconds"])
        if not self.finished:
            return None
        spent = datetime.fromisoformat(self.finished) - datetime.fromisoformat(self.started)
        return round(spent.total_seconds(), 1)

    @property
    def pages_fetched(self) -> int:
        """Pages the crawl fetched (its summary), else the article pages it stored."""
        return int(self.summary.get("pages_fetched", self.pages))

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "duration_seconds": self.duration_seconds,
                "pages_fetched": self.pages_fetched}


def recent_crawls(db: sqlite_utils.Database, limit: int = 10) -> list[CrawlRecord]:
    """The last `limit` runs, newest first."""
    rows = db.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM crawls ORDER BY id DESC LIMIT ?", [limit]
    ).fetchall()
    return [_record(row) for row in rows]


def _record(row: tuple[Any, ...]) -> CrawlRecord:
    values = dict(zip(_COLUMNS, row, strict=True))
    try:
        summary = json.loads(values.pop("summary") or "{}")
    except json.JSONDecodeError:
        summary = {}
    return CrawlRecord(
        id=values["id"], mode=values["mode"], started=values["started"],
        finished=values["finished"], exit_status=values["exit_status"], pages=values["pages"],
        new=values["articles_new"], changed=values["articles_changed"],
        unchanged=values["articles_unchanged"], withdrawn=values["articles_withdrawn"],
        failures=values["failures"], summary=summary if isinstance(summary, dict) else {},
    )
