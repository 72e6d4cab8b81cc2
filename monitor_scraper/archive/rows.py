"""The SQL that writes an article's rows: its versions and its row in `articles`.

Only `store` calls these, inside its transactions; `store` decides which to call.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
from typing import Any

from monitor_scraper.items import Article

logger = logging.getLogger(__name__)


def media_json(items: list[Any]) -> str:
    if not items:
        return "[]"
    return json.dumps([dataclasses.asdict(item) for item in items], ensure_ascii=False)


def add_version(conn: sqlite3.Connection, url: str, version: int, article: Article,
                 seen: str, published: str | None, digest: str, crawl_id: int | None,
                 warc_file: str | None, warc_offset: int | None) -> int:
    cursor = conn.execute(
        "INSERT INTO article_versions (url, version, fetched_at, title, body, body_html, "
        "published, author, content_hash, crawl_id, warc_file, warc_offset) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [url, version, seen, article.title, article.body, article.body_html, published,
         article.author, digest, crawl_id, warc_file, warc_offset],
    )
    return int(cursor.lastrowid or 0)


def insert_article(conn: sqlite3.Connection, url: str, article: Article, seen: str,
                   published: str | None, digest: str, version_id: int,
                   warc_file: str | None, warc_offset: int | None) -> None:
    conn.execute(
        "INSERT INTO articles (url, article_id, section, title, published, published_month, "
        "published_text, author, body, body_html, images, videos, links, first_seen, "
        "last_seen, last_changed, status, versions, version_id, content_hash, warc_file, "
        "warc_offset) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'live', 1, ?, ?, ?, ?)",
        [url, article.article_id, article.section, article.title, published,
         published[:7] if published else None,
         article.published_text, article.author, article.body, article.body_html,
         media_json(article.images), media_json(article.videos),
         media_json(article.links), seen, seen, seen, version_id, digest, warc_file,
         warc_offset],
    )


def update_article(conn: sqlite3.Connection, url: str, article: Article, seen: str,
                   published: str | None, digest: str, version_id: int,
                   warc_file: str | None, warc_offset: int | None) -> None:
    conn.execute(
        "UPDATE articles SET section = ?, title = ?, published = ?, "
        "published_month = substr(?, 1, 7), published_text = ?, author = ?, body = ?, "
        "body_html = ?, images = ?, videos = ?, links = ?, "
        "last_seen = max(last_seen, ?), last_changed = ?, status = 'live', "
        "withdrawn_at = NULL, versions = versions + 1, version_id = ?, content_hash = ?, "
        "warc_file = ?, warc_offset = ? WHERE url = ?",
        [article.section, article.title, published, published, article.published_text,
         article.author,
         article.body, article.body_html, media_json(article.images),
         media_json(article.videos), media_json(article.links), seen, seen, version_id,
         digest, warc_file, warc_offset, url],
    )


def touch_article(conn: sqlite3.Connection, url: str, article: Article, seen: str,
                  warc_file: str | None, warc_offset: int | None) -> None:
    # Same content: the newest capture's HTML and media lists replace the stored ones.
    conn.execute(
        "UPDATE articles SET last_seen = max(last_seen, ?), status = 'live', "
        "withdrawn_at = NULL, body_html = ?, images = ?, videos = ?, links = ?, "
        "warc_file = coalesce(?, warc_file), warc_offset = coalesce(?, warc_offset) "
        "WHERE url = ?",
        [seen, article.body_html, media_json(article.images), media_json(article.videos),
         media_json(article.links), warc_file, warc_offset, url],
    )
