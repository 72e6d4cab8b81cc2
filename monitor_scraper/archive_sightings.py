"""The «Останні новини» and «АНОНСИ ПОДІЙ» items seen on archived pages: each distinct item
stored once, each sighting (page, time, position) pointing at it. Only `archive.py` uses this.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3

from monitor_scraper.items import Announcement, Article, LatestNewsItem
from monitor_scraper.urls import canonical_article_url

logger = logging.getLogger(__name__)

ITEM_ID_CACHE = 20_000


class Sightings:
    """Stores sightings; remembers the ids of items already stored, which are never deleted
    (a few thousand items appear across the whole site at a time)."""

    def __init__(self) -> None:
        # (kind, url, title, when, teaser) as printed -> id
        self._item_ids: dict[tuple[str, str | None, str, str | None, str], int] = {}

    def forget(self) -> None:
        """A rollback may have taken items away: look them up again."""
        self._item_ids.clear()

    def store(self, conn: sqlite3.Connection, article: Article, page_url: str, seen: str,
              crawl_id: int | None) -> None:
        for kind, items in (("latest_news", article.latest_news),
                            ("announcement", article.announcements)):
            if items:
                rows = [(self._item_id(conn, kind, item), page_url, item.position, seen, crawl_id)
                        for item in items]
                conn.executemany(
                    f"INSERT OR IGNORE INTO {kind}_sightings (item_id, page_url, position, "
                    "seen_at, crawl_id) VALUES (?, ?, ?, ?, ?)", rows)

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


def resolve_published(conn: sqlite3.Connection, url: str, published: str) -> None:
    """Items linking to an article take its publication time once it is archived."""
    for table in ("latest_news_items", "announcement_items"):
        conn.execute(
            f"UPDATE {table} SET published = ? WHERE url = ? AND published IS NOT ?",
            [published, url, published],
        )
