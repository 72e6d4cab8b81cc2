"""The «Останні новини» and «АНОНСИ ПОДІЙ» blocks seen on archived pages. Only `store`
uses this.

Each distinct item is stored once (`{kind}_items`); each distinct block, its items in their
positions, once (`{kind}_blocks`, `{kind}_block_items`); and each page capture that showed a
block, as one row pointing at it (`{kind}_block_sightings`). The site shows the same block on
every page it serves until news comes in, so a crawl writes one small row per page rather than a
row per item (a commit then dirties a page or two of the sightings' indexes, not one per item),
and nothing of what was seen is lost: the `latest_news` and `announcements` views give a row per
item per page seen, as if each had been stored.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import operator
import sqlite3
from collections.abc import Sequence

from monitor_scraper.archive import schema
from monitor_scraper.items import Announcement, Article, LatestNewsItem
from monitor_scraper.urls import canonical_article_url

logger = logging.getLogger(__name__)

KINDS = schema.BLOCK_KINDS
ITEM_ID_CACHE = 20_000
BLOCK_ID_CACHE = 2_000


class Sightings:
    """Stores sightings; remembers the ids of items and blocks already stored, which are never
    deleted (a few thousand items, and far fewer blocks, appear on the site at a time)."""

    def __init__(self) -> None:
        # (kind, url, title, when, teaser) as printed -> id
        self._item_ids: dict[tuple[str, str | None, str, str | None, str], int] = {}
        self._block_ids: dict[tuple[str, str], int] = {}  # (kind, block_key) -> id

    def forget(self) -> None:
        """A rollback may have taken items or blocks away: look them up again."""
        self._item_ids.clear()
        self._block_ids.clear()

    def store(self, conn: sqlite3.Connection, article: Article, page_url: str, seen: str,
              crawl_id: int | None) -> None:
        for kind, items in (("latest_news", article.latest_news),
                            ("announcement", article.announcements)):
            if items:
                positioned = [(item.position, self._item_id(conn, kind, item)) for item in items]
                self._sighting(conn, kind, positioned, page_url, seen, crawl_id)

    def _sighting(self, conn: sqlite3.Connection, kind: str,
                  positioned: Sequence[tuple[int, int]], page_url: str, seen: str,
                  crawl_id: int | None) -> None:
        conn.execute(
            f"INSERT OR IGNORE INTO {kind}_block_sightings (block_id, page_url, seen_at, "
            "crawl_id) VALUES (?, ?, ?, ?)",
            [self._block_id(conn, kind, positioned), page_url, seen, crawl_id],
        )

    def _block_id(self, conn: sqlite3.Connection, kind: str,
                  positioned: Sequence[tuple[int, int]]) -> int:
        """The id of the block of these (position, item id), added if new. A position shown
        twice keeps its first item, as a row per (page, time, position) did."""
        items = dict(reversed(positioned))  # the first item at each position
        key = ",".join(f"{position}:{item_id}" for position, item_id in sorted(items.items()))
        block_id = self._block_ids.get((kind, key))
        if block_id is not None:
            return block_id
        row = conn.execute(f"SELECT id FROM {kind}_blocks WHERE block_key = ?", [key]).fetchone()
        if row is None:
            cursor = conn.execute(f"INSERT INTO {kind}_blocks (block_key, items) VALUES (?, ?)",
                                  [key, len(items)])
            row = (cursor.lastrowid,)
            conn.executemany(
                f"INSERT INTO {kind}_block_items (block_id, position, item_id) VALUES (?, ?, ?)",
                [(row[0], position, item_id) for position, item_id in items.items()],
            )
        if len(self._block_ids) >= BLOCK_ID_CACHE:
            self._block_ids.clear()
        self._block_ids[(kind, key)] = block_id = int(row[0])
        return block_id

    def _item_id(self, conn: sqlite3.Connection, kind: str,
                 item: LatestNewsItem | Announcement) -> int:
        when = item.time if isinstance(item, LatestNewsItem) else item.when
        printed = (kind, item.url, item.title, when, item.teaser)
        item_id = self._item_ids.get(printed)
        if item_id is None:
            url = (canonical_article_url(item.url) or item.url) if item.url else None
            key = hashlib.sha1(
                json.dumps([url, item.title, when, item.teaser], ensure_ascii=False).encode()
            ).hexdigest()
            item_id = self._stored_item_id(conn, kind, key, url, item, when)
            if len(self._item_ids) >= ITEM_ID_CACHE:
                self._item_ids.clear()
            self._item_ids[printed] = item_id
        return item_id

    def _stored_item_id(self, conn: sqlite3.Connection, kind: str, key: str, url: str | None,
                        item: LatestNewsItem | Announcement, when: str | None) -> int:
        """The id of an item's row, added if new."""
        row = conn.execute(f"SELECT id FROM {kind}_items WHERE item_key = ?", [key]).fetchone()
        if row is None:
            published = None
            if url:
                found = conn.execute("SELECT published FROM articles WHERE url = ?",
                                     [url]).fetchone()
                published = found[0] if found else None
            when_column = "time" if kind == "latest_news" else "when_text"
            cursor = conn.execute(
                f"INSERT INTO {kind}_items (item_key, url, title, {when_column}, teaser, "
                "published) VALUES (?, ?, ?, ?, ?, ?)",
                [key, url, item.title, when, item.teaser, published],
            )
            row = (cursor.lastrowid,)
        return int(row[0])

    def move_item_sightings(self, conn: sqlite3.Connection) -> int:
        """Turn the row-per-item sightings of an archive made before schema 4
        (`{kind}_sightings`: item_id, page_url, position, seen_at, crawl_id) into blocks and
        block sightings, then drop them; how many rows were moved. Inside the caller's
        transaction."""
        moved = 0
        for kind in KINDS:
            old = f"{kind}_sightings"
            if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            [old]).fetchone() is None:
                continue
            rows = conn.execute(f"SELECT page_url, seen_at, crawl_id, position, item_id "
                                f"FROM {old} ORDER BY page_url, seen_at, position, id")
            for (page_url, seen), group in itertools.groupby(rows, key=operator.itemgetter(0, 1)):
                captured = list(group)
                positioned = [(row[3], row[4]) for row in captured]
                self._sighting(conn, kind, positioned, page_url, seen, captured[0][2])
                moved += len(positioned)
            conn.execute(f"DROP TABLE {old}")
        return moved


def resolve_published(conn: sqlite3.Connection, url: str, published: str) -> None:
    """Items linking to an article take its publication time once it is archived."""
    for table in ("latest_news_items", "announcement_items"):
        conn.execute(
            f"UPDATE {table} SET published = ? WHERE url = ? AND published IS NOT ?",
            [published, url, published],
        )
