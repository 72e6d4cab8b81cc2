"""The SQLite archive: `Archive`, opening an archive and every write to it. With the other modules
of the archive package, the only code that names its tables.

Never loses anything: the same content again only moves `last_seen`; changed content (title, body,
published or author) adds an `article_versions` row and `articles` shows the newest; a withdrawn
article (404/410) stays, marked, and comes back to `live` when seen again. Each public write is one
transaction, so every pipeline makes one call per item; or, with `commit_every`, a run of calls
share one transaction (see `Archive`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from monitor_scraper.archive import indexing, rows, schema, sightings
from monitor_scraper.archive.reading import ArchiveReading
from monitor_scraper.archive.search import SearchHit
from monitor_scraper.archive.search import search as ranked_search
from monitor_scraper.archive.textsearch import BadQuery
from monitor_scraper.archive.textsearch import reading as textsearch_reading
from monitor_scraper.items import Article, CapturedImage, FeedEntry, FetchFailure
from monitor_scraper.urls import canonical_article_url

logger = logging.getLogger(__name__)

__all__ = ["Archive", "BadQuery", "SearchHit"]

WITHDRAWN_STATUSES = frozenset({404, 410})
SEARCH_TABLE = schema.SEARCH_TABLE


def content_hash(title: str, body: str, published: str | None, author: str) -> str:
    """What decides a new version: title, body, publication time and author (not the HTML)."""
    payload = json.dumps([title.strip(), body.strip(), published or "", author.strip()])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 to the second with its offset; a naive datetime is taken as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")  # WARC dates have whole seconds


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Archive(ArchiveReading):
    """An archive file; create it (or open it read-only) with `Archive(path)`.

    By default every write is durable when its call returns. `commit_every=N` (N > 1) batches
    writes for a bulk load: calls then share one transaction, committed once N calls have gone
    into it, at the first call `commit_seconds` after it began, and by `flush()`, `begin_crawl()`,
    `end_crawl()` and `close()`. A call that fails leaves nothing of itself, as without batching;
    a failed commit, or a crash, loses the whole batch. Readers see a batch when it is committed.

    The search index follows in runs (see `indexing`): an article's changes to it are queued
    in its own transaction and go into the index with the commit that comes once `index_every`
    of them are waiting or `index_seconds` after the oldest, and at `flush()`, `close()`, the
    crawl's end and a search. A queue left by a killed run is indexed at the next opening.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False, commit_every: int = 1,
                 commit_seconds: float = 2.0, index_every: int = 500,
                 index_seconds: float = 5.0) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.commit_every = max(1, commit_every)
        self.commit_seconds = commit_seconds
        self.index_every = max(1, index_every)
        self.index_seconds = index_seconds
        self._queued = 0  # changes queued for the index (at least; rollbacks may have taken some)
        self._queued_since = 0.0
        self._calls_in_transaction = 0
        self._transaction_began = 0.0
        self._sightings = sightings.Sightings()
        conn, self.immutable = schema.connect(self.path, readonly=readonly)
        conn.isolation_level = None  # transactions are explicit: see _transaction()
        self.db = sqlite_utils.Database(conn)
        schema.configure(self.db, readonly=readonly)
        if not readonly:
            created = schema.create(self.db)
            if created.earlier_index:
                with self._transaction() as conn:
                    indexing.fill_earlier(conn)
            if created.item_sightings:
                with self._transaction() as conn:
                    moved = self._sightings.move_item_sightings(conn)
                logger.info("%d latest-news and announcement sightings stored as blocks", moved)
            self._queued = indexing.queued(conn)
            self._check_reading()
            self.flush()  # what the steps above wrote; a queue a killed run left

    def _check_reading(self) -> None:
        """Re-index when the index's words were read otherwise than this program reads them (a
        new dictionary, a change of folding): else a query would miss what the index holds."""
        indexed, current = indexing.indexed_reading(self.db.conn), textsearch_reading()
        if indexed == current:
            return
        if indexed is not None:
            logger.warning("Re-indexing the archive for search: its words were read as %s, "
                           "this program reads them as %s", indexed, current)
            count = self.rebuild_search_index()
            logger.warning("Re-indexed %d articles", count)
            return
        with self._transaction() as conn:  # an archive made before it said: it read as now
            indexing.note_reading(conn)

    def close(self) -> None:
        """Commit what a batch holds, index what is queued, then close. When only the indexing
        fails (a full disk, say), nothing is lost: it is logged, and the queue is indexed when
        the archive is next opened for writing."""
        try:
            if not self.readonly and self.db.conn.in_transaction:
                self._commit()
            try:
                self.flush()
            except sqlite3.OperationalError as error:
                logger.warning("search index not brought up to date (%s); the queued articles "
                               "are indexed when the archive is next opened", error)
        finally:
            self.db.conn.close()

    def flush(self) -> None:
        """Commit the open batch, then index what is queued for the search index, now."""
        if self.readonly:
            return
        if self.db.conn.in_transaction:
            self._commit()
        if self._queued:
            self.db.conn.execute("BEGIN IMMEDIATE")
            self._commit(index=True)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One public call's writes: its own transaction, or its share of a batch's."""
        conn = self.db.conn
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
            self._transaction_began = time.monotonic()
        batched = self.commit_every > 1
        if batched:
            conn.execute("SAVEPOINT store")
        try:
            yield conn
            if batched:
                conn.execute("RELEASE store")
        except BaseException:
            self._roll_back_call(conn, batched)
            raise
        self._calls_in_transaction += 1
        if (self._calls_in_transaction >= self.commit_every
                or time.monotonic() - self._transaction_began >= self.commit_seconds):
            self._commit()

    def _roll_back_call(self, conn: sqlite3.Connection, batched: bool) -> None:
        self._sightings.forget()
        # SQLITE_FULL and I/O errors may have rolled the transaction back already.
        if batched and conn.in_transaction:
            conn.execute("ROLLBACK TO store")
            conn.execute("RELEASE store")
            return
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        self._calls_in_transaction = 0

    def _commit(self, *, index: bool = False) -> None:
        """Commit, indexing the queued changes first when `index` or when they are due."""
        conn = self.db.conn
        try:
            if self._queued and (
                index or self._queued >= self.index_every
                or time.monotonic() - self._queued_since >= self.index_seconds
            ):
                indexing.index_queued(conn)
                self._queued = 0
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._sightings.forget()
            raise
        finally:
            self._calls_in_transaction = 0

    def _queue_for_index(self, conn: sqlite3.Connection, add: int | None,
                         remove: int | None = None) -> None:
        if not self._queued:
            self._queued_since = time.monotonic()
        if remove is not None:
            indexing.queue_remove(conn, remove)
            self._queued += 1
        if add is not None:
            indexing.queue_add(conn, add)
            self._queued += 1

    # -- crawls ---------------------------------------------------------------------------------

    def begin_crawl(self, mode: str, arguments: dict[str, Any]) -> int:
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO crawls (mode, arguments, started) VALUES (?, ?, ?)",
                [mode, json.dumps(arguments, ensure_ascii=False, default=str), _now()],
            )
        self.flush()
        return int(cursor.lastrowid or 0)

    def end_crawl(self, crawl_id: int, *, exit_status: int, summary: dict[str, Any]) -> None:
        warc_files = summary.get("warc_files", [])
        with self._transaction() as conn:
            conn.execute(
                "UPDATE crawls SET finished = ?, exit_status = ?, summary = ?, warc_files = ? "
                "WHERE id = ?",
                [_now(), exit_status, json.dumps(summary, ensure_ascii=False, default=str),
                 json.dumps(list(warc_files)), crawl_id],
            )
        self.flush()

    def _count(self, conn: sqlite3.Connection, crawl_id: int | None, *columns: str) -> None:
        if crawl_id is None:
            return
        changes = ", ".join(f"{column} = {column} + 1" for column in columns)
        conn.execute(f"UPDATE crawls SET {changes} WHERE id = ?", [crawl_id])

    # -- articles -------------------------------------------------------------------------------

    def store_article(
        self,
        article: Article,
        *,
        crawl_id: int | None,
        warc_file: str | None = None,
        warc_offset: int | None = None,
    ) -> str:
        """Archive one fetched article page; returns "new", "changed" or "unchanged"."""
        url = canonical_article_url(article.url) or article.url
        seen = iso(article.fetched_at) or _now()
        published = iso(article.published)
        digest = content_hash(article.title, article.body, published, article.author)
        with self._transaction() as conn:
            current = conn.execute(
                "SELECT content_hash, versions, version_id, published FROM articles WHERE url = ?",
                [url],
            ).fetchone()
            if current is None:
                outcome = "new"
                version_id = rows.add_version(conn, url, 1, article, seen, published,
                                                      digest, crawl_id, warc_file, warc_offset)
                rows.insert_article(conn, url, article, seen, published, digest,
                                            version_id, warc_file, warc_offset)
            elif current[0] == digest:
                outcome = "unchanged"
                rows.touch_article(conn, url, article, seen, warc_file, warc_offset)
            else:
                outcome = "changed"
                version_id = rows.add_version(conn, url, current[1] + 1, article, seen,
                                                      published, digest, crawl_id, warc_file,
                                                      warc_offset)
                rows.update_article(conn, url, article, seen, published, digest,
                                            version_id, warc_file, warc_offset)
            if outcome != "unchanged":
                self._queue_for_index(conn, version_id, current[2] if current else None)
            if published and (current is None or current[3] != published):
                sightings.resolve_published(conn, url, published)
            self._sightings.store(conn, article, url, seen, crawl_id)
            self._count(conn, crawl_id, f"articles_{outcome}", "pages")
        return outcome

    def rebuild_search_index(self) -> int:
        """Re-create the search index with the current settings and re-index every article (after
        a change of folding, dictionaries or index settings); returns the number of articles."""
        self.flush()
        with self._transaction() as conn:
            count = indexing.rebuild(conn)
            self._queued = 0
        self.flush()
        return count

    def optimize_search_index(self) -> None:
        """Merge the search index into one segment (FTS5 `optimize`): about 8% smaller after a
        bulk load, searches no faster. A few seconds per 100,000 articles."""
        self.flush()
        with self._transaction() as conn:
            indexing.optimize(conn)
        self.flush()

    # -- failures and feeds ------------------------------------------------------------------------

    def store_failure(self, failure: FetchFailure, *, crawl_id: int | None) -> str | None:
        """Record a failed fetch; a 404/410 of an archived article marks it withdrawn."""
        now = _now()
        url = canonical_article_url(failure.url)
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO fetch_errors (url, status, reason, kind, crawl_id, seen_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [failure.url, failure.status, failure.reason, failure.kind, crawl_id, now],
            )
            self._count(conn, crawl_id, "failures")
            if url is None or failure.status not in WITHDRAWN_STATUSES:
                return None
            row = conn.execute("SELECT status FROM articles WHERE url = ?", [url]).fetchone()
            if row is None:
                return None
            if row[0] != "withdrawn":
                conn.execute(
                    "UPDATE articles SET status = 'withdrawn', withdrawn_at = ? WHERE url = ?",
                    [now, url],
                )
                self._count(conn, crawl_id, "articles_withdrawn")
            return "withdrawn"

    def store_feed_entry(self, entry: FeedEntry, *, crawl_id: int | None) -> None:
        """Keep an RSS item's early values; one row per (article, feed), `last_seen` moves."""
        url = canonical_article_url(entry.url) or entry.url
        now = _now()
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO feed_entries (url, feed_url, title, description, category, "
                "published, first_seen, last_seen, crawl_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (url, feed_url) DO UPDATE SET title = excluded.title, "
                "description = excluded.description, category = excluded.category, "
                "published = excluded.published, last_seen = excluded.last_seen, "
                "crawl_id = excluded.crawl_id",
                [url, entry.feed_url, entry.title, entry.description, entry.category,
                 iso(entry.published), now, now, crawl_id],
            )

    # -- images ------------------------------------------------------------------------------------

    def store_image(self, image: CapturedImage, *, crawl_id: int | None) -> bool:
        """Note where an article's image lies in the raw captures; True when it is new. The
        first capture of an address is kept: a crawl asks again only for images not held."""
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO image_captures (url, content_type, length, sha1, fetched_at, "
                "crawl_id, warc_file, warc_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO NOTHING",
                [image.url, image.content_type, image.length, image.sha1,
                 iso(image.fetched_at) or _now(), crawl_id, image.warc_file, image.warc_offset],
            )
            return cursor.rowcount > 0

    # -- searching ---------------------------------------------------------------------------------

    def search(self, query: str, *, since: str | None = None, until: str | None = None,
               section: str | None = None, limit: int = 20,
               earlier_versions: bool = False) -> list[SearchHit]:
        """Ranked articles for a user's query (with `earlier_versions`, the versions edits
        superseded); raises BadQuery with a one-line message. Sees what an open batch holds."""
        if not self.readonly and self._queued:
            if self.db.conn.in_transaction:  # an open batch: index it without committing
                indexing.index_queued(self.db.conn)
                self._queued = 0
            else:
                self.flush()
        return ranked_search(self.db, query, since=since, until=until, section=section,
                                     limit=limit, earlier=earlier_versions)
