"""Checking an archive file: what SQLite finds wrong with it, and which rows point at captures.

`verify` (the command) asks these through `Archive.database_problems()` and
`Archive.capture_references()`, then reads the captures themselves.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from monitor_scraper.archive import schema

logger = logging.getLogger(__name__)

SEARCH_TABLES = (schema.SEARCH_TABLE, schema.EARLIER_SEARCH_TABLE)


class CaptureReference(NamedTuple):
    """A row that says where its raw capture lies."""

    kind: str  # "article" (the newest capture), "version", "image"
    url: str  # canonical
    warc_file: str
    warc_offset: int
    sha1: str | None  # of the captured bytes, for images


class DatabaseCheck(NamedTuple):
    """What SQLite found wrong with the file, and what it could not check."""

    problems: list[str]
    unchecked: list[str]


def database_problems(db: sqlite_utils.Database, path: Path, *,
                      writable: bool = True) -> DatabaseCheck:
    """SQLite's integrity check, the foreign keys, and each search index's own check (which
    needs a connection that may write: left unchecked, and said, where the archive cannot be
    written)."""
    problems = [f"integrity: {row[0]}" for row in db.execute("PRAGMA integrity_check")
                if row[0] != "ok"]
    for table, rowid, parent, _key in db.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {rowid} refers to a {parent} row that is not there")
    tables = [table for table in SEARCH_TABLES if db[table].exists()]
    if not tables:
        return DatabaseCheck(problems, [])
    if not writable:
        return DatabaseCheck(problems, ["search indexes: FTS5 checks them only on a connection "
                                        "that may write, and this archive cannot be written"])
    index_problems, unchecked = _search_index_problems(tables, path)
    return DatabaseCheck(problems + index_problems, unchecked)


def _search_index_problems(tables: list[str], path: Path) -> tuple[list[str], list[str]]:
    """FTS5's `integrity-check`, in a transaction rolled back at once (it waits for a crawl's
    commit, as any writer does): (problems, what could not be checked)."""
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as error:
        return [], [f"search indexes: {error}"]
    problems: list[str] = []
    try:
        for table in tables:
            conn.execute("BEGIN")
            try:
                conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
            except sqlite3.OperationalError as error:
                if "readonly" in str(error) or "read-only" in str(error):
                    return problems, [f"search indexes: {error}"]
                problems.append(f"search index {table}: {error}")
            except sqlite3.DatabaseError as error:
                problems.append(f"search index {table}: {error}")
            finally:
                conn.execute("ROLLBACK")
    finally:
        conn.close()
    return problems, []


def capture_references(db: sqlite_utils.Database) -> Iterator[CaptureReference]:
    """Every row that points at a capture, by file and offset."""
    queries = [
        "SELECT 'article', url, warc_file, warc_offset, NULL FROM articles",
        "SELECT 'version', url, warc_file, warc_offset, NULL FROM article_versions",
    ]
    if db["image_captures"].exists():
        queries.append("SELECT 'image', url, warc_file, warc_offset, sha1 FROM image_captures")
    where = " WHERE warc_file IS NOT NULL AND warc_offset IS NOT NULL"
    sql = " UNION ALL ".join(query + where for query in queries)
    for row in db.execute(f"SELECT * FROM ({sql}) ORDER BY 3, 4"):
        yield CaptureReference(*row)
