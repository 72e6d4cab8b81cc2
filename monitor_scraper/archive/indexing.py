"""Keeps the archive's full-text indexes in step with its article versions: `article_search`
over each article's current version, `earlier_search` over the versions edits superseded.

The article's own transaction only queues the change (`search_queue`: a version to add to the
index, one to move from it to the earlier versions' index, or one superseded before it was ever
indexed); queued changes go in together, in the transaction of a later write
(`Archive(index_every=..., index_seconds=...)`) or when the archive is flushed, closed or
searched. FTS5 then writes one new segment per run of articles instead of one per article, while
every article is still durable when its call returns. A queue left by a killed run is indexed
when the archive is next opened for writing. Only `store` and `reading` use this.
"""

from __future__ import annotations

import logging
import sqlite3

from monitor_scraper.archive import schema, textsearch

logger = logging.getLogger(__name__)

SEARCH_TABLE = schema.SEARCH_TABLE
EARLIER_TABLE = schema.EARLIER_SEARCH_TABLE
QUEUE_TABLE = schema.SEARCH_QUEUE_TABLE
COLUMNS = "title_lemmas, body_lemmas, title_forms, body_forms"
_INSERT = "INSERT INTO {table} (rowid, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
_DELETE = (f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, {COLUMNS}) "
           "VALUES ('delete', ?, ?, ?, ?, ?)")


def queue_add(conn: sqlite3.Connection, version_id: int) -> None:
    """Queue a new current version for the index."""
    conn.execute(f"INSERT INTO {QUEUE_TABLE} (version_id, action) VALUES (?, 'add')",
                 [version_id])


def queue_remove(conn: sqlite3.Connection, version_id: int) -> None:
    """Queue a superseded version's move to the earlier versions' index (straight there if it
    was still waiting to be added)."""
    never_indexed = conn.execute(
        f"UPDATE {QUEUE_TABLE} SET action = 'earlier' WHERE version_id = ? AND action = 'add'",
        [version_id],
    ).rowcount
    if not never_indexed:
        conn.execute(f"INSERT INTO {QUEUE_TABLE} (version_id, action) VALUES (?, 'remove')",
                     [version_id])


def queued(conn: sqlite3.Connection) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {QUEUE_TABLE}").fetchone()[0])


def index_queued(conn: sqlite3.Connection) -> int:
    """Apply the queued changes to the indexes inside the open transaction; how many there were.

    Contentless FTS5 forgets a row only when told exactly what was indexed for it: a removal
    re-reads the version's text, which versions never change."""
    rows = conn.execute(
        f"SELECT q.version_id, q.action, v.title, v.body FROM {QUEUE_TABLE} q "
        "JOIN article_versions v ON v.id = q.version_id ORDER BY q.version_id"
    ).fetchall()
    if not rows:
        return 0
    columns = {version_id: (version_id, *textsearch.index_columns(title, body))
               for version_id, _action, title, body in rows}
    removed = [columns[version_id] for version_id, action, _, _ in rows if action == "remove"]
    added = [columns[version_id] for version_id, action, _, _ in rows if action == "add"]
    earlier = [columns[version_id] for version_id, action, _, _ in rows if action != "add"]
    if removed:
        conn.executemany(_DELETE, removed)
    if added:
        conn.executemany(_INSERT.format(table=SEARCH_TABLE), added)
    if earlier:
        conn.executemany(_INSERT.format(table=EARLIER_TABLE), earlier)
    conn.execute(f"DELETE FROM {QUEUE_TABLE}")
    return len(rows)


def rebuild(conn: sqlite3.Connection) -> int:
    """Drop and re-create both indexes with the current settings, then index the current version
    of every article and every earlier version; inside the caller's transaction. Returns the
    number of articles."""
    for table in (SEARCH_TABLE, EARLIER_TABLE):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
        schema.create_search_table(conn, table)
    conn.execute(f"DELETE FROM {QUEUE_TABLE}")
    fill_earlier(conn)
    note_reading(conn)
    return _fill(conn, SEARCH_TABLE, "SELECT version_id, title, body FROM articles")


def indexed_reading(conn: sqlite3.Connection) -> str | None:
    """How the words in the index were read (`textsearch.reading()` when it was built); None
    when the archive has not said (made before it did)."""
    row = conn.execute("SELECT value FROM archive_info WHERE name = 'search_reading'").fetchone()
    return None if row is None else str(row[0])


def note_reading(conn: sqlite3.Connection) -> None:
    """Record that the index reads words as this program does."""
    conn.execute("INSERT OR REPLACE INTO archive_info (name, value) VALUES ('search_reading', ?)",
                 [textsearch.reading()])


def fill_earlier(conn: sqlite3.Connection) -> int:
    """Index every superseded version in the (new, empty) earlier versions' index."""
    return _fill(conn, EARLIER_TABLE,
                 "SELECT id, title, body FROM article_versions "
                 "WHERE id NOT IN (SELECT version_id FROM articles)")


def _fill(conn: sqlite3.Connection, table: str, select: str) -> int:
    count = 0
    cursor = conn.execute(select)
    while batch := cursor.fetchmany(1000):
        conn.executemany(_INSERT.format(table=table),
                         [(version_id, *textsearch.index_columns(title, body))
                          for version_id, title, body in batch])
        count += len(batch)
    return count


def optimize(conn: sqlite3.Connection) -> None:
    """Merge each index's segments into one."""
    for table in (SEARCH_TABLE, EARLIER_TABLE):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
