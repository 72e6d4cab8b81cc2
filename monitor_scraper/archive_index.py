"""Keeps the archive's full-text index (`article_search`) in step with its article versions.

The article's own transaction only queues the change (`search_queue`: a version to add to the
index or to take out of it); queued changes go into the index together, in the transaction of a
later write (`Archive(index_every=..., index_seconds=...)`) or when the archive is flushed, closed
or searched. FTS5 then writes one new segment per run of articles instead of one per article,
while every article is still durable when its call returns. A queue left by a killed run is
indexed when the archive is next opened for writing. Only `archive.py` uses this.
"""

from __future__ import annotations

import logging
import sqlite3

from monitor_scraper import archive_schema, textsearch

logger = logging.getLogger(__name__)

SEARCH_TABLE = archive_schema.SEARCH_TABLE
QUEUE_TABLE = archive_schema.SEARCH_QUEUE_TABLE
COLUMNS = "title_lemmas, body_lemmas, title_forms, body_forms"
_INSERT = f"INSERT INTO {SEARCH_TABLE} (rowid, {COLUMNS}) VALUES (?, ?, ?, ?, ?)"
_DELETE = (f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, {COLUMNS}) "
           "VALUES ('delete', ?, ?, ?, ?, ?)")


def queue_add(conn: sqlite3.Connection, version_id: int) -> None:
    """Queue a version for the index."""
    conn.execute(f"INSERT INTO {QUEUE_TABLE} (version_id, action) VALUES (?, 'add')",
                 [version_id])


def queue_remove(conn: sqlite3.Connection, version_id: int) -> None:
    """Queue a version's removal from the index, or cancel its addition if still queued."""
    cancelled = conn.execute(
        f"DELETE FROM {QUEUE_TABLE} WHERE version_id = ? AND action = 'add'", [version_id]
    ).rowcount
    if not cancelled:
        conn.execute(f"INSERT INTO {QUEUE_TABLE} (version_id, action) VALUES (?, 'remove')",
                     [version_id])


def queued(conn: sqlite3.Connection) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {QUEUE_TABLE}").fetchone()[0])


def index_queued(conn: sqlite3.Connection) -> int:
    """Apply the queued changes to the index inside the open transaction; how many there were.

    Contentless FTS5 forgets a row only when told exactly what was indexed for it: a removal
    re-reads the version's text, which versions never change."""
    rows = conn.execute(
        f"SELECT q.version_id, q.action, v.title, v.body FROM {QUEUE_TABLE} q "
        "JOIN article_versions v ON v.id = q.version_id ORDER BY q.version_id"
    ).fetchall()
    if not rows:
        return 0
    removals = [(version_id, *textsearch.index_columns(title, body))
                for version_id, action, title, body in rows if action == "remove"]
    additions = [(version_id, *textsearch.index_columns(title, body))
                 for version_id, action, title, body in rows if action == "add"]
    if removals:
        conn.executemany(_DELETE, removals)
    if additions:
        conn.executemany(_INSERT, additions)
    conn.execute(f"DELETE FROM {QUEUE_TABLE}")
    return len(rows)


def rebuild(conn: sqlite3.Connection) -> int:
    """Drop and re-create the index with the current settings, then index the current version of
    every article; inside the caller's transaction. Returns the number of articles."""
    conn.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
    archive_schema.create_search_table(conn)
    conn.execute(f"DELETE FROM {QUEUE_TABLE}")
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
