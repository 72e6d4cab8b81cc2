"""One crawl at a time per archive: an exclusive `flock` on `<archive>.lock` for the whole run.

The operating system drops the lock when the process ends, however it ends, so a killed crawl
never leaves the archive locked; the file itself stays, holding the pid of the last holder for the
message a second crawl prints.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)


class ArchiveLocked(Exception):
    """Another process holds the archive's lock. The message says which."""


def lock_path(db: str | Path) -> Path:
    return Path(f"{db}.lock")


@contextlib.contextmanager
def crawl_lock(db: str | Path) -> Iterator[Path]:
    """Hold the archive's lock until the block ends; raise ArchiveLocked when it is taken."""
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(handle)
            who = f"pid {holder}" if holder else "another process"
            raise ArchiveLocked(
                f"another crawl ({who}) is writing to {db}; lock file {path}"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield path
    finally:
        handle.close()  # closing the file releases the lock


def holder(db: str | Path) -> int | None:
    """The pid of the crawl holding the archive's lock now, or None when no crawl does."""
    path = lock_path(db)
    if not path.exists():
        return None
    with path.open("r") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_pid(handle) or -1
        return None


def _read_pid(handle: IO[str]) -> int | None:
    handle.seek(0)
    text = handle.read().strip()
    return int(text) if text.isdigit() else None
