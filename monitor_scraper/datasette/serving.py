"""Datasette on an archive: brought up to date first, with the project's plugins, metadata and
configuration (`config`).

`monitor-scraper serve` and `demo --serve` call `serve`; tests and benchmarks build the same
Datasette in-process with `archive_datasette`.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from datasette.app import Datasette

from monitor_scraper.archive import Archive
from monitor_scraper.archive.metadata import datasette_metadata
from monitor_scraper.crawl import runlock
from monitor_scraper.datasette.config import plugin_metadata

logger = logging.getLogger(__name__)

# Datasette's settings for the archive: a page that would run longer stops with a message.
SETTINGS = {"sql_time_limit_ms": 3000}


def bring_up_to_date(db: str) -> None:
    """An archive made by an older version gains what this one reads (the tables of its
    canned queries, say) unless a crawl is writing it: a crawl does the same when it starts.
    The crawl's lock is held meanwhile. One this process cannot write is read as it is."""
    try:
        with runlock.crawl_lock(db):
            Archive(db).close()
    except (runlock.ArchiveLocked, sqlite3.Error, OSError) as error:
        logger.info("archive %s read as it is: %s", db, error)


def register() -> None:
    """Load the plugin, the browsing pages and their templates and static files into Datasette
    (once per process), before a Datasette is made."""
    from datasette.plugins import pm

    import monitor_scraper.datasette as package
    from monitor_scraper.datasette import browse, plugin

    for name, module in (("monitor_scraper", plugin), ("monitor_scraper_browse", browse),
                         ("monitor_scraper_files", package)):
        if not pm.is_registered(module):
            pm.register(module, name=name)


def metadata(db: str | Path, warc_dir: str | Path | None) -> dict[str, Any]:
    """Datasette's metadata for the archive at `db`: the archive's own, and this plugin's
    configuration (the archive's name and where its raw captures lie)."""
    name = Path(db).stem
    return {**datasette_metadata(name), "plugins": plugin_metadata(name, warc_dir)}


def is_immutable(db: str | Path) -> bool:
    """Whether the archive at `db` can only be read as an immutable copy (a WAL archive in a
    folder this process cannot write): Datasette must then open it so too."""
    with Archive(db, readonly=True) as archive:
        return archive.immutable


def archive_datasette(db: str | Path, warc_dir: str | Path | None = None) -> Datasette:
    """A Datasette serving the archive at `db` as `serve` does, for use in this process."""
    register()
    files = {"immutables" if is_immutable(db) else "files": [str(db)]}
    return Datasette(**files, metadata=metadata(db, warc_dir), settings=SETTINGS)


def serve(db: str, host: str, port: int, warc_dir: str | Path | None) -> None:
    """Datasette on the archive at `db` (its raw captures in `warc_dir`), until stopped. A
    read-only copy is served as it is, immutable where SQLite cannot read it otherwise."""
    from datasette.cli import serve as datasette_serve

    immutable = is_immutable(db)
    if not immutable:
        bring_up_to_date(db)
    register()
    path = Path(tempfile.mkdtemp()) / "metadata.json"
    path.write_text(json.dumps(metadata(db, warc_dir), ensure_ascii=False))
    arguments = ["-i", db] if immutable else [db]
    arguments += ["--host", host, "--port", str(port), "--metadata", str(path)]
    for name, value in SETTINGS.items():
        arguments += ["--setting", name, str(value)]
    datasette_serve.main(arguments, standalone_mode=True)
