"""What the archive answers: the reading calls of `Archive` (a mixin of it), for the crawl (which
articles and images it holds, what to refresh), `status`, `export`, `verify` and the demo.

Each call reads through `self.db`, on a connection opened read-only or not; none writes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import sqlite_utils

from monitor_scraper.archive import check, indexing, runs, search
from monitor_scraper.archive.check import CaptureReference
from monitor_scraper.archive.runs import CrawlRecord
from monitor_scraper.urls import canonical_article_url

logger = logging.getLogger(__name__)

KYIV = ZoneInfo("Europe/Kyiv")
# The article columns that hold JSON lists (of images, videos, links).
JSON_COLUMNS = ("images", "videos", "links")


class EditedArticle(NamedTuple):
    url: str
    title: str
    versions: int


class ArchiveReading:
    """The reading half of `Archive`: every call here only reads."""

    db: sqlite_utils.Database
    path: Path
    immutable: bool  # opened as a read-only copy no one writes (see `schema.connect`)

    def crawl_summary(self, crawl_id: int) -> dict[str, Any]:
        row = self.db.execute(
            "SELECT articles_new, articles_changed, articles_unchanged, articles_withdrawn, "
            "failures, pages FROM crawls WHERE id = ?",
            [crawl_id],
        ).fetchone()
        if row is None:
            raise KeyError(f"no crawl {crawl_id}")
        keys = ("new", "changed", "unchanged", "withdrawn", "failed", "pages")
        return dict(zip(keys, row, strict=True))

    def has_image(self, url: str) -> bool:
        return self.db.execute(
            "SELECT 1 FROM image_captures WHERE url = ?", [url]).fetchone() is not None

    def image_failed_since(self, url: str, since: datetime) -> bool:
        """Whether fetching the image at `url` failed at or after `since`."""
        bound = since.astimezone(UTC).isoformat(timespec="seconds")
        return self.db.execute(
            "SELECT 1 FROM fetch_errors WHERE url = ? AND kind = 'image' AND seen_at >= ?",
            [url, bound]).fetchone() is not None

    def images_not_held(self) -> list[str]:
        """The addresses of archived articles' images that no capture holds, newest articles'
        first (each once)."""
        found = self.db.execute(
            "SELECT image_key(json_extract(i.value, '$.url')) AS image, "
            "max(a.published) AS newest FROM articles a, json_each(a.images) i "
            "WHERE json_extract(i.value, '$.url') IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM image_captures c "
            "WHERE c.url = image_key(json_extract(i.value, '$.url'))) "
            "GROUP BY image ORDER BY newest DESC, image").fetchall()
        return [row[0] for row in found]

    def has_article(self, url: str) -> bool:
        url = canonical_article_url(url) or url
        return self.db.execute("SELECT 1 FROM articles WHERE url = ?", [url]).fetchone() is not None

    def has_failure(self, url: str) -> bool:
        """Whether a failed fetch of `url` is recorded."""
        url = canonical_article_url(url) or url
        return self.db.execute(
            "SELECT 1 FROM fetch_errors WHERE url = ?", [url]).fetchone() is not None

    def recent_article_urls(self, since: datetime, *, age_share: float = 0.0,
                            now: datetime | None = None,
                            clock: datetime | None = None) -> list[str]:
        """Live articles published at or after `since`, newest first. With `age_share`, only
        those last fetched at least that share of their age ago (age as of `now`, the time since
        the last fetch by `clock`, both the present by default): a fresh article is looked at
        again soon, an older one seldom."""
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        # `published` strings carry +02:00 or +03:00: a lexical bound a day early uses the
        # index, then SQLite's datetime() compares the exact instants.
        lower = (since.astimezone(KYIV) - timedelta(days=1)).date().isoformat()
        sql = ("SELECT url FROM articles WHERE published >= :lower AND status = 'live' "
               "AND datetime(published) >= datetime(:since)")
        if age_share > 0:
            sql += (" AND julianday(:clock) - julianday(last_seen) >= "
                    ":share * (julianday(:now) - julianday(published))")
        present = datetime.now(UTC)
        found = self.db.execute(sql + " ORDER BY published DESC", {
            "lower": lower, "since": since.isoformat(), "share": age_share,
            "now": (now or present).isoformat(), "clock": (clock or present).isoformat(),
        }).fetchall()
        return [row[0] for row in found]

    def totals(self) -> dict[str, Any]:
        """Counts for a status report."""
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "live": one("SELECT count(*) FROM articles WHERE status = 'live'"),
            "withdrawn": one("SELECT count(*) FROM articles WHERE status = 'withdrawn'"),
            "versions": one("SELECT count(*) FROM article_versions"),
            "latest_news_sightings": self._sightings_count("latest_news"),
            "announcement_sightings": self._sightings_count("announcement"),
            "fetch_errors": one("SELECT count(*) FROM fetch_errors"),
            "images_captured": self._images_captured(),
            "crawls": one("SELECT count(*) FROM crawls"),
            "oldest_published": one("SELECT min(published) FROM articles"),
            "newest_published": one("SELECT max(published) FROM articles"),
            "last_crawl": one("SELECT max(started) FROM crawls"),
            "waiting_for_index": self._waiting_for_index(),
        }

    def database_problems(self) -> check.DatabaseCheck:
        """What SQLite finds wrong with the file (empty when nothing): its integrity check, the
        foreign keys, and the search indexes' own checks."""
        return check.database_problems(self.db, self.path, writable=not self.immutable)

    def capture_references(self) -> Iterator[CaptureReference]:
        """Every row that says where its raw capture lies, by file and offset."""
        return check.capture_references(self.db)

    def _sightings_count(self, kind: str) -> int:
        """Items seen on pages, counted per block seen (or per row, in an archive not yet
        converted to blocks: see `sightings`)."""
        if not self.db[f"{kind}_block_sightings"].exists():
            return int(self.db.execute(f"SELECT count(*) FROM {kind}_sightings").fetchone()[0])
        return int(self.db.execute(
            f"SELECT coalesce(sum(b.items), 0) FROM {kind}_block_sightings s "
            f"JOIN {kind}_blocks b ON b.id = s.block_id").fetchone()[0])

    def _images_captured(self) -> int:
        """Images held in the raw captures (none in an archive made before they were)."""
        if not self.db["image_captures"].exists():
            return 0
        return int(self.db.execute("SELECT count(*) FROM image_captures").fetchone()[0])

    def _waiting_for_index(self) -> int:
        """Changes queued for the search index (none in an archive made before the queue)."""
        if not self.db[indexing.QUEUE_TABLE].exists():
            return 0
        return indexing.queued(self.db.conn)

    def edited_articles(self, limit: int | None = None) -> list[EditedArticle]:
        """Articles with more than one version, the most recently changed first."""
        sql = ("SELECT url, title, versions FROM articles WHERE versions > 1 "
               "ORDER BY last_changed DESC, url")
        found = self.db.execute(sql + (" LIMIT ?" if limit else ""),
                                [limit] if limit else []).fetchall()
        return [EditedArticle(*row) for row in found]

    def articles(self, since: date | None = None, until: date | None = None,
                 section: str | None = None) -> Iterator[dict[str, Any]]:
        """Every article's row (its current version) published from `since` to `until` (whole
        Kyiv days, both included) in `section`, oldest first."""
        clauses: list[str] = []
        params: list[Any] = []
        if since:
            clauses.append("published >= ?")
            params.append(since.isoformat())
        if until:
            # `published` is "YYYY-MM-DDTHH:MM:SS+03:00": anything before the next day is inside.
            clauses.append("published < ?")
            params.append((until + timedelta(days=1)).isoformat())
        if section:
            clauses.append("section = ?")
            params.append(section)
        yield from self.db.table("articles").rows_where(
            " AND ".join(clauses) or None, params, order_by="published, article_id")

    def sections(self) -> list[str]:
        """The sections the archive holds articles of, by name."""
        return search.sections(self.db)

    def article_columns(self) -> list[str]:
        """The columns of an article's row, in order."""
        return list(self.db.table("articles").columns_dict)

    def captures_folder(self) -> str | None:
        """Where the last crawl that said so kept its raw captures (None when none did)."""
        found = self.db.execute(
            "SELECT json_extract(arguments, '$.warc_dir') FROM crawls "
            "WHERE json_extract(arguments, '$.warc_dir') IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return found[0] if found else None

    def recent_crawls(self, limit: int = 10) -> list[CrawlRecord]:
        """The last `limit` runs, newest first."""
        return runs.recent_crawls(self.db, limit)
