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

from monitor_scraper import textsearch
from monitor_scraper.archive_schema import RANK_EXPRESSION, SEARCH_TABLE
from monitor_scraper.textsearch import BadQuery

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
) -> list[SearchHit]:
    parsed = textsearch.parse_query(query)
    if limit < 1 or limit > MAX_LIMIT:
        raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}")
    ranked = _top_rows(db.conn, parsed.expression, date_bound(since, end=False),
                       date_bound(until, end=True), section, limit)
    if not ranked:
        return []
    return _hits(db.conn, ranked, parsed)


def _top_rows(conn: sqlite3.Connection, expression: str, since: str | None, until: str | None,
              section: str | None, limit: int) -> list[tuple[int, float]]:
    where = [f"{SEARCH_TABLE} MATCH :expression"]
    params: dict[str, Any] = {"expression": expression, "limit": limit}
    for condition, name, value in (
        ("a.published >= :since", "since", since),
        ("a.published < :until", "until", until),
        ("a.section = :section", "section", section),
    ):
        if value:
            where.append(condition)
            params[name] = value
    join = f" JOIN articles a ON a.version_id = {SEARCH_TABLE}.rowid" if len(where) > 1 else ""
    sql = (
        f"SELECT {SEARCH_TABLE}.rowid, {RANK_EXPRESSION} AS score FROM {SEARCH_TABLE}{join} "
        f"WHERE {' AND '.join(where)} ORDER BY score, {SEARCH_TABLE}.rowid LIMIT :limit"
    )
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as error:
        # parse_query only emits quoted tokens, so this is a bug, not the user's fault.
        logger.error("search expression %r failed: %s", expression, error)
        raise BadQuery("this query could not be searched; try plain words") from error


def _hits(conn: sqlite3.Connection, ranked: list[tuple[int, float]],
          parsed: textsearch.Query) -> list[SearchHit]:
    ids = [row[0] for row in ranked]
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        "SELECT version_id, url, title, published, section, status, body FROM articles "
        f"WHERE version_id IN ({marks})",
        ids,
    ).fetchall()
    by_id = {row[0]: row for row in rows}
    hits = []
    for version_id, rank in ranked:
        row = by_id.get(version_id)
        if row is None:
            continue
        _, url, title, published, section, status, body = row
        hits.append(SearchHit(url=url, title=title, published=published, section=section,
                              snippet=textsearch.snippet(body or title, parsed),
                              status=status, rank=rank))
    return hits
