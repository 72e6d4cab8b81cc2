"""`monitor-scraper status`: the last runs on an archive and what the archive holds.

Reads `Archive.recent_crawls()` and `Archive.totals()`; a run without a finish time is
`running` while a crawl holds the archive's lock, else `unfinished` (it was killed or crashed).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from monitor_scraper.archive import Archive
from monitor_scraper.archive.runs import CrawlRecord
from monitor_scraper.crawl import runlock

logger = logging.getLogger(__name__)

EXIT_NAMES = {0: "ok", 1: "failed", 3: "unreachable", 4: "nothing parsed", 5: "drift",
              6: "locked", 7: "unwritable"}
HEADER = ("id", "mode", "started (UTC)", "took", "pages", "new", "changed", "same", "withdrawn",
          "errors", "exit")


def status_report(archive: Archive, last: int, warc_dir: Path | None = None) -> dict[str, Any]:
    """What `status --json` prints: the archive's totals, the last runs, a running crawl's pid,
    and the room the archive and the raw captures in `warc_dir` take on disk."""
    crawls = archive.recent_crawls(last)
    running = runlock.holder(archive.path)
    return {
        "db": str(archive.path),
        "running_pid": running,
        "totals": archive.totals(),
        "disk": disk_usage(archive.path, warc_dir),
        "crawls": [{**record.to_dict(), "state": _state(record, running, crawls)}
                   for record in crawls],
    }


def disk_usage(db: Path, warc_dir: Path | None) -> dict[str, Any]:
    """Bytes of the archive (with its WAL) and of the WARC files in `warc_dir`."""
    archive_files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
    captures = sorted(warc_dir.glob("*.warc*")) if warc_dir and warc_dir.is_dir() else []
    return {
        "archive_bytes": sum(path.stat().st_size for path in archive_files if path.exists()),
        "warc_dir": str(warc_dir) if warc_dir else None,
        "warc_files": len(captures),
        "warc_bytes": sum(path.stat().st_size for path in captures),
    }


def _size(count: int) -> str:
    """A number of bytes for a reader: `512 bytes`, `3.4 KB`, `2.3 GB`."""
    units = ("bytes", "KB", "MB", "GB", "TB")
    value, unit = float(count), 0
    while value >= 1024 and unit < len(units) - 1:
        value, unit = value / 1024, unit + 1
    return f"{count} bytes" if unit == 0 else f"{value:.1f} {units[unit]}"


def _state(record: CrawlRecord, running: int | None, crawls: list[CrawlRecord]) -> str:
    if record.finished:
        return EXIT_NAMES.get(record.exit_status or 0, "failed")
    newest_open = next((item.id for item in crawls if not item.finished), None)
    return "running" if running and record.id == newest_open else "unfinished"


def format_status(report: dict[str, Any]) -> str:
    """The archive's totals, then one line per run, newest first, then the reasons of failures."""
    lines = _totals_lines(report["db"], report["totals"], report["running_pid"])
    disk = report["disk"]
    captures = (f"raw captures {_size(disk['warc_bytes'])} in {disk['warc_files']} WARC files "
                f"({disk['warc_dir']})" if disk["warc_files"] else
                f"no raw captures in {disk['warc_dir']}" if disk["warc_dir"] else "")
    lines.append(f"  on disk: archive {_size(disk['archive_bytes'])}"
                 + (f"; {captures}" if captures else ""))
    crawls = report["crawls"]
    if not crawls:
        return "\n".join([*lines, "No crawls yet."])
    rows = [HEADER, *(_crawl_row(crawl) for crawl in crawls)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADER))]
    lines.append("Last runs, newest first:")
    lines += ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip() for row in rows]
    for crawl in crawls:
        reason = crawl["summary"].get("reason")
        if crawl["exit_status"] and reason:
            lines.append(f"  run {crawl['id']}: {reason}")
    return "\n".join(lines)


def _totals_lines(db: str, totals: dict[str, Any], running: int | None) -> list[str]:
    oldest = (totals.get("oldest_published") or "?")[:10]
    newest = (totals.get("newest_published") or "?")[:10]
    lines = [
        f"Archive {Path(db)}: {totals['articles']} articles ({totals['live']} live, "
        f"{totals['withdrawn']} withdrawn), {totals['versions']} versions, "
        f"published {oldest} to {newest}",
        f"  runs: {totals['crawls']}, fetch errors: {totals['fetch_errors']}, sightings: "
        f"{totals['latest_news_sightings']} latest-news, "
        f"{totals['announcement_sightings']} announcements",
    ]
    if totals.get("images_captured"):
        lines.append(f"  images of articles in the raw captures: {totals['images_captured']}")
    if totals.get("waiting_for_index"):
        lines.append(f"  search index: {totals['waiting_for_index']} waiting (indexed at "
                     "the archive's next write)")
    if running:
        who = f"pid {running}" if running > 0 else "another process"
        lines.append(f"  a crawl is running now ({who})")
    return lines


def _crawl_row(crawl: dict[str, Any]) -> tuple[str, ...]:
    took = crawl["duration_seconds"]
    exit_text = crawl["state"]
    if crawl["exit_status"] is not None and crawl["finished"]:
        exit_text = f"{crawl['exit_status']} {crawl['state']}"
    return (str(crawl["id"]), crawl["mode"], crawl["started"][:16].replace("T", " "),
            f"{took:.0f}s" if took is not None else "-", str(crawl["pages_fetched"]),
            str(crawl["new"]), str(crawl["changed"]), str(crawl["unchanged"]),
            str(crawl["withdrawn"]), str(crawl["failures"]), exit_text)
