"""Keeps the archive's full-text index (`article_search`) in step with its article versions.

Rows to index wait in memory until the archive commits, then go in with one statement: FTS5 then
writes one new segment per commit instead of one per row, and the words of a whole batch are
tokenized together. Only `archive.py` uses this.
"""

from __future__ import annotations

import logging
import sqlite3

from monitor_scraper import archive_schema, textsearch

logger = logging.getLogger(__name__)

SEARCH_TABLE = archive_schema.SEARCH_TABLE
COLUMNS = "title_lemmas, body_lemmas, title_forms, body_forms"
_INSERT = f"INSERT INTO {SEARCH_TABLE} (rowid, {COLUMNS}) VALUES (?, ?, ?, ?, ?)"
_DELETE = (f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, {COLUMNS}) "
           "VALUES ('delete', ?, ?, ?, ?, ?)")


class SearchIndex:
    """The rows an archive's open transaction will add to the index, and how to undo one item's
    share of them when that item is rolled back."""

    def __init__(self) -> None:
        self.pending: dict[int, tuple[str, str]] = {}  # version id -> (title, body)
        self._undo: list[tuple[int, tuple[str, str] | None]] = []

    def begin_item(self) -> None:
        self._undo.clear()

    def add(self, version_id: int, title: str, body: str) -> None:
        self._undo.append((version_id, self.pending.get(version_id)))
        self.pending[version_id] = (title, body)

    def remove(self, conn: sqlite3.Connection, version_id: int) -> None:
        """Take a version out of the index (or out of the rows still waiting to go in)."""
        waiting = self.pending.pop(version_id, None)
        if waiting is not None:
            self._undo.append((version_id, waiting))
            return
        # Contentless FTS5 forgets a row only when told exactly what was indexed for it.
        row = conn.execute("SELECT title, body FROM article_versions WHERE id = ?",
                           [version_id]).fetchone()
        conn.execute(_DELETE, [version_id, *textsearch.index_columns(row[0], row[1])])

    def undo_item(self) -> None:
        """Forget what the current item added or removed (its SQL was rolled back)."""
        for version_id, before in reversed(self._undo):
            if before is None:
                self.pending.pop(version_id, None)
            else:
                self.pending[version_id] = before
        self._undo.clear()

    def discard(self) -> None:
        """The whole transaction was rolled back: nothing waiting goes in."""
        self.pending.clear()
        self._undo.clear()

    def write_pending(self, conn: sqlite3.Connection) -> None:
        """Index the waiting rows inside the open transaction."""
        if not self.pending:
            return
        rows = [(version_id, *textsearch.index_columns(title, body))
                for version_id, (title, body) in self.pending.items()]
        conn.executemany(_INSERT, rows)
        self.pending.clear()
        self._undo.clear()


def rebuild(conn: sqlite3.Connection) -> int:
    """Drop and re-create the index with the current settings, then index the current version of
    every article; inside the caller's transaction. Returns the number of articles."""
    conn.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
    archive_schema.create_search_table(conn)
    count = 0
    cursor = conn.execute("SELECT version_id, title, body FROM articles")
    while batch := cursor.fetchmany(1000):
        conn.executemany(_INSERT, [(version_id, *textsearch.index_columns(title, body))
                                   for version_id, title, body in batch])
        count += len(batch)
    return count


def optimize(conn: sqlite3.Connection) -> None:
    """Merge the index's segments into one."""
    conn.execute(f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}) VALUES ('optimize')")
