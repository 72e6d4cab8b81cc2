"""Full-text search over the archive: ranked by bm25, snippets of the original text.

The top rows are picked by rank first (only ids and scores go through the sort, which keeps the
best `limit`), then titles, bodies and snippets are read for those rows only: computing snippets
before a sort is very slow.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

from monitor_scraper.archive import textsearch
from monitor_scraper.archive.schema import (
    EARLIER_RANK_EXPRESSION,
    EARLIER_SEARCH_TABLE,
    RANK_EXPRESSION,
    SEARCH_TABLE,
)
from monitor_scraper.archive.textsearch import BadQuery

logger = logging.getLogger(__name__)

MAX_LIMIT = 1000


@dataclass
class SearchHit:
    """One search result."""

    url: str
    title: str
    published: str | None
    section: str
    snippet: str
    status: str = "live"
    rank: float = 0.0
    version: int | None = None  # an earlier version's number; None for the current one

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def date_bound(text: str | None, *, end: bool) -> str | None:
    """A `published` bound from YYYY-MM-DD (a whole Kyiv day) or an ISO datetime; else BadQuery."""
    if not text:
        return None
    text = text.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        try:
            return datetime.fromisoformat(text).isoformat()
        except ValueError:
            raise BadQuery(f"not a date: {text!r} (use YYYY-MM-DD)") from None
    # `published` strings start with the Kyiv date, so a date compares lexically.
    return (day + timedelta(days=1)).isoformat() if end else day.isoformat()


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    since: str | None = None,
    until: str | None = None,
    section: str | None = None,
    limit: int = 20,
    earlier: bool = False,
) -> list[SearchHit]:
    """Current versions, or with `earlier` the versions edits superseded (one hit per version,
    with its number, title, date and text)."""
    parsed = textsearch.parse_query(query)
    if limit < 1 or limit > MAX_LIMIT:
        raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}")
    index = EARLIER if earlier else CURRENT
    if earlier and not db[index.table].exists():
        raise BadQuery("this archive has no index of earlier versions yet: it is made the next "
                       "time the archive is opened for writing (by a crawl)")
    lower, upper = date_bound(since, end=False), date_bound(until, end=True)
    if lower and upper and lower >= upper:
        raise BadQuery(f"since {since} is after until {until}: no article can be in between")
    if section and not _has_section(db, section):
        raise BadQuery(f"the archive has no section {section!r}; it has "
                       f"{', '.join(sections(db)) or 'none yet'}")
    ranked = _top_rows(db.conn, index, parsed.expression, lower, upper, section, limit)
    if not ranked:
        return []
    return _hits(db.conn, index, ranked, parsed)


def sections(db: sqlite_utils.Database) -> list[str]:
    """The sections the archive holds articles of, by name."""
    return [row[0] for row in db.execute(
        "SELECT DISTINCT section FROM articles ORDER BY section").fetchall()]


def _has_section(db: sqlite_utils.Database, section: str) -> bool:
    return db.execute("SELECT 1 FROM articles WHERE section = ? LIMIT 1",
                      [section]).fetchone() is not None


@dataclass(frozen=True)
class _Index:
    """An FTS5 index and how its rows (article_versions ids) meet the articles."""

    table: str
    rank: str
    join: str  # joins `a` (articles) and `v` (the version's row, or articles again)
    rows: str  # the hit columns: version id, url, title, published, section, status, body, version


CURRENT = _Index(
    SEARCH_TABLE, RANK_EXPRESSION,
    f"JOIN articles a ON a.version_id = {SEARCH_TABLE}.rowid",
    "SELECT version_id, url, title, published, section, status, body, NULL FROM articles "
    "WHERE version_id IN ({marks})",
)
EARLIER = _Index(
    EARLIER_SEARCH_TABLE, EARLIER_RANK_EXPRESSION,
    f"JOIN article_versions v ON v.id = {EARLIER_SEARCH_TABLE}.rowid "
    "JOIN articles a ON a.url = v.url",
    "SELECT v.id, v.url, v.title, v.published, a.section, a.status, v.body, v.version "
    "FROM article_versions v JOIN articles a ON a.url = v.url WHERE v.id IN ({marks})",
)


def _top_rows(conn: sqlite3.Connection, index: _Index, expression: str, since: str | None,
              until: str | None, section: str | None, limit: int) -> list[tuple[int, float]]:
    table = index.table
    where = [f"{table} MATCH :expression"]
    params: dict[str, Any] = {"expression": expression, "limit": limit}
    published = "v.published" if index is EARLIER else "a.published"
    for condition, name, value in (
        (f"{published} >= :since", "since", since),
        (f"{published} < :until", "until", until),
        ("a.section = :section", "section", section),
    ):
        if value:
            where.append(condition)
            params[name] = value
    join = f" {index.join}" if len(where) > 1 else ""
    sql = (
        f"SELECT {table}.rowid, {index.rank} AS score FROM {table}{join} "
        f"WHERE {' AND '.join(where)} ORDER BY score, {table}.rowid LIMIT :limit"
    )
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as error:
        # parse_query only emits quoted tokens, so this is a bug, not the user's fault.
        logger.error("search expression %r failed: %s", expression, error)
        raise BadQuery("this query could not be searched; try plain words") from error


def _hits(conn: sqlite3.Connection, index: _Index, ranked: list[tuple[int, float]],
          parsed: textsearch.Query) -> list[SearchHit]:
    ids = [row[0] for row in ranked]
    rows = conn.execute(index.rows.format(marks=",".join("?" * len(ids))), ids).fetchall()
    by_id = {row[0]: row for row in rows}
    hits = []
    for version_id, rank in ranked:
        row = by_id.get(version_id)
        if row is None:
            continue
        _, url, title, published, section, status, body, version = row
        hits.append(SearchHit(url=url, title=title, published=published, section=section,
                              snippet=textsearch.snippet(body or title, parsed),
                              status=status, rank=rank, version=version))
    return hits
