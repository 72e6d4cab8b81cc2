"""Helpers for the survival tests (`test_survive_*.py`): crawl commands against the stand-in and
checks of what an archive and its WARC files hold afterwards."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import crawling
from crawling import BIN  # noqa: F401 - the survival tests take it from here
from warcio.archiveiterator import ArchiveIterator

# Survival tests want failures found fast: a hang gives up after one second.
FAST = {**crawling.FAST, "DOWNLOAD_TIMEOUT": "1"}


def crawl_command(base_url: str, db: Path, *, mode: str = "backfill",
                  settings: dict[str, Any] | None = None, args: tuple[str, ...] = (),
                  prefix: tuple[str, ...] = ()) -> list[str]:
    """`monitor-scraper crawl --json` against `base_url` into `db`; WARC files beside `db`."""
    return crawling.crawl_command(base_url, db, "--json", *args, mode=mode, prefix=prefix,
                                  settings={**FAST, **(settings or {})})


def run(command: list[str], cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          check=False)


@contextmanager
def connect(db: Path, *, readonly: bool = True) -> Iterator[sqlite3.Connection]:
    uri = f"file:{db}?mode=ro" if readonly else f"file:{db}"
    connection = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def rows(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def integrity(db: Path) -> str:
    """`PRAGMA integrity_check`, joined: "ok" for a sound file."""
    return " ".join(str(row[0]) for row in rows(db, "PRAGMA integrity_check"))


def readable_records(path: Path) -> tuple[int, Exception | None]:
    """How many WARC records a file yields, and the error that stopped reading, if any."""
    count = 0
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                record.content_stream().read()
                count += 1
    except Exception as error:  # noqa: BLE001 - whatever warcio raises is the answer
        return count, error
    return count, None
