"""Helpers for the survival tests (`test_survive_*.py`): crawl commands against the stand-in,
checks of what an archive and its WARC files hold afterwards, and running a command as a user
whom file permissions stop (root without the capabilities that override them)."""

from __future__ import annotations

import ctypes
import os
import sqlite3
import subprocess
import sys
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


# Run the command in argv[1:] without the capabilities that let root ignore file permissions.
DROP_PERMISSION_OVERRIDES = """
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH; PR_CAPBSET_DROP is 24
    if libc.prctl(24, capability, 0, 0, 0) != 0:
        sys.exit("cannot drop capability %d: errno %d" % (capability, ctypes.get_errno()))
os.execv(sys.argv[1], sys.argv[1:])
"""


def can_drop_overrides() -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    get_bounding = 23  # PR_CAPBSET_READ
    return os.geteuid() != 0 or libc.prctl(get_bounding, 8, 0, 0, 0) == 1  # CAP_SETPCAP held


def as_unprivileged() -> tuple[str, ...]:
    return (sys.executable, "-c", DROP_PERMISSION_OVERRIDES) if os.geteuid() == 0 else ()
