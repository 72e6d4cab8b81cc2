"""The read-only SQL behind Datasette's browsing pages, run on Datasette's connections.

Each function takes Datasette's `Database` (anything with an async `execute(sql, params)`) and
never writes. Searches take an FTS5 expression from `textsearch.parse_query()`, so they match
exactly what `monitor-scraper search` and `uk_fts_query()` match, and pick the top rows by rank
before reading any text, as `search` does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from datasette.database import Database

from monitor_scraper.archive import schema
from monitor_scraper.archive.schema import RANK_EXPRESSION

logger = logging.getLogger(__name__)

# Names the browsing pages link to: Datasette's own pages of these tables and queries.
ARTICLES_TABLE = schema.ARTICLES_TABLE
IMAGES_TABLE = schema.IMAGES_TABLE
EARLIER_SEARCH_QUERY = "search_earlier_versions"

ARTICLE_COLUMNS = (
    "url, article_id, section, title, published, published_text, author, body, body_html, "
    "status, withdrawn_at, versions, version_id, first_seen, last_seen, last_changed, "
    "warc_file, warc_offset"
)
VERSION_COLUMNS = (
    "id, url, version, fetched_at, title, body, body_html, published, author, crawl_id, "
    "warc_file, warc_offset"
)


@dataclass
class Filters:
    """What narrows a search or a timeline; empty strings mean no bound."""

    expression: str = ""
    since: str = ""
    until: str = ""
    section: str = ""

    def where(self, alias: str = "a") -> tuple[str, dict[str, Any]]:
        """A WHERE clause over `articles` (as `alias`) and its parameters."""
        clauses = ["1"]
        params: dict[str, Any] = {}
        if self.expression:
            clauses.append(f"{alias}.version_id IN (SELECT rowid FROM article_search "
                           "WHERE article_search MATCH :expression)")
            params["expression"] = self.expression
        for clause, name in ((f"{alias}.published >= :since", "since"),
                             (f"{alias}.published < :until", "until"),
                             (f"{alias}.section = :section", "section")):
            value = getattr(self, name)
            if value:
                clauses.append(clause)
                params[name] = value
        return " AND ".join(clauses), params


def _dicts(results: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in results.rows]


async def article(db: Database, url: str) -> dict[str, Any] | None:
    """The article's row (its newest version), or None."""
    found = _dicts(await db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE url = :url",
                                    {"url": url}))
    return found[0] if found else None


async def versions(db: Database, url: str) -> list[dict[str, Any]]:
    """Every version of the article, first capture first."""
    return _dicts(await db.execute(
        f"SELECT {VERSION_COLUMNS} FROM article_versions WHERE url = :url ORDER BY version",
        {"url": url}))


async def latest_news_seen(db: Database, page_url: str) -> list[dict[str, Any]]:
    """The «Останні новини» items seen on the page, newest sighting first, with where they lead."""
    return _dicts(await db.execute(
        """
        SELECT i.id, i.title, i.url, i.time, i.teaser, i.published,
               count(*) AS sightings, min(s.seen_at) AS first_seen, max(s.seen_at) AS last_seen,
               min(s.position) AS position, a.section AS archived_section,
               a.article_id AS archived_id
        FROM latest_news s
        JOIN latest_news_items i ON i.id = s.item_id
        LEFT JOIN articles a ON a.url = i.url
        WHERE s.page_url = :url
        GROUP BY i.id
        ORDER BY max(s.seen_at) DESC, min(s.position)
        """,
        {"url": page_url}))


async def sections(db: Database) -> list[tuple[str, int]]:
    """(section, number of articles), most articles first."""
    results = await db.execute(
        "SELECT section, count(*) AS articles FROM articles GROUP BY section "
        "ORDER BY articles DESC, section")
    return [(row["section"], row["articles"]) for row in results.rows]


async def search(db: Database, filters: Filters, *, limit: int,
                 offset: int) -> tuple[int, list[dict[str, Any]]]:
    """(how many articles match, one page of them best first with their bodies)."""
    where, params = replace(filters, expression="").where("a")
    # Only ids and ranks go through the sort; text is read for the page's rows alone. bm25 as an
    # expression is computed once per match (`ORDER BY rank` twice); articles are joined only
    # when a date or section narrows the search.
    join = "" if where == "1" else "JOIN articles a ON a.version_id = article_search.rowid "
    ranked = (await db.execute(
        f"SELECT article_search.rowid AS version_id FROM article_search {join}"
        f"WHERE article_search MATCH :expression AND {where} "
        f"ORDER BY {RANK_EXPRESSION}, article_search.rowid LIMIT :limit OFFSET :offset",
        {**params, "expression": filters.expression, "limit": limit, "offset": offset})).rows
    counted, counted_params = filters.where("a")
    total = (await db.execute(f"SELECT count(*) FROM articles a WHERE {counted}",
                              counted_params)).first()
    if not ranked:
        return total[0], []
    ids = [row[0] for row in ranked]
    marks = ", ".join(f":id{index}" for index in range(len(ids)))
    rows = _dicts(await db.execute(
        "SELECT url, article_id, section, title, published, status, versions, body, version_id "
        f"FROM articles WHERE version_id IN ({marks})",
        {f"id{index}": value for index, value in enumerate(ids)}))
    by_id = {row["version_id"]: row for row in rows}
    return total[0], [by_id[version_id] for version_id in ids if version_id in by_id]


async def month_counts(db: Database, filters: Filters) -> list[tuple[str, str, int]]:
    """(YYYY-MM, section, articles) for the articles the filters let through."""
    where, params = filters.where("a")
    # substr(published) rather than published_month: (section, published) is an index, so a
    # whole-archive count never reads the article rows.
    results = await db.execute(
        "SELECT substr(a.published, 1, 7) AS month, a.section, count(*) AS articles "
        f"FROM articles a WHERE a.published IS NOT NULL AND {where} "
        "GROUP BY month, a.section ORDER BY month",
        params)
    return [(row["month"], row["section"], row["articles"]) for row in results.rows]


async def image_captures(db: Database, image_urls: list[str]) -> dict[str, dict[str, Any]]:
    """Where each of these images lies in the raw captures, for those captured (by URL)."""
    if not image_urls or not await db.table_exists(IMAGES_TABLE):
        return {}
    marks = ", ".join(f":u{index}" for index in range(len(image_urls)))
    rows = _dicts(await db.execute(
        "SELECT url, content_type, length, sha1, warc_file, warc_offset FROM image_captures "
        f"WHERE url IN ({marks}) AND warc_file IS NOT NULL AND warc_offset IS NOT NULL",
        {f"u{index}": url for index, url in enumerate(image_urls)}))
    return {row["url"]: row for row in rows}


async def has_earlier_search(db: Database) -> bool:
    """Whether the archive indexes superseded versions (archives made before it gain it when
    next opened for writing)."""
    return bool(await db.table_exists(schema.EARLIER_SEARCH_TABLE))


def matching_articles(parameter: str) -> str:
    """A WHERE clause over the articles table: those that match the user's query in the named
    parameter, read as the archive's own search reads it (`uk_fts_query`)."""
    return (f"version_id IN (SELECT rowid FROM {schema.SEARCH_TABLE} "
            f"WHERE {schema.SEARCH_TABLE} MATCH uk_fts_query(:{parameter}))")
