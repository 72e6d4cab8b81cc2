"""Run the `monitor` spider in this process and report what the crawl achieved.

`monitor-scraper crawl` is a thin layer over `run_crawl`, which adds what a scheduled run needs
around the spider: the archive's lock (one crawl at a time, `runlock`), a log file per crawl under
MONITOR_LOG_DIR with only warnings on the console, and the summary. `scrapy crawl monitor` runs the
same spider with the same settings, without those.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from monitor_scraper.crawl import report, runlock
from monitor_scraper.crawl.progress import ConsoleHandler

logger = logging.getLogger(__name__)

CONSOLE_FORMAT = "%(levelname)s %(name)s: %(message)s"


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


class CrawlRefused(Exception):
    """A crawl that cannot start: its exit status and a one-line reason."""

    def __init__(self, exit_status: int, reason: str) -> None:
        super().__init__(reason)
        self.exit_status = exit_status
        self.reason = reason


@contextmanager
def archive_for_crawl(db: str) -> Iterator[None]:
    """Hold the crawl's lock on the archive at `db` once it is known to be writable: created,
    or brought up to date, here and under the lock. The one check before any crawl, whoever
    starts it; raises CrawlRefused (7 the archive cannot be written, 6 another crawl holds it)."""
    problem = lock_file_problem(db)
    if problem:
        raise CrawlRefused(report.EXIT_ARCHIVE_UNWRITABLE, problem)
    try:
        with runlock.crawl_lock(db):
            problem = archive_problem(db)
            if problem:
                raise CrawlRefused(report.EXIT_ARCHIVE_UNWRITABLE, problem)
            yield
    except runlock.ArchiveLocked as error:
        raise CrawlRefused(report.EXIT_LOCKED, str(error)) from None


def run_crawl(
    mode: str = "latest",
    since: str | None = None,
    max_pages: int | None = None,
    settings: dict[str, Any] | None = None,
) -> CrawlResult:
    """Crawl once (blocking) and return its exit status, reason and summary.

    A crawl of an archive another crawl is writing to returns at once with EXIT_LOCKED.
    """
    configured = project_settings(settings)
    try:
        with archive_for_crawl(configured.get("MONITOR_DB")):
            return _run(configured, mode, since, max_pages)
    except CrawlRefused as refused:
        summary = ({"exit_status": refused.exit_status, "reason": refused.reason}
                   if refused.exit_status == report.EXIT_LOCKED else {})
        return CrawlResult(refused.exit_status, refused.reason, summary)


def archive_problem(db: str) -> str | None:
    """Why the archive at `db` cannot be opened for writing, in one line; None when it can."""
    from monitor_scraper.archive import Archive, NotAnArchive

    try:
        Archive(db).close()  # creates what is missing and writes the schema version
    except NotAnArchive as error:  # it names the file
        return f"the archive cannot be written: {error}"
    except (sqlite3.Error, OSError) as error:
        return f"the archive cannot be written: {db}: {error}"
    return None


def lock_file_problem(db: str) -> str | None:
    """Why the crawl's lock file cannot be made beside the archive, in one line; else None."""
    try:
        runlock.lock_path(db).parent.mkdir(parents=True, exist_ok=True)
        runlock.lock_path(db).open("a").close()
    except OSError as error:
        return f"the archive cannot be written: {db}: {error}"
    return None


def log_file_path(settings: Settings, mode: str) -> str | None:
    """LOG_FILE if set, else `<MONITOR_LOG_DIR>/crawl-<UTC stamp>-<mode>.log`; None for no file.
    Crawl logs there older than MONITOR_LOG_KEEP_DAYS are deleted first."""
    if settings.get("LOG_FILE"):
        return str(settings.get("LOG_FILE"))
    folder = settings.get("MONITOR_LOG_DIR")
    if not folder:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = Path(folder) / f"crawl-{stamp}-{mode}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    prune_logs(path.parent, settings.getfloat("MONITOR_LOG_KEEP_DAYS"))
    return str(path)


def prune_logs(folder: Path, keep_days: float) -> None:
    """Delete the crawl logs (`crawl-*.log`) in `folder` last written more than `keep_days` ago
    (none when it is 0 or less)."""
    if keep_days <= 0:
        return
    oldest = time.time() - keep_days * 86400
    for log in folder.glob("crawl-*.log"):
        try:
            if log.stat().st_mtime < oldest:
                log.unlink()
        except OSError as error:  # gone meanwhile, or not ours to delete: not worth a failed run
            logger.warning("Could not delete the old log %s: %s", log, error)


def _run(settings: Settings, mode: str, since: str | None, max_pages: int | None) -> CrawlResult:
    log_file = log_file_path(settings, mode)
    console = None
    if log_file:
        settings.set("LOG_FILE", log_file, priority="cmdline")
        console = ConsoleHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        console.setFormatter(logging.Formatter(CONSOLE_FORMAT))
        logging.getLogger().addHandler(console)
    try:
        process = CrawlerProcess(settings)
        crawler = process.create_crawler("monitor")
        process.crawl(crawler, mode=mode, since=since, max_pages=max_pages)
        process.start()
    finally:
        if console is not None:
            logging.getLogger().removeHandler(console)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    summary = report.summary(stats)
    summary["log_file"] = summary.get("log_file") or log_file
    result = report.final_outcome(stats)
    summary.update(exit_status=result.exit_status, reason=result.reason)
    return CrawlResult(result.exit_status, result.reason, summary)
