"""Datasette on an archive: brought up to date first, with the project's plugin and metadata.

`monitor-scraper serve` and `demo --serve` call `serve`; the command line only checks that the
archive is there.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import tempfile
from pathlib import Path

from monitor_scraper.archive import Archive
from monitor_scraper.archive.metadata import datasette_metadata
from monitor_scraper.crawl import runlock
from monitor_scraper.datasette.plugin import register

logger = logging.getLogger(__name__)


def bring_up_to_date(db: str) -> None:
    """An archive made by an older version gains what this one reads (the tables of its
    canned queries, say) unless a crawl is writing it: a crawl does the same when it starts.
    The crawl's lock is held meanwhile. One this process cannot write is read as it is."""
    try:
        with runlock.crawl_lock(db):
            Archive(db).close()
    except (runlock.ArchiveLocked, sqlite3.Error, OSError) as error:
        logger.info("archive %s read as it is: %s", db, error)


def serve(db: str, host: str, port: int, warc_dir: str = "data/warc") -> None:
    """Datasette on the archive at `db` (its raw captures in `warc_dir`), until stopped."""
    from datasette.cli import serve as datasette_serve

    bring_up_to_date(db)
    register(Path(db).stem, warc_dir)
    metadata = Path(tempfile.mkdtemp()) / "metadata.json"
    metadata.write_text(json.dumps(datasette_metadata(Path(db).stem), ensure_ascii=False))
    datasette_serve.main([db, "--host", host, "--port", str(port), "--metadata", str(metadata),
                          "--setting", "sql_time_limit_ms", "3000"], standalone_mode=True)
